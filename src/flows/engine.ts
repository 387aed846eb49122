import { render } from '../domain/i18n.js';
import { askResume, command, midFlow, repeat, reportVars, restart, RESTART, RESUME, waitingStep } from './command-run.js';
import { matchCommand, normaliseWords } from './commands.js';
import { newMove, reply, saySystem, systemText, top, type Move } from './context.js';
import { answerPrompt } from './answer.js';
import type { FlowSet } from './flow-set.js';
import { getStep } from './flow-set.js';
import { type ActionRequest, type ActionResult, type FlowInput, type Reply, textProblem } from './input.js';
import { fail, goNext, run, startFlow } from './run.js';
import type { Json } from './schema.js';
import type { ConversationState } from './state.js';

/**
 * What one input (or one action result) did: the new state to store, the replies to send, and an
 * action the application must run and hand back through `resumeAction`.
 */
export interface StepResult {
  readonly state: ConversationState;
  readonly replies: readonly Reply[];
  readonly action?: ActionRequest;
  /** The label of the button the user pressed, when it was on offer (the transcript shows it). */
  readonly chosen?: string;
}

function finish(move: Move): StepResult {
  return {
    state: move.state,
    replies: move.replies,
    ...(move.action ? { action: move.action } : {}),
    ...(move.chosen ? { chosen: move.chosen } : {}),
  };
}

/**
 * While the user decides whether to resume a report or start over. After the timeout anything
 * else asks again; after a greeting or "report" in the middle of it, anything else (a typed
 * answer, a button of the open question) answers the question that was open: the teacher carries on.
 */
function interrupted(move: Move, input: FlowInput): void {
  const words = (id: 'resume' | 'restart') => Object.values(move.set.settings.texts[id] ?? {}).map(normaliseWords);
  const typed = input.kind === 'text' ? normaliseWords(input.text) : '';
  const choice = input.kind === 'choice' ? input.id : '';
  if (choice === RESUME) move.chosen = systemText(move, 'resume');
  if (choice === RESTART) move.chosen = systemText(move, 'restart');
  if (choice === RESUME || (typed && words('resume').includes(typed))) {
    delete move.state.interrupted;
    delete move.state.interruptTag;
    return repeat(move);
  }
  if (choice === RESTART || (typed && words('restart').includes(typed))) return restart(move);
  const why = move.state.interrupted;
  const waiting = waitingStep(move);
  if (why === 'timeout' || !waiting) return askResume(move, why ?? 'timeout', move.state.interruptTag);
  delete move.state.interrupted;
  delete move.state.interruptTag;
  answer(move, input, waiting);
}

/** The slot a flow keeps its photo in (its photo step's, or a slot named `photo`), for a photo sent at another question. */
function photoSlot(move: Move, flowId: string): string | undefined {
  const flow = move.set.flows.get(flowId);
  for (const step of flow?.steps.values() ?? []) if (step.kind === 'photo') return step.save;
  return flow?.slots.has('photo') ? 'photo' : undefined;
}

/**
 * Answers the open question. A photo sent where words are asked is kept for the flow's photo
 * step (which then is not asked again), acknowledged, and the question asked again; its caption,
 * if any, is the answer.
 */
function answer(move: Move, input: FlowInput, waiting: NonNullable<ReturnType<typeof waitingStep>>): void {
  const slot = input.kind === 'photo' && waiting.step.kind !== 'photo' ? photoSlot(move, waiting.frame.flow) : undefined;
  if (input.kind === 'photo' && slot) {
    waiting.frame.vars[slot] = input.attachmentId;
    saySystem(move, 'photo_kept');
    const caption = input.caption?.trim();
    if (caption && !textProblem(caption, move.set.settings.maxTextLength)) return answerPrompt(move, { kind: 'text', text: caption }, waiting.step);
    return repeat(move);
  }
  answerPrompt(move, input, waiting.step);
}

/**
 * The flow engine: (flow set, state, input, now) → (new state, replies, action to run). Pure: no
 * I/O, no clock but `now`; the state is plain JSON.
 */
