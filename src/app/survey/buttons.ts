import type { LabelText } from '../../catalog/desk.js';
import { type DailyWindow, sendableAt } from '../../domain/quiet-hours.js';
import { normaliseIntentText } from '../../flows/intents.js';

/** The five levels, best first (buttons in this order): 5 非常满意 … 1 非常不满意. */
export const SCORES = [5, 4, 3, 2, 1] as const;
export type Score = (typeof SCORES)[number];

export const SCORE_TEXT: Record<Score, LabelText> = {
  5: 'survey_score_5',
  4: 'survey_score_4',
  3: 'survey_score_3',
  2: 'survey_score_2',
  1: 'survey_score_1',
};

export const isScore = (n: number): n is Score => (SCORES as readonly number[]).includes(n);

/** 不满意 or 非常不满意: the coordinators are told and the teacher may reopen the ticket. */
export const isLow = (score: number): boolean => score <= 2;

/** A press of a survey button: a score, "no comment", or "reopen the ticket". */
export type SurveyPress =
  | { readonly number: string; readonly action: 'score'; readonly score: Score }
  | { readonly number: string; readonly action: 'skip' | 'reopen' };

const PREFIX = 'survey:';

export const isSurveyButton = (id: string): boolean => id.startsWith(PREFIX);

export function surveyButtonId(press: SurveyPress): string {
  return `${PREFIX}${press.number}:${press.action === 'score' ? press.score : press.action}`;
}

/** `survey:<ticket number>:<1-5|skip|reopen>`; null for anything else. */
export function parseSurveyButton(id: string): SurveyPress | null {
  const m = /^survey:([^:]+):(skip|reopen|[1-5])$/.exec(id);
  if (!m?.[1] || !m[2]) return null;
  const [, number, what] = m;
  if (what === 'skip' || what === 'reopen') return { number, action: what };
  return { number, action: 'score', score: Number(what) as Score };
}

/** A survey's answer typed instead of pressed: a score, "no comment" or "reopen the ticket". */
export type TypedWord = Score | 'skip' | 'reopen';
const TYPED: readonly TypedWord[] = [...SCORES, 'skip', 'reopen'];

/**
 * The text as a typed answer is matched: width, case, punctuation and spaces as flows/answers.yaml
 * reads them, then a trailing particle (吧, 啊, 呀, 了…) dropped: "还行吧" is "还行", "不用了" "不用".
 */
const asTyped = (text: string): string =>
  normaliseIntentText(text)
    .replace(/[吧啊呀哦啦嘛呢了哈]+$/u, '')
    .trim();

/**
 * A survey's answer typed: "5" … "1", or one of the words of a level, of "no comment" or of
 * "reopen" (the buttons' labels in any language and flows/answers.yaml's survey groups), as the
 * whole message; null for anything else.
 */
export function typedWord(text: string, words: (what: TypedWord) => readonly string[]): TypedWord | null {
  const said = asTyped(text);
  if (!said) return null;
  if (/^[1-5]$/.test(said)) return Number(said) as Score;
  return TYPED.find((what) => words(what).some((word) => asTyped(word) === said)) ?? null;
}

/** A score typed instead of pressed ("5", "满意", "Very satisfied"), whole; null for anything else. */
export function typedScore(text: string, names: (score: Score) => readonly string[]): Score | null {
  const typed = typedWord(text, (what) => (typeof what === 'number' ? names(what) : []));
  return typeof typed === 'number' ? typed : null;
}

/** Whether a button is the one a typed answer stands for. */
export function pressOf(id: string, typed: TypedWord): boolean {
  const press = parseSurveyButton(id);
  if (!press) return false;
  return press.action === 'score' ? press.score === typed : press.action === typed;
}

/** How long after the question the one reminder goes, and when the survey expires. */
export const REMIND_AFTER_MS = 24 * 3_600_000;
export const EXPIRES_AFTER_MS = 7 * 24 * 3_600_000;
/** After a score, the teacher's next free text within this is the comment. */
export const COMMENT_WITHIN_MS = 30 * 60_000;

export interface SurveyTimes {
  readonly askAt: Date;
  readonly remindAt: Date;
  readonly expiresAt: Date;
}

/**
 * When a ticket solved at `now` is asked (at once, or when the teacher's quiet hours end), reminded
 * (24 h later, also outside the quiet hours), and when the survey expires (7 days after the question).
 */
export function surveyTimes(now: Date, quietHours: DailyWindow | undefined, timeZone: string): SurveyTimes {
  const allowed = (at: Date) => (quietHours ? sendableAt(quietHours, timeZone, at) : at);
  const askAt = allowed(now);
  const remindAt = allowed(new Date(askAt.getTime() + REMIND_AFTER_MS));
  return { askAt, remindAt, expiresAt: new Date(askAt.getTime() + EXPIRES_AFTER_MS) };
}
