import { z } from 'zod';
import { LocalText } from '../domain/i18n.js';
import { COMMAND_CHOICE_PREFIX } from './commands.js';
import { reply, systemText, type Move } from './context.js';
import type { CommandName, Json, Step } from './schema.js';
import type { Frame } from './state.js';
import { display, renderTemplate, resolvePath } from './template.js';
import { type Match, matchText, typedNumber } from './understand/match.js';

type PromptStep = Extract<Step, { kind: 'ask' | 'choose' | 'photo' }>;

/** An option as offered: from the flow file, or an item of a list an action built. */
export interface Choice {
  readonly id: string;
  readonly label: string;
  readonly value: Json;
  readonly next?: string;
  readonly command?: CommandName;
  readonly words: readonly string[];
  /** Phrases of the meanings the option stands for (flows/answers.yaml). */
  readonly phrases: readonly string[];
}

const ListItem = z.object({
  id: z.union([z.string(), z.number()]),
  label: z.union([z.string(), LocalText]),
  value: z.unknown().optional(),
  /** Other names the item goes by (a room's English name): typed, they pick it too. */
  aliases: z.array(z.string()).optional(),
});
export const MORE = '+';
export const SKIP = 'skip';

/** Every option of a choose step, in order, labelled in the user's language. */
export function choicesOf(move: Move, frame: Frame, step: Extract<Step, { kind: 'choose' }>): Choice[] {
  const lang = move.state.lang;
  const fixed: Choice[] = (step.options ?? []).map((o) => ({
    id: o.id,
    label: renderTemplate(o.label[lang], frame.vars, lang),
    value: o.value === undefined ? o.id : o.value,
    ...(o.next ? { next: o.next } : {}),
    ...(o.command ? { command: o.command } : {}),
    words: [o.label['zh-CN'], o.label.en, ...(o.words?.['zh-CN'] ?? []), ...(o.words?.en ?? [])],
    phrases: [o.means ?? []].flat().flatMap((group) => move.set.answers?.get(group) ?? []),
  }));
  const list = step.optionsFrom ? resolvePath(frame.vars, step.optionsFrom) : undefined;
  const listed = (Array.isArray(list) ? list : []).flatMap((raw): Choice[] => {
    const item = ListItem.safeParse(raw);
    if (!item.success) return [];
    const label = display(item.data.label, lang);
    const value = item.data.value === undefined ? { id: String(item.data.id), label: item.data.label as Json } : (item.data.value as Json);
    const other = typeof item.data.label === 'string' ? [] : [item.data.label['zh-CN'], item.data.label.en];
    return [{ id: String(item.data.id), label, value, words: [label, ...other, ...(item.data.aliases ?? [])], phrases: [] }];
  });
  return [...listed, ...fixed];
}

/** The options shown on the current page, and whether more follow. */
export function page(move: Move, frame: Frame, all: readonly Choice[]): { shown: Choice[]; more: boolean } {
  const max = move.set.settings.maxChoices;
  if (all.length <= max) return { shown: [...all], more: false };
  const size = max - 1;
  const pages = Math.ceil(all.length / size);
  const index = (frame.page ?? 0) % pages;
  return { shown: all.slice(index * size, index * size + size), more: true };
}

/**
 * Shows a step's question. A fresh prompt gets a new number, so that buttons of earlier questions
 * are recognised as stale; repeating the same question after a wrong answer keeps the number.
 */
export function prompt(move: Move, frame: Frame, step: PromptStep, fresh: boolean, numbered = false): void {
  if (fresh) move.state.prompt += 1;
  const n = move.state.prompt;
  // The flow checked a typed answer (a tag, a place) and came back to the same question: not understood.
  const again = fresh && frame.typed === step.id;
  delete frame.typed;
  const lang = move.state.lang;
  const text = renderTemplate(step.text[lang], frame.vars, lang);
  if (step.kind === 'ask') return reply(move, text, undefined, { requestPhone: step.requestPhone === true });
  if (step.kind === 'photo') {
    return reply(move, text, step.optional ? [{ id: `${n}:${SKIP}`, label: systemText(move, 'photo_skip') }] : undefined);
  }
  const all = choicesOf(move, frame, step);
  if (all.length === 0 && step.empty) return reply(move, renderTemplate(step.empty[lang], frame.vars, lang));
  const { shown, more } = page(move, frame, all);
  // A command's button (my tickets, a human, the language) works whenever it is pressed, an old
  // question's too: its id names the command, not the question.
  const buttons = shown.map((c) => ({ id: c.command ? `${COMMAND_CHOICE_PREFIX}${c.command}` : `${n}:${c.id}`, label: c.label }));
  if (more) buttons.push({ id: `${n}:${MORE}`, label: systemText(move, 'more_options') });
  // Asked again after an answer that was no option: the options numbered in the text too, so a
  // number can be typed on every channel (the web chat shows buttons without numbers).
  reply(move, numbered || again ? `${text}\n${numberedList(shown)}` : text, buttons);
}

export function numberedList(shown: readonly Choice[]): string {
  return shown.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
}

/**
 * Finds the option a typed text names: its number on the page shown, its label or words in either
 * language, the phrases of what it means, a label inside the text (where the question takes no
 * free text), or a distinctive part of one label (src/flows/understand/match.ts). Several options
 * equally named: `many`, never a guess.
 */
export function matchTyped(text: string, all: readonly Choice[], shown: readonly Choice[], takesText: boolean): Match<Choice> {
  const n = typedNumber(text);
  const numbered = n === undefined ? undefined : shown[n - 1];
  if (numbered) return { kind: 'one', item: numbered };
  return matchText(text, all, (c) => ({ names: c.words, phrases: c.phrases }), { namesWithin: !takesText });
}
