import { z } from 'zod';
import { LocalText } from '../domain/i18n.js';
import { normaliseWords } from './commands.js';
import { reply, systemText, type Move } from './context.js';
import type { CommandName, Json, Step } from './schema.js';
import type { Frame } from './state.js';
import { display, renderTemplate, resolvePath } from './template.js';

type PromptStep = Extract<Step, { kind: 'ask' | 'choose' | 'photo' }>;

/** An option as offered: from the flow file, or an item of a list an action built. */
export interface Choice {
  readonly id: string;
  readonly label: string;
  readonly value: Json;
  readonly next?: string;
  readonly command?: CommandName;
  readonly words: readonly string[];
}

const ListItem = z.object({ id: z.union([z.string(), z.number()]), label: z.union([z.string(), LocalText]), value: z.unknown().optional() });
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
  }));
  const list = step.optionsFrom ? resolvePath(frame.vars, step.optionsFrom) : undefined;
  const listed = (Array.isArray(list) ? list : []).flatMap((raw): Choice[] => {
    const item = ListItem.safeParse(raw);
    if (!item.success) return [];
    const label = display(item.data.label, lang);
    const value = item.data.value === undefined ? { id: String(item.data.id), label: item.data.label as Json } : (item.data.value as Json);
    const other = typeof item.data.label === 'string' ? [] : [item.data.label['zh-CN'], item.data.label.en];
    return [{ id: String(item.data.id), label, value, words: [label, ...other] }];
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
export function prompt(move: Move, frame: Frame, step: PromptStep, fresh: boolean): void {
  if (fresh) move.state.prompt += 1;
  const n = move.state.prompt;
  const lang = move.state.lang;
  const text = renderTemplate(step.text[lang], frame.vars, lang);
  if (step.kind === 'ask') return reply(move, text, undefined, { requestPhone: step.requestPhone === true });
  if (step.kind === 'photo') {
    return reply(move, text, step.optional ? [{ id: `${n}:${SKIP}`, label: systemText(move, 'photo_skip') }] : undefined);
  }
  const all = choicesOf(move, frame, step);
  if (all.length === 0 && step.empty) return reply(move, renderTemplate(step.empty[lang], frame.vars, lang));
  const { shown, more } = page(move, frame, all);
  const buttons = shown.map((c) => ({ id: `${n}:${c.id}`, label: c.label }));
  if (more) buttons.push({ id: `${n}:${MORE}`, label: systemText(move, 'more_options') });
  reply(move, text, buttons);
}

/** Finds the option a typed text names: its label or words in either language, or its number. */
export function matchTyped(text: string, all: readonly Choice[], shown: readonly Choice[]): Choice | undefined {
  const typed = normaliseWords(text);
  if (/^\d{1,2}$/.test(typed)) return shown[Number(typed) - 1];
  return all.find((c) => c.words.some((w) => normaliseWords(w) === typed));
}
