import { loadFlows } from '../../src/catalog/load-flows.js';
import { handleInput, resumeAction } from '../../src/flows/engine.js';
import type { FlowSet } from '../../src/flows/flow-set.js';
import type { ActionResult, FlowInput, Reply } from '../../src/flows/input.js';
import type { Json } from '../../src/flows/schema.js';
import { type ConversationState, initialState } from '../../src/flows/state.js';
import { FLOWS_DIR } from './contracts.js';

export async function shippedFlows(): Promise<FlowSet> {
  const { flowSet, problems } = await loadFlows(FLOWS_DIR);
  if (!flowSet) throw new Error(JSON.stringify(problems));
  return flowSet;
}

export type FakeActions = Record<string, (input: Readonly<Record<string, Json>>) => ActionResult>;

/**
 * A conversation against the pure engine, with actions answered by fakes: it records the replies
 * and the action calls, and keeps the state as JSON text between turns (as the database would).
 */
export class Chat {
  state: string;
  now = new Date('2026-10-12T06:00:00Z');
  readonly calls: { name: string; input: Readonly<Record<string, Json>> }[] = [];

  constructor(
    readonly set: FlowSet,
    readonly actions: FakeActions,
    state: ConversationState = initialState(),
  ) {
    this.state = JSON.stringify(state);
  }

  get current(): ConversationState {
    return JSON.parse(this.state) as ConversationState;
  }

  send(input: FlowInput | string): Reply[] {
    const message: FlowInput = typeof input === 'string' ? { kind: 'text', text: input } : input;
    this.now = new Date(this.now.getTime() + 30_000);
    let result = handleInput(this.set, JSON.parse(this.state), message, this.now);
    const replies = [...result.replies];
    for (let i = 0; result.action; i++) {
      if (i > 20) throw new Error('too many actions in one turn');
      const { name, input: actionInput } = result.action;
      this.calls.push({ name, input: actionInput });
      const fake = this.actions[name];
      if (!fake) throw new Error(`no fake for action ${name}`);
      result = resumeAction(this.set, result.state, fake(actionInput), this.now);
      replies.push(...result.replies);
    }
    this.state = JSON.stringify(result.state);
    return replies;
  }

  /** Presses the button whose label matches, on the last reply that has buttons. */
  press(replies: readonly Reply[], label: string | RegExp): Reply[] {
    const withChoices = [...replies].reverse().find((r) => r.choices?.length);
    const choice = withChoices?.choices?.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
    if (!choice) throw new Error(`no button ${label} in ${JSON.stringify(replies)}`);
    return this.send({ kind: 'choice', id: choice.id });
  }

  lastCall(name: string) {
    return [...this.calls].reverse().find((c) => c.name === name);
  }
}

export const text = (replies: readonly Reply[]) => replies.map((r) => r.text).join('\n---\n');
export const labels = (replies: readonly Reply[]) => replies.flatMap((r) => r.choices ?? []).map((c) => c.label);
