import type { Lang } from '../domain/i18n.js';
import { scriptLanguage } from '../domain/script-language.js';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/**
 * The language a report is read in: its script's (scriptLanguage); for a mix, the one with more of
 * the text — Chinese characters against Latin words — so "the projector in 录播教室 wont turn on" is
 * English with a Chinese room name, and "三年级二班的 panel 黑屏了" Chinese with an English word.
 */
export function detectLanguage(text: string): Lang {
  const byScript = scriptLanguage(text);
  if (byScript) return byScript;
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return 'en';
  return (text.match(LATIN_WORD)?.length ?? 0) > han ? 'en' : 'zh-CN';
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
