import { targetLanguage } from './commands.js';
import { saySystem, top, type Turn } from './context.js';
import { getStep } from './flow-set.js';
import { prompt } from './prompt.js';
import { callFlow, run, startFlow } from './run.js';
import type { CommandName, Json } from './schema.js';

/** The question the bot is waiting on, if any. */
export function waitingStep(turn: Turn) {
  const frame = top(turn);
  if (!frame || !turn.state.waiting) return undefined;
  const step = getStep(turn.set, frame.flow, frame.step);
  return step && (step.kind === 'ask' || step.kind === 'choose' || step.kind === 'photo') ? { frame, step } : undefined;
}

/** Asks the current question again, or shows the main menu when there is none. */
export function repeat(turn: Turn): void {
  const waiting = waitingStep(turn);
  if (waiting) prompt(turn, waiting.frame, waiting.step, false);
  else run(turn);
}

/** Whether the user is in the middle of something worth resuming (not just at the main menu). */
export function midFlow(turn: Turn): boolean {
  const main = turn.set.settings.flows.main;
  return turn.state.frames.some((f) => f.flow !== main);
}

export function reportVars(turn: Turn, assetTag?: string, firstText?: string): Record<string, Json> {
  const slots = turn.set.settings.reportSlots;
  const vars: Record<string, Json> = {};
  if (assetTag) vars[slots.assetTag] = assetTag;
  if (firstText) vars[slots.firstText] = firstText;
  return vars;
}

export function command(turn: Turn, name: CommandName, arg: string | undefined): void {
  const flows = turn.set.settings.flows;
  delete turn.state.interrupted;
  switch (name) {
    case 'start':
      if (arg) startFlow(turn, flows.report, reportVars(turn, arg));
      else startFlow(turn, flows.welcome);
      return run(turn);
    case 'report':
      startFlow(turn, flows.report, reportVars(turn, arg));
      return run(turn);
    case 'cancel':
      saySystem(turn, 'cancelled');
      startFlow(turn, flows.main);
      return run(turn);
    case 'help':
      saySystem(turn, 'help');
      return repeat(turn);
    case 'language':
      turn.state.lang = targetLanguage(arg, turn.state.lang);
      saySystem(turn, 'language_switched');
      return repeat(turn);
    case 'human':
      callFlow(turn, flows.human);
      return run(turn);
    case 'my_tickets':
      callFlow(turn, flows.myTickets);
      return run(turn);
    case 'link': {
      // `/link undo`, or the button that tells an owner of a new link: the flow reads it in `arg`
      // (a plain word only: anything else typed after the command is not kept in the state).
      const word = arg?.trim().toLowerCase();
      callFlow(turn, flows.link, word && /^[a-z_]{1,20}$/.test(word) ? { arg: word } : {});
      return run(turn);
    }
  }
}

