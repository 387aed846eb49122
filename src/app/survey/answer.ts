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
  EXPIRES_AFTER_MS,
  isLow,
  isSurveyButton,
  parseSurveyButton,
  pressOf,
  SCORE_TEXT,
  type Score,
  surveyButtonId,
  type TypedWord,
  typedWord,
} from './buttons.js';
import { surveyQuestion } from './composers.js';

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
  const typed = typedWord(content.text, (what) => wordsOf(catalog, what));
  const survey = await repos.surveys.awaitingComment(t.conversationId, now);
  if (!survey) return typed === null ? null : typedAnswer(t, typed);
  if (!t.locked) return 'needs-lock';
  const low = survey.score !== null && isLow(survey.score);
  // A level typed while another ticket's survey is still open rates that one (two tickets solved close together).
  if (typeof typed === 'number' && (await openSurveys(t)).recent.some((s) => s.id !== survey.id && isOpen(s, now))) {
    await repos.surveys.comment(survey.id, null);
    return typedAnswer(t, typed);
  }
  // "重新打开" / "reopen" typed after a low score: the ticket is reopened, not commented.
  if (typed === 'reopen' && low) {
    await repos.surveys.comment(survey.id, null);
    return finish(t, await pressed(t, survey, 'reopen'));
  }
  const text = content.text.trim();
  const comment = typed === 'skip' || !text ? null : text;
  await repos.surveys.comment(survey.id, comment);
  // A comment after a low score: the coordinators are told it too, once (unless the score's alert, still unsent, carries it).
  if (comment && low)
    await repos.alerts.add(survey.ticketId, {
      key: 'satisfaction_comment',
      kind: 'satisfaction_comment',
      at: now,
      data: { score: survey.score },
    });
  // After a low score the offer to reopen stays under the thanks while the ticket is still solved.
  const reopen = low && (await reopenable(t, survey)) ? [reopenButton(t, survey.ticketNumber)] : [];
  return finish(t, [{ text: say(catalog, 'survey_thanks', t.state.lang), ...(reopen.length ? { choices: reopen } : {}) }]);
}

/** A level's, "no comment"'s or "reopen"'s words: the buttons' labels in every language and flows/answers.yaml's survey groups. */
function wordsOf(catalog: Catalog, what: TypedWord): string[] {
  const label: LabelText = typeof what === 'number' ? SCORE_TEXT[what] : what === 'skip' ? 'survey_skip' : 'survey_reopen';
  return [...LANGS.map((lang) => say(catalog, label, lang)), ...(catalog.flowSet.answers?.get(`survey_${what}`) ?? [])];
}

const reopenButton = (t: Scene, number: string) => ({
  id: surveyButtonId({ number, action: 'reopen' }),
  label: say(t.catalog, 'survey_reopen', t.state.lang),
});

async function reopenable(t: Scene, survey: Survey): Promise<boolean> {
  const ticket = await t.repos.tickets.findByNumber(survey.ticketNumber);
  return ticket?.status === 'resolved' || ticket?.status === 'closed';
}

/** A survey button pressed: only in the ticket's reporter's conversation (a forged press elsewhere: the flow takes it). */
async function answerPress(t: Scene, id: string, typed = false): Promise<SurveyAnswer | 'needs-lock' | null> {
  const press = parseSurveyButton(id);
  const survey = press ? await t.repos.surveys.byNumber(press.number) : null;
  if (!press || survey?.conversationId !== t.conversationId) return null;
  if (!t.locked) return 'needs-lock';
  const locked = await t.repos.surveys.lockByNumber(press.number);
  if (!locked) return null;
  // A pressed button is shown by its label; what the teacher typed stays as typed.
  const label = typed ? undefined : ((await t.repos.messages.offeredLabel(t.conversationId, id)) ?? undefined);
  const replies = await pressed(t, locked, press.action === 'score' ? press.score : press.action);
  return finish(t, replies, label);
}

/**
 * "满意", "5", "还行", "不用了" or "重新打开" typed outside a comment: the button of the last message
 * it stands for, as if pressed. A level typed after other messages pushed the question up answers
 * the one survey still open; with several open, nothing is guessed: the newest question is asked
 * again, naming the others; with none, the newest survey's "already rated" or "closed after 7 days".
 */
async function typedAnswer(t: Scene, typed: TypedWord): Promise<SurveyAnswer | 'needs-lock' | null> {
  const last = await t.repos.messages.lastOutbound(t.conversationId);
  const offered = last?.choices?.find((c) => pressOf(c.id, typed));
  if (offered) return answerPress(t, offered.id, true);
  if (typeof typed !== 'number') return null;
  const { repos, catalog } = t;
  const { recent, open } = await openSurveys(t);
  const newest = recent[0];
  if (!newest) return null;
  const [only] = open;
  if (only && open.length === 1) return answerPress(t, surveyButtonId({ number: only.ticketNumber, action: 'score', score: typed }), true);
  if (!t.locked) return 'needs-lock';
  const lang = t.state.lang;
  if (only && open.length > 1) {
    // One message with the newest question's buttons (LINE keeps quick replies on the last message only).
    const question = surveyQuestion(
      catalog,
      only.ticketNumber,
      'survey_question',
      lang,
      await repos.tickets.findByNumber(only.ticketNumber),
    );
    const numbers = open.map((s) => s.ticketNumber).join(lang === 'zh-CN' ? '、' : ', ');
    const which = say(catalog, 'survey_which', lang, { count: String(open.length), numbers });
    return finish(t, [{ ...question, text: `${which}\n${question.text}` }]);
  }
  return finish(t, [
    { text: say(catalog, newest.answeredAt ? 'survey_already' : 'survey_expired', lang, { number: newest.ticketNumber }) },
  ]);
}

const isOpen = (s: Survey, now: Date) => !s.answeredAt && now.getTime() < s.expiresAt.getTime();

/** The conversation's surveys asked lately (newest question first), and those still waiting for a level. */
async function openSurveys(t: Scene): Promise<{ recent: Survey[]; open: Survey[] }> {
  const recent = await t.repos.surveys.askedSince(t.conversationId, new Date(t.now.getTime() - 2 * EXPIRES_AFTER_MS));
  return { recent, open: recent.filter((s) => isOpen(s, t.now)) };
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
  if (!isLow(what)) return [{ text: say(catalog, 'survey_ask_comment', lang, { number }), choices: [skip] }];
  // A low score: every coordinator is told (alerts worker), and the teacher may reopen the ticket.
  await repos.alerts.add(survey.ticketId, { key: 'satisfaction_low', kind: 'satisfaction_low', at: now, data: { score: what } });
  return [{ text: say(catalog, 'survey_ask_comment_low', lang, { number }), choices: [skip, reopenButton(t, number)] }];
}
