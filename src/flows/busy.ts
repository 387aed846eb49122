import type { ConversationState } from './state.js';

/** What the rule reads of a flow set's settings: the main flow, and when a report left alone has lapsed. */
export interface BusySettings {
  readonly flows: { readonly main: string };
  readonly timeoutMinutes: number;
}

/**
 * A quiet spell the message asks for (a return visit): the teacher's last own message (null: they
 * never wrote), and how long they must have been quiet since.
 */
export interface Quiet {
  readonly lastHeardAt: Date | null;
  readonly ms: number;
}

/** Whether the teacher is in the middle of a flow other than the main menu (a report's question): free text is theirs. */
export function inFlow(state: ConversationState, mainFlow: string): boolean {
  return state.frames.some((f) => f.flow !== mainFlow);
}

/** When the teacher will have been quiet long enough: null when they have been already (or never wrote). */
export function quietUntil(quiet: Quiet, now: Date): Date | null {
  if (!quiet.lastHeardAt) return null;
  const until = quiet.lastHeardAt.getTime() + quiet.ms;
  return until > now.getTime() ? new Date(until) : null;
}

/**
 * Whether a message the desk starts with buttons of its own (a satisfaction question, a return
 * visit) must wait: a person holds the conversation or the teacher is waiting for one (the bot
 * never talks over a human), or the teacher is in the middle of a report and answered within the
 * flow's timeout (the question would push the report's buttons aside). A report left longer than
 * the timeout is asked to be resumed anyway: it does not hold the message. With `quiet` (a return
 * visit), also while the teacher wrote within its spell: "is everything working?" does not follow
 * a ticket's confirmation a second later.
 */
export function busyForDesk(
  conversation: { readonly mode: 'bot' | 'human'; readonly humanRequestedAt: Date | null },
  state: ConversationState,
  settings: BusySettings,
  now: Date,
  quiet?: Quiet,
): boolean {
  if (conversation.mode === 'human' || conversation.humanRequestedAt !== null) return true;
  if (quiet && quietUntil(quiet, now)) return true;
  return activeInFlow(state, settings, now);
}

/** Whether the teacher is in the middle of a flow and answered within its timeout (the report has not lapsed). */
function activeInFlow(state: ConversationState, settings: BusySettings, now: Date): boolean {
  if (!inFlow(state, settings.flows.main)) return false;
  const lastActive = state.lastActiveAt ? Date.parse(state.lastActiveAt) : Number.NaN;
  return Number.isFinite(lastActive) && now.getTime() - lastActive <= settings.timeoutMinutes * 60_000;
}

/**
 * Whether a notice the desk writes into the conversation must be followed by the report's open
 * question again: the bot holds the conversation (no person holds it or is asked for) and the
 * teacher is in the middle of a report that has not lapsed, so the notice pushed its buttons aside.
 */
export function asksAfterNotice(
  conversation: { readonly mode: 'bot' | 'human'; readonly humanRequestedAt: Date | null },
  state: ConversationState,
  settings: BusySettings,
  now: Date,
): boolean {
  if (conversation.mode === 'human' || conversation.humanRequestedAt !== null) return false;
  return activeInFlow(state, settings, now);
}
