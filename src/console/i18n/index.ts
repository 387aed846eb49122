import type { Lang, LocalText } from '../types.js';
import { en } from './en.js';
import { type TextKey, type Texts, zhCN } from './zh-CN.js';

export type { TextKey };
const TABLES: Readonly<Record<Lang, Texts>> = { 'zh-CN': zhCN, en };

export type Values = Readonly<Record<string, string | number | null | undefined>>;
export type Translate = (key: TextKey, values?: Values) => string;

/** The console's words in a language, with {name} filled in from the values (left as is when missing). */
export function translator(lang: Lang): Translate {
  const table = TABLES[lang];
  return (key, values) => {
    const template = table[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      return value === undefined || value === null ? whole : String(value);
    });
  };
}

/** A text the server gives in both languages. */
export function localText(text: LocalText | string | null | undefined, lang: Lang): string {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return text[lang] || text['zh-CN'] || text.en || '';
}

export function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}
