import { render } from '../domain/i18n.js';
import type { FlowSet } from './flow-set.js';
import type { ActionRequest, Reply } from './input.js';
import type { SystemText } from './schema.js';
import type { ConversationState, Frame } from './state.js';

/**
 * The working copy of one move: the engine handling one input (or an action's outcome) from a
 * conversation's state. It mutates it; callers only see the result. (A turn, in app/turn.ts, makes
 * one move per waiting event, and one more per action's outcome.)
 */
export interface Move {
  readonly set: FlowSet;
  readonly now: Date;
  state: ConversationState;
  readonly replies: Reply[];
  action?: ActionRequest;
  /** The label of the button the user pressed, when it was one on offer (for the transcript). */
  chosen?: string;
  /** Steps left before the move is considered a loop. */
  budget: number;
}

const STEP_BUDGET = 200;

export function newMove(set: FlowSet, state: ConversationState, now: Date): Move {
  // The state is plain JSON: a JSON round trip copies it (faster than structuredClone here).
  return { set, now, state: JSON.parse(JSON.stringify(state)) as ConversationState, replies: [], budget: STEP_BUDGET };
}

export function top(move: Move): Frame | undefined {
  return move.state.frames.at(-1);
}

/** The frame of the question being answered: a conversation waiting on a question has one. */
export function currentFrame(move: Move): Frame {
  const frame = top(move);
  if (!frame) throw new Error('the conversation is answering a question but has no open flow');
  return frame;
}

export function systemText(move: Move, id: SystemText, values: Record<string, string | number> = {}): string {
  const text = move.set.settings.texts[id];
  return text ? render(text, move.state.lang, values) : id;
}

export function reply(move: Move, text: string, choices?: Reply['choices'], options: { requestPhone?: boolean } = {}): void {
  move.replies.push({ text, ...(choices && choices.length > 0 ? { choices } : {}), ...(options.requestPhone ? { requestPhone: true } : {}) });
}

export function saySystem(move: Move, id: SystemText, values: Record<string, string | number> = {}): void {
  reply(move, systemText(move, id, values));
}
