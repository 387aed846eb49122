import { inFlow } from '../../flows/busy.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { LabelText } from '../../catalog/desk.js';
import { fill, type Lang, LANGS } from '../../domain/i18n.js';
import type { InboundContent } from '../../domain/messages.js';
import { askAgain } from '../../flows/engine.js';
import type { Reply } from '../../flows/input.js';
import type { ConversationState } from '../../flows/state.js';
import type { Agent } from '../../ports/console-store.js';
import type { Repos } from '../../ports/store.js';
import type { Survey } from '../../ports/surveys.js';
import { Conflict } from '../permissions.js';
import { TicketService } from '../ticket-service.js';
import type { ChannelName } from '../../domain/messages.js';
import type { ConversationRecord, Store } from '../../ports/store.js';
import {
  COMMENT_WITHIN_MS,
  isLow,
  isSurveyButton,
  parseSurveyButton,
  SCORE_TEXT,
  type Score,
  surveyButtonId,
  typedScore,
} from './buttons.js';

/** Reopens a ticket in the caller's transaction, by the bot, with a reason (TicketService.commandIn). */
export type TicketReopener = (r: Repos, ticketId: string, reason: string, now: Date) => Promise<void>;

/**
 * Who reopens a ticket a teacher reopened from the survey: the bot (ticket events record actor
 * 'bot'), not an agent; a supervisor's rights only for the reopen command it gives.
 */
export const SURVEY_ACTOR: Agent = {
  id: 'bot',
  username: 'bot',
  displayName: 'fixline (satisfaction survey)',
  role: 'supervisor',
  lang: 'zh-CN',
  active: true,
};

/** The reopener of a TicketService: the bot's reopen, the teacher answered in their own turn. */
export function reopenerOf(tickets: Pick<TicketService, 'commandIn'>): TicketReopener {
  return async (r, ticketId, reason, now) => {
    await tickets.commandIn(r, SURVEY_ACTOR, ticketId, { kind: 'reopen', reason }, now, undefined, { fromReporter: true });
  };
}

/** The reopener of turns not given one (tests): a TicketService without after-change work. */
function defaultReopener(deps: SurveyDeps): TicketReopener {
  return reopenerOf(new TicketService(deps.store, deps.catalog, deps.pushChannels, deps.clock, () => {}));
}

/** What the turn hands over: the teacher's conversation and message, before the flow runs. */
export interface SurveyTurn {
  readonly repos: Repos;
  readonly conversation: Pick<ConversationRecord, 'id' | 'mode'>;
  readonly state: ConversationState;
  readonly content: InboundContent;
  readonly now: Date;
  readonly locked: boolean;
  /** The conversation waits for a human (app/human-wait.ts). */
  readonly waiting: boolean;
}

/** What the survey needs of the turn's dependencies (TurnDeps). */
export interface SurveyDeps {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly pushChannels: ReadonlySet<ChannelName>;
  readonly clock: () => Date;
  readonly reopenTicket?: TicketReopener;
}

interface Scene extends SurveyTurn {
  readonly catalog: Catalog;
  readonly conversationId: string;
  readonly botTalking: boolean;
  readonly reopen: TicketReopener;
}

/** The survey's answer: replies (then the report's waiting question again), the pressed button's label. */
export interface SurveyAnswer {
  readonly replies: readonly Reply[];
  readonly state: ConversationState;
  readonly label?: string;
}

const say = (catalog: Catalog, id: LabelText, lang: Lang, values: Readonly<Record<string, string>> = {}) =>
  fill(catalog.desk.labels.texts[id][lang], values);

/**
 * A satisfaction survey's part of a teacher's turn (before the flow): a survey button pressed in
 * the ticket's reporter's conversation, or the comment after a score. Null: not for the survey
 * (the flow takes the message); 'needs-lock': take the turn again under the conversation's lock.
 */
