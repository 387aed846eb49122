import { isActionName } from './actions-catalog.js';
import { holds } from './conditions.js';
import { reply, saySystem, top, type Move } from './context.js';
import { getStep } from './flow-set.js';
import { prompt } from './prompt.js';
import type { Json, Step } from './schema.js';
import type { Frame } from './state.js';
import { evaluateArg, renderTemplate } from './template.js';

const MAX_DEPTH = 8;

function args(move: Move, frame: Frame, spec: Readonly<Record<string, string | number | boolean | null>> | undefined): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, arg] of Object.entries(spec ?? {})) out[key] = evaluateArg(arg, frame.vars, move.state.lang);
  return out;
}

function newFrame(move: Move, flowId: string, vars: Record<string, Json>): Frame | undefined {
  const flow = move.set.flows.get(flowId);
  return flow ? { flow: flowId, step: flow.start, vars } : undefined;
}

/** Starts a flow as the only one in progress. */
export function startFlow(move: Move, flowId: string, vars: Record<string, Json> = {}): void {
  const frame = newFrame(move, flowId, vars);
  move.state.frames = frame ? [frame] : [];
  move.state.waiting = false;
}

/**
 * Starts a flow on top of the ones in progress; when it ends, the one below resumes. A flow already
 * on the stack is unwound to first, so repeated commands cannot grow the stack without end.
 */
export function callFlow(move: Move, flowId: string, vars: Record<string, Json> = {}): void {
  const frames = move.state.frames;
  const existing = frames.findIndex((f) => f.flow === flowId);
  if (existing >= 0) frames.splice(existing);
  if (frames.length >= MAX_DEPTH) frames.splice(0, frames.length - MAX_DEPTH + 1);
  const frame = newFrame(move, flowId, vars);
  if (frame) frames.push(frame);
  move.state.waiting = false;
}

/** Moves the innermost flow to `next`, or ends it when there is none. */
export function goNext(move: Move, next: string | undefined): void {
  const frame = top(move);
  if (!frame) return;
  if (next === undefined) return endFrame(move);
  frame.step = next;
  delete frame.page;
}

function endFrame(move: Move): void {
  move.state.frames.pop();
  const caller = top(move);
  if (!caller) return;
  const step = getStep(move.set, caller.flow, caller.step);
  // A flow called by a `call` step continues after it; a flow called by a command over a
  // question returns to that question, which the run loop asks again.
  if (step?.kind === 'call') goNext(move, step.next);
}

/** Something that must not happen with checked flows (a step removed under a live conversation). */
export function fail(move: Move): void {
  saySystem(move, 'flow_error');
  move.state.frames = [];
  move.state.waiting = false;
  delete move.state.pendingAction;
}

/** Executes steps until the bot waits for the user or for an action. */
export function run(move: Move): void {
  move.state.waiting = false;
  for (;;) {
    if (--move.budget < 0) return fail(move);
    let frame = top(move);
    if (!frame) {
      startFlow(move, move.set.settings.flows.main);
      frame = top(move);
      if (!frame) return fail(move);
    }
    const step = getStep(move.set, frame.flow, frame.step);
    if (!step) return fail(move);
    if (!execute(move, frame, step)) return;
  }
}

/** Runs one step; false when the move must stop (waiting for the user or an action). */
function execute(move: Move, frame: Frame, step: Step): boolean {
  const lang = move.state.lang;
  switch (step.kind) {
    case 'say':
      reply(move, renderTemplate(step.text[lang], frame.vars, lang));
      goNext(move, step.next);
      return true;
    case 'set':
      Object.assign(frame.vars, args(move, frame, step.values));
      goNext(move, step.next);
      return true;
    case 'ask':
    case 'choose':
    case 'photo':
      // A photo sent earlier, at another question, is the answer already.
      if (step.kind === 'photo' && typeof frame.vars[step.save] === 'string' && frame.vars[step.save] !== '') {
        goNext(move, step.next);
        return true;
      }
      prompt(move, frame, step, true);
      move.state.waiting = true;
      return false;
    case 'branch': {
      const match = step.cases.find((c) => holds(c.when, frame.vars));
      goNext(move, match ? match.next : step.else);
      return true;
    }
    case 'action':
      if (!isActionName(step.action)) {
        fail(move);
        return false;
      }
      move.action = { name: step.action, input: args(move, frame, step.input) };
      move.state.pendingAction = step.id;
      return false;
    case 'goto': {
      const vars = args(move, frame, step.with);
      move.state.frames.pop();
      callFlow(move, step.flow, vars);
      return true;
    }
    case 'call':
      callFlow(move, step.flow, args(move, frame, step.with));
      return true;
    case 'end':
      if (step.text) reply(move, renderTemplate(step.text[lang], frame.vars, lang));
      endFrame(move);
      return true;
  }
}
