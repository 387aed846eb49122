import type { Lang } from '../domain/i18n.js';

const HAN = /\p{Script=Han}/u;

/** The language a report is written in: any Chinese character makes it zh-CN, otherwise en. */
export function detectLanguage(text: string): Lang {
  return HAN.test(text) ? 'zh-CN' : 'en';
}

/**
 * Normalises text (and lexicon words, the same way) before matching: full-width forms become
 * half-width (NFKC), letters lower-case, curly quotes straight; zh-CN drops all white space (people
 * type "一体机 黑屏"), en collapses it to single spaces.
 */
export function normalise(text: string, lang: Lang): string {
  const base = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u2032`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"');
  return lang === 'zh-CN' ? base.replace(/\s+/g, '') : base.replace(/\s+/g, ' ').trim();
}

/** Characters that end a clause: a negation never reaches across them. */
export const CLAUSE_BREAK = /[,.;:!?。、…|()[\]{}"\n]/u;
