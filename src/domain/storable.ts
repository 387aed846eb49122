/**
 * The one rule for strings that come from outside and are stored: PostgreSQL refuses NUL (U+0000)
 * in text and jsonb, and a lone surrogate (half of a UTF-16 pair) in jsonb, so a request carrying
 * either would fail at its insert. At every boundary (the channels' events, the web chat, the
 * console's bodies and queries) each NUL and each lone surrogate becomes U+FFFD, the replacement
 * character. Replaced, not removed: the damage stays visible where it was (the bot answers that
 * it could not read a text, an option with it is not on offer, an agent sees where it was), and
 * "a\u0000b" never silently becomes the different, valid-looking "ab".
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.toWellFormed().replaceAll('\u0000', '\uFFFD') : text.toWellFormed();
}

/** Whether the rule leaves the text as it is (no NUL, no lone surrogate). */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

/** The rule applied to every string of a JSON-like value (object keys included); other values are kept. */
export function storable<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return isStorableText(value) ? value : storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [isStorableText(k) ? k : storableText(k), clean(v)]));
  }
  return value;
}
