import { isActionName } from './actions-catalog.js';
import { holds } from './conditions.js';
import { reply, saySystem, top, type Turn } from './context.js';
import { getStep } from './flow-set.js';
import { prompt } from './prompt.js';
import type { Json, Step } from './schema.js';
import type { Frame } from './state.js';
import { evaluateArg, renderTemplate } from './template.js';

const MAX_DEPTH = 8;

function args(turn: Turn, frame: Frame, spec: Readonly<Record<string, string | number | boolean | null>> | undefined): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, arg] of Object.entries(spec ?? {})) out[key] = evaluateArg(arg, frame.vars, turn.state.lang);
  return out;
}

function newFrame(turn: Turn, flowId: string, vars: Record<string, Json>): Frame | undefined {
  const flow = turn.set.flows.get(flowId);
  return flow ? { flow: flowId, step: flow.start, vars } : undefined;
}

/** Starts a flow as the only one in progress. */
export function startFlow(turn: Turn, flowId: string, vars: Record<string, Json> = {}): void {
  const frame = newFrame(turn, flowId, vars);
  turn.state.frames = frame ? [frame] : [];
  turn.state.waiting = false;
}

/**
 * Starts a flow on top of the ones in progress; when it ends, the one below resumes. A flow already
 * on the stack is unwound to first, so repeated commands cannot grow the stack without end.
 */
export function callFlow(turn: Turn, flowId: string, vars: Record<string, Json> = {}): void {
  const frames = turn.state.frames;
  const existing = frames.findIndex((f) => f.flow === flowId);
  if (existing >= 0) frames.splice(existing);
  if (frames.length >= MAX_DEPTH) frames.splice(0, frames.length - MAX_DEPTH + 1);
  const frame = newFrame(turn, flowId, vars);
  if (frame) frames.push(frame);
  turn.state.waiting = false;
}

/** Moves the innermost flow to `next`, or ends it when there is none. */
export function goNext(turn: Turn, next: string | undefined): void {
  const frame = top(turn);
  if (!frame) return;
  if (next === undefined) return endFrame(turn);
  frame.step = next;
  delete frame.page;
}

function endFrame(turn: Turn): void {
  turn.state.frames.pop();
  const caller = top(turn);
  if (!caller) return;
  const step = getStep(turn.set, caller.flow, caller.step);
  // A flow called by a `call` step continues after it; a flow called by a command over a
  // question returns to that question, which the run loop asks again.
  if (step?.kind === 'call') goNext(turn, step.next);
}

/** Something that must not happen with checked flows (a step removed under a live conversation). */
export function fail(turn: Turn): void {
  saySystem(turn, 'flow_error');
  turn.state.frames = [];
  turn.state.waiting = false;
  delete turn.state.pendingAction;
}

/** Executes steps until the bot waits for the user or for an action. */
export function run(turn: Turn): void {
  turn.state.waiting = false;
  for (;;) {
    if (--turn.budget < 0) return fail(turn);
    let frame = top(turn);
    if (!frame) {
      startFlow(turn, turn.set.settings.flows.main);
      frame = top(turn);
      if (!frame) return fail(turn);
    }
    const step = getStep(turn.set, frame.flow, frame.step);
    if (!step) return fail(turn);
    if (!execute(turn, frame, step)) return;
  }
}

/** Runs one step; false when the turn must stop (waiting for the user or an action). */
function execute(turn: Turn, frame: Frame, step: Step): boolean {
  const lang = turn.state.lang;
  switch (step.kind) {
    case 'say':
      reply(turn, renderTemplate(step.text[lang], frame.vars, lang));
      goNext(turn, step.next);
      return true;
    case 'set':
      Object.assign(frame.vars, args(turn, frame, step.values));
      goNext(turn, step.next);
      return true;
    case 'ask':
    case 'choose':
    case 'photo':
      prompt(turn, frame, step, true);
      turn.state.waiting = true;
      return false;
    case 'branch': {
      const match = step.cases.find((c) => holds(c.when, frame.vars));
      goNext(turn, match ? match.next : step.else);
      return true;
    }
    case 'action':
      if (!isActionName(step.action)) {
        fail(turn);
        return false;
      }
      turn.action = { name: step.action, input: args(turn, frame, step.input) };
      turn.state.pendingAction = step.id;
      return false;
    case 'goto': {
      const vars = args(turn, frame, step.with);
      turn.state.frames.pop();
      callFlow(turn, step.flow, vars);
      return true;
    }
    case 'call':
      callFlow(turn, step.flow, args(turn, frame, step.with));
      return true;
    case 'end':
      if (step.text) reply(turn, renderTemplate(step.text[lang], frame.vars, lang));
      endFrame(turn);
      return true;
  }
}
