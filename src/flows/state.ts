import { z } from 'zod';
import { DEFAULT_LANG, Lang } from '../domain/i18n.js';
import { JsonValue } from './schema.js';

/** One flow in progress: where it is and what it has collected. Called flows stack frames. */
export const Frame = z.object({
  flow: z.string(),
  step: z.string(),
  vars: z.record(z.string(), JsonValue),
  /** For a choose step: which page of options is shown. */
  page: z.number().int().nonnegative().optional(),
  /** A question whose typed answer the flow went on to check (allowText: a tag, a place); asked again next, its options come numbered. */
  typed: z.string().optional(),
});
export type Frame = z.infer<typeof Frame>;

/**
 * A conversation's state: plain JSON stored with the conversation, so that a restart or another
 * instance resumes exactly where the user was.
 */
export const ConversationState = z.object({
  v: z.literal(1),
  lang: Lang,
  /** Frames of the flows in progress, innermost last; empty when the bot is idle. */
  frames: z.array(Frame),
  /** Counts prompts, so a button pressed on an old question is recognised as stale. */
  prompt: z.number().int().nonnegative(),
  /** Set while the bot waits for the user's answer to the step of the innermost frame. */
  waiting: z.boolean(),
  /** An action the engine is waiting for (the app runs it and resumes). */
  pendingAction: z.string().optional(),
  /**
   * Set while the user must choose to resume or restart a report: they came back after the
   * timeout, or sent a greeting (`start`) or "report" in the middle of it.
   */
  interrupted: z.enum(['timeout', 'start', 'report']).optional(),
  /** The device tag a `start` or `report` that interrupted a report carried (a QR code), for a restart. */
  interruptTag: z.string().max(200).optional(),
  lastActiveAt: z.string().optional(),
  /** A new conversation whose language nobody chose yet: the first message's script sets it (app/first-language.ts). */
  langOpen: z.literal(true).optional(),
});
export type ConversationState = z.infer<typeof ConversationState>;

export function initialState(lang: Lang = DEFAULT_LANG): ConversationState {
  return { v: 1, lang, frames: [], prompt: 0, waiting: false };
}

/** Reads a stored state; anything unreadable starts afresh rather than failing the conversation. */
export function readState(stored: unknown, lang: Lang = DEFAULT_LANG): ConversationState {
  const parsed = ConversationState.safeParse(stored);
  return parsed.success ? parsed.data : initialState(lang);
}
