import { render } from '../domain/i18n.js';
import { command, midFlow, repeat, reportVars, waitingStep } from './command-run.js';
import { matchCommand, normaliseWords } from './commands.js';
import { newTurn, reply, saySystem, systemText, top, type Turn } from './context.js';
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

const RESUME = 'sys:resume';
const RESTART = 'sys:restart';

function finish(turn: Turn): StepResult {
  return {
    state: turn.state,
    replies: turn.replies,
    ...(turn.action ? { action: turn.action } : {}),
    ...(turn.chosen ? { chosen: turn.chosen } : {}),
  };
}

/** While the user decides whether to resume a conversation that timed out. */
function interrupted(turn: Turn, input: FlowInput): void {
  const words = (id: 'resume' | 'restart') => Object.values(turn.set.settings.texts[id] ?? {}).map(normaliseWords);
  const typed = input.kind === 'text' ? normaliseWords(input.text) : '';
  const choice = input.kind === 'choice' ? input.id : '';
  if (choice === RESUME) turn.chosen = systemText(turn, 'resume');
  if (choice === RESTART) turn.chosen = systemText(turn, 'restart');
  if (choice === RESUME || (typed && words('resume').includes(typed))) {
    delete turn.state.interrupted;
    return repeat(turn);
  }
  if (choice === RESTART || (typed && words('restart').includes(typed))) {
    delete turn.state.interrupted;
    startFlow(turn, turn.set.settings.flows.main);
    return run(turn);
  }
  askResume(turn);
}

function askResume(turn: Turn): void {
  turn.state.interrupted = 'timeout';
  reply(turn, systemText(turn, 'timed_out'), [
    { id: RESUME, label: systemText(turn, 'resume') },
    { id: RESTART, label: systemText(turn, 'restart') },
  ]);
}

/**
 * The flow engine: (flow set, state, input, now) → (new state, replies, action to run). Pure: no
 * I/O, no clock but `now`; the state is plain JSON.
 */
export function handleInput(set: FlowSet, state: ConversationState, input: FlowInput, now: Date): StepResult {
  const turn = newTurn(set, state, now);
  const lastActive = turn.state.lastActiveAt ? Date.parse(turn.state.lastActiveAt) : undefined;
  turn.state.lastActiveAt = now.toISOString();
  delete turn.state.pendingAction;

  const current = top(turn);
  if (current && !getStep(set, current.flow, current.step)) {
    // The flows changed under a live conversation and its step is gone: say so, show the menu.
    fail(turn);
    run(turn);
    return finish(turn);
  }

  if (input.kind === 'text') {
    const problem = textProblem(input.text, set.settings.maxTextLength);
    if (problem) {
      saySystem(turn, problem, { max: set.settings.maxTextLength });
      if (waitingStep(turn) && !turn.state.interrupted) repeat(turn);
      return finish(turn);
    }
  }

  if (input.kind === 'unsupported' || input.kind === 'edited') {
    // A kind of message may have an answer of its own (texts: unsupported_<what>), else the general one.
    const own = input.kind === 'unsupported' ? set.settings.texts[`unsupported_${input.what}`] : undefined;
    const name = input.kind === 'unsupported' ? set.settings.contentNames[input.what]?.[turn.state.lang] ?? input.what : '';
    if (own) reply(turn, render(own, turn.state.lang));
    else saySystem(turn, input.kind, { what: name });
    if (waitingStep(turn) && !turn.state.interrupted) repeat(turn);
    return finish(turn);
  }

  if (input.kind === 'handback') {
    saySystem(turn, 'back_to_bot');
    delete turn.state.interrupted;
    startFlow(turn, set.settings.flows.main);
    run(turn);
    return finish(turn);
  }

  const cmd = matchCommand(input, set.commands);
  if (cmd) {
    command(turn, cmd.command, cmd.arg);
    return finish(turn);
  }
  if (input.kind === 'text' && /^\/[A-Za-z_]+(@\w+)?(\s|$)/.test(input.text.trim())) {
    // A slash command we do not have: say what there is, rather than take it for an answer.
    saySystem(turn, 'help');
    if (waitingStep(turn) && !turn.state.interrupted) repeat(turn);
    else run(turn);
    return finish(turn);
  }
  if (input.kind === 'start') {
    command(turn, 'start', input.assetTag);
    return finish(turn);
  }
  if (turn.state.interrupted) {
    interrupted(turn, input);
    return finish(turn);
  }
  const timeoutMs = set.settings.timeoutMinutes * 60_000;
  if (lastActive !== undefined && now.getTime() - lastActive > timeoutMs && midFlow(turn) && waitingStep(turn)) {
    askResume(turn);
    return finish(turn);
  }

  const waiting = waitingStep(turn);
  if (waiting) {
    answerPrompt(turn, input, waiting.step);
    return finish(turn);
  }
  // Nothing asked yet (a new conversation): a description starts a report with it.
  if (input.kind === 'text') startFlow(turn, set.settings.flows.report, reportVars(turn, undefined, input.text.trim()));
  else startFlow(turn, set.settings.flows.welcome);
  if (input.kind === 'choice') saySystem(turn, 'stale_choice');
  run(turn);
  return finish(turn);
}

/** Continues after the application ran the action the engine asked for. */
export function resumeAction(set: FlowSet, state: ConversationState, result: ActionResult, now: Date): StepResult {
  const turn = newTurn(set, state, now);
  const frame = top(turn);
  const step = frame && getStep(set, frame.flow, frame.step);
  if (!frame || step?.kind !== 'action' || turn.state.pendingAction !== step.id) {
    fail(turn);
    return finish(turn);
  }
  delete turn.state.pendingAction;
  if (step.save && result.value !== undefined) frame.vars[step.save] = JSON.parse(JSON.stringify(result.value)) as Json;
  goNext(turn, step.on?.[result.outcome] ?? step.next);
  run(turn);
  return finish(turn);
}

