import { z } from 'zod';

export const LANGS = ['zh-CN', 'en'] as const;
export const Lang = z.enum(LANGS);
export type Lang = z.infer<typeof Lang>;
export const DEFAULT_LANG: Lang = 'zh-CN';

/** A text in every supported language. */
export const LocalText = z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1) });
export type LocalText = z.infer<typeof LocalText>;

export function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}

/** Replaces `{name}` placeholders with values; unknown names are left as they are. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-zA-Z0-9_.]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** Picks one language of a text and fills its placeholders. */
export function render(text: LocalText, lang: Lang, values: Readonly<Record<string, string | number>> = {}): string {
  return fill(text[lang], values);
}

/** Builds a LocalText from two templates filled with the same values. */
export function localText(zh: string, en: string, values: Readonly<Record<string, string | number>> = {}): LocalText {
  return { 'zh-CN': fill(zh, values), en: fill(en, values) };
}