export function handleInput(set: FlowSet, state: ConversationState, input: FlowInput, now: Date): StepResult {
  const move = newMove(set, state, now);
  const lastActive = move.state.lastActiveAt ? Date.parse(move.state.lastActiveAt) : undefined;
  move.state.lastActiveAt = now.toISOString();
  delete move.state.pendingAction;

  const current = top(move);
  if (current && !getStep(set, current.flow, current.step)) {
    // The flows changed under a live conversation and its step is gone: say so, show the menu.
    fail(move);
    run(move);
    return finish(move);
  }

  if (input.kind === 'text') {
    const problem = textProblem(input.text, set.settings.maxTextLength);
    if (problem) {
      saySystem(move, problem, { max: set.settings.maxTextLength });
      if (waitingStep(move) && !move.state.interrupted) repeat(move);
      return finish(move);
    }
  }

  if (input.kind === 'unsupported' || input.kind === 'edited') {
    // A kind of message may have an answer of its own (texts: unsupported_<what>), else the general one.
    const own = input.kind === 'unsupported' ? set.settings.texts[`unsupported_${input.what}`] : undefined;
    const name = input.kind === 'unsupported' ? set.settings.contentNames[input.what]?.[move.state.lang] ?? input.what : '';
    if (own) reply(move, render(own, move.state.lang));
    else saySystem(move, input.kind, { what: name });
    if (waitingStep(move) && !move.state.interrupted) repeat(move);
    return finish(move);
  }

  if (input.kind === 'handback') {
    saySystem(move, input.notice ?? 'back_to_bot');
    delete move.state.interrupted;
    startFlow(move, set.settings.flows.main);
    run(move);
    return finish(move);
  }

  const cmd = matchCommand(input, set.commands);
  if (cmd) {
    command(move, cmd.command, cmd.arg);
    return finish(move);
  }
  if (input.kind === 'text' && /^\/[A-Za-z_]+(@\w+)?(\s|$)/.test(input.text.trim())) {
    // A slash command we do not have: say what there is, rather than take it for an answer.
    saySystem(move, 'help');
    if (waitingStep(move) && !move.state.interrupted) repeat(move);
    else run(move);
    return finish(move);
  }
  if (input.kind === 'start') {
    command(move, 'start', input.assetTag);
    return finish(move);
  }
  if (move.state.interrupted) {
    interrupted(move, input);
    return finish(move);
  }
  const timeoutMs = set.settings.timeoutMinutes * 60_000;
  if (lastActive !== undefined && now.getTime() - lastActive > timeoutMs && midFlow(move) && waitingStep(move)) {
    askResume(move, 'timeout');
    return finish(move);
  }

  const waiting = waitingStep(move);
  if (waiting) {
    answer(move, input, waiting);
    return finish(move);
  }
  // Nothing asked yet (a new conversation): the follow-up flow tells thanks, "still broken" and a
  // status question from a description, which starts a report with it.
  if (input.kind === 'text') startFlow(move, set.settings.flows.followUp ?? set.settings.flows.report, reportVars(move, undefined, input.text.trim()));
  else startFlow(move, set.settings.flows.welcome);
  if (input.kind === 'choice') saySystem(move, 'stale_choice');
  run(move);
  return finish(move);
}

/** Continues after the application ran the action the engine asked for. */
export function resumeAction(set: FlowSet, state: ConversationState, result: ActionResult, now: Date): StepResult {
  const move = newMove(set, state, now);
  const frame = top(move);
  const step = frame && getStep(set, frame.flow, frame.step);
  if (!frame || step?.kind !== 'action' || move.state.pendingAction !== step.id) {
    fail(move);
    return finish(move);
  }
  delete move.state.pendingAction;
  if (step.save && result.value !== undefined) frame.vars[step.save] = JSON.parse(JSON.stringify(result.value)) as Json;
  goNext(move, step.on?.[result.outcome] ?? step.next);
  run(move);
  return finish(move);
}


/**
 * Starts the report flow with the school already known (a return visit's "report a fault": the
 * flow's reportSlots.site), in place of anything in progress.
 */
export function startReport(set: FlowSet, state: ConversationState, site: Json, now: Date): StepResult {
  const move = newMove(set, state, now);
  move.state.lastActiveAt = now.toISOString();
  delete move.state.pendingAction;
  delete move.state.interrupted;
  delete move.state.interruptTag;
  const slot = set.settings.reportSlots.site;
  startFlow(move, set.settings.flows.report, slot ? { [slot]: site } : {});
  run(move);
  return finish(move);
}

/**
 * Asks the question the user is in the middle of again (after something outside the flow answered
 * them, as a satisfaction survey's button, or a notice of the desk's): the report's question, or
 * "continue or start over?" while that is open; nothing when no report question is waiting.
 */
export function askAgain(set: FlowSet, state: ConversationState, now: Date): StepResult {
  const move = newMove(set, state, now);
  if (!midFlow(move)) return finish(move);
  const why = move.state.interrupted;
  if (why) askResume(move, why, move.state.interruptTag);
  else if (waitingStep(move)) repeat(move);
  return finish(move);
}
