import { command } from './command-run.js';
import { normaliseWords } from './commands.js';
import { currentFrame, reply, systemText, type Move, top } from './context.js';
import { getStep } from './flow-set.js';
import type { FlowInput } from './input.js';
import { choicesOf, matchTyped, MORE, page, prompt, SKIP } from './prompt.js';
import { goNext, run } from './run.js';
import type { Json, Step, SystemText } from './schema.js';

type PromptStep = Extract<Step, { kind: 'ask' | 'choose' | 'photo' }>;

/** Says what was wrong and asks the same question again: the conversation stays where it was. */
function reject(move: Move, why: SystemText | { readonly text: string }): void {
  const frame = top(move);
  const step = frame && getStep(move.set, frame.flow, frame.step);
  reply(move, typeof why === 'string' ? systemText(move, why) : why.text);
  if (frame && step && (step.kind === 'ask' || step.kind === 'choose' || step.kind === 'photo')) prompt(move, frame, step, false, true);
}

function accept(move: Move, slot: string, value: Json, next: string | undefined): void {
  const frame = currentFrame(move);
  frame.vars[slot] = value;
  goNext(move, next);
  run(move);
}

/** Answers the question the bot is waiting on with the user's input (or rejects it and asks again). */
export function answerPrompt(move: Move, input: FlowInput, step: PromptStep): void {
  const frame = currentFrame(move);
  const lang = move.state.lang;

  // A button carries the number of the question it belongs to.
  let choiceId: string | undefined;
  if (input.kind === 'choice') {
    const [n, id] = splitChoice(input.id);
    if (n !== move.state.prompt || id === undefined) return reject(move, 'stale_choice');
    choiceId = id;
  }

  if (step.kind === 'ask') {
    if (input.kind !== 'text') return reject(move, 'need_text');
    const text = input.text.trim();
    const v = step.validate;
    const ok =
      (v?.minLength === undefined || Array.from(text).length >= v.minLength) &&
      (v?.maxLength === undefined || Array.from(text).length <= v.maxLength) &&
      (v?.pattern === undefined || new RegExp(v.pattern, 'u').test(text));
    if (!ok) return reject(move, step.invalid ? { text: step.invalid[lang] } : 'not_an_option');
    return accept(move, step.save, text, step.next);
  }

  if (step.kind === 'photo') {
    if (input.kind === 'photo') return accept(move, step.save, input.attachmentId, step.next);
    const skipWords = [...move.set.settings.skipWords['zh-CN'], ...move.set.settings.skipWords.en, ...Object.values(move.set.settings.texts.photo_skip ?? {})];
    if (choiceId === SKIP) move.chosen = systemText(move, 'photo_skip');
    const skipped = choiceId === SKIP || (input.kind === 'text' && skipWords.some((w) => normaliseWords(w) === normaliseWords(input.text)));
    if (skipped && step.optional) return accept(move, step.save, null, step.next);
    return reject(move, 'need_photo');
  }

  const all = choicesOf(move, frame, step);
  const { shown } = page(move, frame, all);
  if (choiceId === MORE) {
    frame.page = (frame.page ?? 0) + 1;
    return prompt(move, frame, step, false);
  }
  const typed = input.kind === 'text' && choiceId === undefined ? matchTyped(input.text, all, shown, step.allowText !== undefined) : undefined;
  if (typed?.kind === 'many' && input.kind === 'text') {
    return reject(move, { text: systemText(move, 'ambiguous', { typed: input.text.trim().slice(0, 40) }) });
  }
  const chosen = choiceId !== undefined ? all.find((c) => c.id === choiceId) : typed?.kind === 'one' ? typed.item : undefined;
  if (chosen && choiceId !== undefined) move.chosen = chosen.label;
  if (chosen?.command) return command(move, chosen.command, undefined);
  if (chosen) return accept(move, step.save, chosen.value, chosen.next ?? step.next);
  if (input.kind === 'text' && step.allowText) {
    frame.typed = step.id;
    return accept(move, step.allowText.save, input.text.trim(), step.allowText.next ?? step.next);
  }
  return reject(move, input.kind === 'photo' ? 'need_text' : 'not_an_option');
}

function splitChoice(id: string): [number, string | undefined] {
  const colon = id.indexOf(':');
  if (colon < 0) return [-1, undefined];
  return [Number(id.slice(0, colon)), id.slice(colon + 1)];
}
