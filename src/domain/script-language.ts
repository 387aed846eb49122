import type { Lang } from './i18n.js';

const HAN = /\p{Script=Han}/gu;
/** A word of Latin letters (apostrophes inside: won't); words with digits are codes (FX-PNL-0001, A301), not language. */
const WORD = /[\p{L}\p{N}'’-]+/gu;
const LATIN_WORD = /^[A-Za-z\u00C0-\u024F]+(?:['’-][A-Za-z\u00C0-\u024F]+)*$/;

/**
 * The language a message is written in, from its script: mostly Chinese characters → zh-CN;
 * Latin words of four letters or more in all and no Chinese → en ("ok", "hi" or "a b" is too
 * little to tell);
 * undefined when the text does not say (digits, codes, emoji, a mix, a /command).
 *
 * @example scriptLanguage('the panel won\'t turn on') // 'en'
 * @example scriptLanguage('投影仪不亮了') // 'zh-CN'
 * @example scriptLanguage('FX-PNL-0001') // undefined
 */
export function scriptLanguage(text: string): Lang | undefined {
  if (/^\s*\//.test(text)) return undefined; // a command (/status, /start FX-PNL-0001): the same in every language
  // Broken text (a replacement character, a lone surrogate) was not written in any language.
  if (text.includes('\uFFFD') || !text.isWellFormed()) return undefined;
  const han = text.match(HAN)?.length ?? 0;
  const latin = (text.match(WORD) ?? []).filter((w) => LATIN_WORD.test(w));
  const letters = latin.reduce((n, w) => n + w.replace(/['’-]/g, '').length, 0);
  if (han > 0) return han >= 2 * latin.length ? 'zh-CN' : undefined;
  if (letters >= 4) return 'en';
  return undefined;
}

/**
 * The first of a browser's languages (navigator.languages, best first) that the desk speaks:
 * zh-*, and en-*; undefined when none is.
 *
 * @example browserLanguage(['fr-FR', 'en-GB', 'zh-CN']) // 'en'
 */
export function browserLanguage(tags: readonly string[]): Lang | undefined {
  for (const tag of tags) {
    if (/^zh(?:-|$)/i.test(tag)) return 'zh-CN';
    if (/^en(?:-|$)/i.test(tag)) return 'en';
  }
  return undefined;
}
