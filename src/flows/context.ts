import { render } from '../domain/i18n.js';
import type { FlowSet } from './flow-set.js';
import type { ActionRequest, Reply } from './input.js';
import type { SystemText } from './schema.js';
import type { ConversationState, Frame } from './state.js';

/** The working copy of one turn: the engine mutates it, callers only see the result. */
export interface Turn {
  readonly set: FlowSet;
  readonly now: Date;
  state: ConversationState;
  readonly replies: Reply[];
  action?: ActionRequest;
  /** The label of the button the user pressed, when it was one on offer (for the transcript). */
  chosen?: string;
  /** Steps left before the turn is considered a loop. */
  budget: number;
}

const STEP_BUDGET = 200;

export function newTurn(set: FlowSet, state: ConversationState, now: Date): Turn {
  // The state is plain JSON: a JSON round trip copies it (faster than structuredClone here).
  return { set, now, state: JSON.parse(JSON.stringify(state)) as ConversationState, replies: [], budget: STEP_BUDGET };
}

export function top(turn: Turn): Frame | undefined {
  return turn.state.frames.at(-1);
}

/** The frame of the question being answered: a conversation waiting on a question has one. */
export function currentFrame(turn: Turn): Frame {
  const frame = top(turn);
  if (!frame) throw new Error('the conversation is answering a question but has no open flow');
  return frame;
}

export function systemText(turn: Turn, id: SystemText, values: Record<string, string | number> = {}): string {
  const text = turn.set.settings.texts[id];
  return text ? render(text, turn.state.lang, values) : id;
}

export function reply(turn: Turn, text: string, choices?: Reply['choices'], options: { requestPhone?: boolean } = {}): void {
  turn.replies.push({ text, ...(choices && choices.length > 0 ? { choices } : {}), ...(options.requestPhone ? { requestPhone: true } : {}) });
}

export function saySystem(turn: Turn, id: SystemText, values: Record<string, string | number> = {}): void {
  reply(turn, systemText(turn, id, values));
}
