import { targetLanguage } from './commands.js';
import { saySystem, top, type Move } from './context.js';
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
  switch (name) {
    case 'start':
      if (arg) startFlow(move, flows.report, reportVars(move, arg));
      else startFlow(move, flows.welcome);
      return run(move);
    case 'report':
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