export async function surveyInTurn(deps: SurveyDeps, turn: SurveyTurn): Promise<SurveyAnswer | 'needs-lock' | null> {
  const t: Scene = {
    ...turn,
    catalog: deps.catalog,
    conversationId: turn.conversation.id,
    // The bot has the conversation (no agent, no wait for one): only then is free text a comment.
    botTalking: turn.conversation.mode === 'bot' && !turn.waiting,
    reopen: deps.reopenTicket ?? defaultReopener(deps),
  };
  const { content, catalog, repos, now } = t;
  if (content.kind === 'choice' && isSurveyButton(content.id)) return answerPress(t, content.id);
  if (content.kind !== 'text' || !t.botTalking || inFlow(t.state, catalog.flowSet.settings.flows.main)) return null;
  const survey = await repos.surveys.awaitingComment(t.conversationId, now);
  if (!survey) return typedAnswer(t, content.text);
  if (!t.locked) return 'needs-lock';
  const text = content.text.trim();
  const skipped = LANGS.some((lang) => say(catalog, 'survey_skip', lang) === text);
  const comment = skipped || !text ? null : text;
  await repos.surveys.comment(survey.id, comment);
  // A comment after a low score: the coordinators are told it too, once (unless the score's alert, still unsent, carries it).
  if (comment && survey.score !== null && isLow(survey.score))
    await repos.alerts.add(survey.ticketId, {
      key: 'satisfaction_comment',
      kind: 'satisfaction_comment',
      at: now,
      data: { score: survey.score },
    });
  return finish(t, [{ text: say(catalog, 'survey_thanks', t.state.lang) }]);
}

/** A survey button pressed: only in the ticket's reporter's conversation (a forged press elsewhere: the flow takes it). */
async function answerPress(t: Scene, id: string): Promise<SurveyAnswer | 'needs-lock' | null> {
  const press = parseSurveyButton(id);
  const survey = press ? await t.repos.surveys.byNumber(press.number) : null;
  if (!press || survey?.conversationId !== t.conversationId) return null;
  if (!t.locked) return 'needs-lock';
  const locked = await t.repos.surveys.lockByNumber(press.number);
  if (!locked) return null;
  const label = (await t.repos.messages.offeredLabel(t.conversationId, id)) ?? undefined;
  const replies = await pressed(t, locked, press.action === 'score' ? press.score : press.action);
  return finish(t, replies, label);
}

/** "满意" or "5" typed right after the question (the last message offered the levels): as if pressed. */
async function typedAnswer(t: Scene, text: string): Promise<SurveyAnswer | 'needs-lock' | null> {
  const score = typedScore(text, (s) => LANGS.map((lang) => say(t.catalog, SCORE_TEXT[s], lang)));
  if (!score) return null;
  const last = await t.repos.messages.lastOutbound(t.conversationId);
  const offered = last?.choices?.find((c) => {
    const press = parseSurveyButton(c.id);
    return press?.action === 'score' && press.score === score;
  });
  return offered ? answerPress(t, offered.id) : null;
}

/** The replies, then the report's waiting question asked again (the teacher was in the middle of one). */
function finish(t: Scene, replies: readonly Reply[], label?: string): SurveyAnswer {
  if (!t.botTalking) return { replies, state: t.state, ...(label ? { label } : {}) };
  const again = askAgain(t.catalog.flowSet, t.state, t.now);
  return { replies: [...replies, ...again.replies], state: again.state, ...(label ? { label } : {}) };
}

async function pressed(t: Scene, survey: Survey, what: Score | 'skip' | 'reopen'): Promise<Reply[]> {
  const { catalog, repos, now } = t;
  const lang = t.state.lang;
  const number = survey.ticketNumber;
  const text = (id: LabelText) => [{ text: say(catalog, id, lang, { number }) }];
  if (what === 'skip') {
    if (survey.commentUntil) await repos.surveys.comment(survey.id, null);
    return text('survey_thanks');
  }
  if (what === 'reopen') {
    if (survey.score === null || !isLow(survey.score)) return [];
    try {
      await t.reopen(repos, survey.ticketId, say(catalog, 'survey_reopen_reason', lang), now);
    } catch (error) {
      if (error instanceof Conflict) return text('survey_reopen_refused');
      throw error;
    }
    return text('survey_reopened');
  }
  if (survey.answeredAt) return text('survey_already');
  // An answer after the 7 days: thanked, and nothing changes.
  if (now.getTime() >= survey.expiresAt.getTime()) return text('survey_expired');
  await repos.surveys.answer(survey.id, what, now, new Date(now.getTime() + COMMENT_WITHIN_MS));
  const skip = { id: surveyButtonId({ number, action: 'skip' }), label: say(catalog, 'survey_skip', lang) };
  if (!isLow(what)) return [{ text: say(catalog, 'survey_ask_comment', lang), choices: [skip] }];
  // A low score: every coordinator is told (alerts worker), and the teacher may reopen the ticket.
  await repos.alerts.add(survey.ticketId, { key: 'satisfaction_low', kind: 'satisfaction_low', at: now, data: { score: what } });
  const reopen = { id: surveyButtonId({ number, action: 'reopen' }), label: say(catalog, 'survey_reopen', lang) };
  return [{ text: say(catalog, 'survey_ask_comment_low', lang), choices: [skip, reopen] }];
}
