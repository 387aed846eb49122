import { targetLanguage } from './commands.js';
import { reply, saySystem, systemText, top, type Move } from './context.js';
import { getStep } from './flow-set.js';
import { prompt } from './prompt.js';
import { callFlow, run, startFlow } from './run.js';
import type { CommandName, Json } from './schema.js';

/** The question the bot is waiting on, if any. */
export function waitingStep(move: Move) {
  const frame = top(move);
  if (!frame || !move.state.waiting) return undefined;
  const step = getStep(move.set, frame.flow, frame.step);
  return step && (step.kind === 'ask' || step.kind === 'choose' || step.kind === 'photo') ? { frame, step } : undefined;
}

/** Asks the current question again, or shows the main menu when there is none. */
export function repeat(move: Move): void {
  const waiting = waitingStep(move);
  if (waiting) prompt(move, waiting.frame, waiting.step, false);
  else run(move);
}

/** Whether the user is in the middle of something worth resuming (not just at the main menu). */
export function midFlow(move: Move): boolean {
  const main = move.set.settings.flows.main;
  return move.state.frames.some((f) => f.flow !== main);
}

export const RESUME = 'sys:resume';
export const RESTART = 'sys:restart';

/** Whether the user is answering a question of a report: starting over would lose their answers. */
export function inReport(move: Move): boolean {
  return waitingStep(move) !== undefined && move.state.frames.some((f) => f.flow === move.set.settings.flows.report);
}

/**
 * Asks whether to continue the report or start over: after the timeout, or when a greeting or
 * "report" comes in the middle of it. The question stays where it was until the user chooses.
 */
export function askResume(move: Move, why: 'timeout' | 'start' | 'report', tag?: string): void {
  move.state.interrupted = why;
  if (tag) move.state.interruptTag = tag;
  else delete move.state.interruptTag;
  reply(move, systemText(move, why === 'timeout' ? 'timed_out' : 'interrupted'), [
    { id: RESUME, label: systemText(move, 'resume') },
    { id: RESTART, label: systemText(move, 'restart') },
  ]);
}

/** Starts over after an interruption: what the interrupting message asked for (a report, the greeting), or the menu. */
export function restart(move: Move): void {
  const why = move.state.interrupted;
  const tag = move.state.interruptTag;
  delete move.state.interrupted;
  delete move.state.interruptTag;
  const flows = move.set.settings.flows;
  if (why === 'report' || (why === 'start' && tag)) startFlow(move, flows.report, reportVars(move, tag));
  else if (why === 'start') startFlow(move, flows.welcome);
  else startFlow(move, flows.main);
  run(move);
}

export function reportVars(move: Move, assetTag?: string, firstText?: string): Record<string, Json> {
  const slots = move.set.settings.reportSlots;
  const vars: Record<string, Json> = {};
  if (assetTag) vars[slots.assetTag] = assetTag;
  if (firstText) vars[slots.firstText] = firstText;
  return vars;
}

export function command(move: Move, name: CommandName, arg: string | undefined): void {
  const flows = move.set.settings.flows;
  delete move.state.interrupted;
  delete move.state.interruptTag;
  switch (name) {
    case 'start':
      // A greeting or "menu" in the middle of a report asks before its answers are dropped.
      if (inReport(move)) return askResume(move, 'start', arg);
      if (arg) startFlow(move, flows.report, reportVars(move, arg));
      else startFlow(move, flows.welcome);
      return run(move);
    case 'report':
      if (inReport(move)) return askResume(move, 'report', arg);
      startFlow(move, flows.report, reportVars(move, arg));
      return run(move);
    case 'cancel':
      saySystem(move, 'cancelled');
      startFlow(move, flows.main);
      return run(move);
    case 'help':
      saySystem(move, 'help');
      return repeat(move);
    case 'language':
      move.state.lang = targetLanguage(arg, move.state.lang);
      saySystem(move, 'language_switched');
      return repeat(move);
    case 'human':
      callFlow(move, flows.human);
      return run(move);
    case 'my_tickets':
      callFlow(move, flows.myTickets);
      return run(move);
    case 'link': {
      // `/link undo`, or the button that tells an owner of a new link: the flow reads it in `arg`
      // (a plain word only: anything else typed after the command is not kept in the state).
      const word = arg?.trim().toLowerCase();
      callFlow(move, flows.link, word && /^[a-z_]{1,20}$/.test(word) ? { arg: word } : {});
      return run(move);
    }
  }
}

