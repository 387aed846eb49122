import { isLang } from './i18n/index.js';
import type { Lang } from './types.js';

const LANG_KEY = 'fixline.console.lang';

/** The language chosen in this browser, if any (remembered per browser, not per agent). */
export function storedLang(): Lang | null {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    return isLang(stored) ? stored : null;
  } catch {
    return null; // storage may be unavailable
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* not remembered */
  }
}
