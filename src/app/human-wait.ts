import { type Lang, render } from '../domain/i18n.js';
import { matchCommand, normaliseWords } from '../flows/commands.js';
import type { FlowSet } from '../flows/flow-set.js';
import type { FlowInput, Reply } from '../flows/input.js';
import type { SystemText } from '../flows/schema.js';

/** The buttons of the offer made to a user who has waited long for a human. */
export const KEEP_WAITING = 'wait:keep';
export const BACK_TO_BOT = 'wait:bot';

/**
 * Who has a conversation: the bot; nobody yet, because the user asked for a human (`waiting`: the
 * bot is quiet and the conversation is in the agents' queue); or an agent (`human`). Waiting is
 * read from the request's time, which is the queue's too: one fact, not two that could disagree.
 */
export type Holder = 'bot' | 'waiting' | 'human';

export function holderOf(conversation: { readonly mode: 'bot' | 'human'; readonly humanRequestedAt: Date | null }): Holder {
  if (conversation.mode === 'human') return 'human';
  return conversation.humanRequestedAt ? 'waiting' : 'bot';
}

/** The last message the user was sent (by the bot or an agent), as far as waiting needs it. */
export interface LastSaid {
  readonly at: Date;
  readonly text: string;
  readonly choices: readonly { readonly id: string; readonly label: string }[] | null;
}

/**
 * What the bot does with one message while the user waits for a human: `quiet` (it is for the
 * agents: kept in the transcript and the queue, no flow runs), `stale` (a button of an earlier
 * question: one short line saying an agent will answer), `offer` (the user has waited
 * humanWaitMinutes since the bot last spoke: keep waiting, or back to the bot?), `keep` (they keep
 * waiting), or `back` (the bot has the conversation again: the request is withdrawn, the menu shown).
 */
export type WaitStep =
  | { readonly kind: 'quiet' | 'stale' | 'offer' }
  | { readonly kind: 'keep'; readonly chosen?: string }
  | { readonly kind: 'back'; readonly notice: Extract<SystemText, 'human_cancelled' | 'human_wait_ended'>; readonly chosen?: string };

export interface WaitContext {
  readonly lang: Lang;
  readonly now: Date;
  /** When the user asked for a human. */
  readonly requestedAt: Date;
  /** The last message the user was sent; null when none. */
  readonly lastSaid: LastSaid | null;
}

function text(set: FlowSet, id: SystemText, lang: Lang, values: Record<string, string | number> = {}): string {
  const t = set.settings.texts[id];
  return t ? render(t, lang, values) : id;
}

/** Whether typed words are one of a text's forms, in any language. */
function says(set: FlowSet, typed: string, id: SystemText): boolean {
  const forms = Object.values(set.settings.texts[id] ?? {}).map(normaliseWords);
  return forms.includes(normaliseWords(typed));
}

/** Decides what one message gets while the user waits for a human (pure: see WaitStep). */
export function whileWaiting(set: FlowSet, input: FlowInput, ctx: WaitContext): WaitStep {
  const offerOpen = ctx.lastSaid?.choices?.some((c) => c.id === KEEP_WAITING) ?? false;
  if (input.kind === 'choice') {
    if (input.id === KEEP_WAITING) return { kind: 'keep', chosen: text(set, 'human_wait_keep', ctx.lang) };
    if (input.id === BACK_TO_BOT) return { kind: 'back', notice: 'human_wait_ended', chosen: text(set, 'human_wait_back', ctx.lang) };
  }
  if (matchCommand(input, set.commands)?.command === 'cancel') return { kind: 'back', notice: 'human_cancelled' };
  if (input.kind === 'text' && offerOpen) {
    if (says(set, input.text, 'human_wait_keep')) return { kind: 'keep' };
    if (says(set, input.text, 'human_wait_back')) return { kind: 'back', notice: 'human_wait_ended' };
  }
  const since = ctx.lastSaid?.at ?? ctx.requestedAt;
  if (ctx.now.getTime() - since.getTime() >= set.settings.humanWaitMinutes * 60_000) return { kind: 'offer' };
  if (input.kind === 'choice') {
    // Said once: a second press of an old button right after it gets nothing more.
    return ctx.lastSaid?.text === text(set, 'human_stale_choice', ctx.lang) ? { kind: 'quiet' } : { kind: 'stale' };
  }
  return { kind: 'quiet' };
}

/** The bot's reply for a wait step that has one of its own (`back` is the engine's: a handback). */
export function waitReply(set: FlowSet, step: WaitStep, ctx: WaitContext & { readonly since: string }): Reply | null {
  switch (step.kind) {
    case 'quiet':
    case 'back':
      return null;
    case 'stale':
      return { text: text(set, 'human_stale_choice', ctx.lang) };
    case 'keep':
      return { text: text(set, 'human_wait_kept', ctx.lang) };
    case 'offer':
      return {
        text: text(set, 'human_wait_offer', ctx.lang, { since: ctx.since }),
        choices: [
          { id: KEEP_WAITING, label: text(set, 'human_wait_keep', ctx.lang) },
          { id: BACK_TO_BOT, label: text(set, 'human_wait_back', ctx.lang) },
        ],
      };
  }
}
