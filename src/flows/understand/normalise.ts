/**
 * Normalising typed text for matching: width, case, punctuation and spaces, and Chinese numerals
 * read as digits, so that "5年级一班", "五年级 一班" and "五年级（一）班" are one name.
 */

const DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUMERAL_RUN = /[零〇一二三四五六七八九十]+/g;
const HAN = /\p{Script=Han}/u;

/** A run of Chinese numerals as digits: 十二 → 12, 二十三 → 23, 一零一 → 101. */
function numeralValue(run: string): string {
  const ten = run.indexOf('十');
  if (ten < 0) return Array.from(run, (c) => String(DIGITS[c] ?? '')).join('');
  if (run.includes('十', ten + 1)) return run; // 十十: not a number, left alone
  const tens = ten === 0 ? 1 : Number(numeralValue(run.slice(0, ten)));
  const ones = ten === run.length - 1 ? 0 : Number(numeralValue(run.slice(ten + 1)));
  return String(tens * 10 + ones);
}

/**
 * The form texts are compared in: NFKC (full-width → half-width), lower case, Chinese numerals as
 * digits, punctuation and symbols as spaces, no spaces next to a Chinese character, single spaces.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(NUMERAL_RUN, numeralValue)
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .reduce((out, word) => (out === '' ? word : HAN.test(out.at(-1) ?? '') || HAN.test(word[0] ?? '') ? out + word : `${out} ${word}`), '');
}

/** Without any spaces: "room302" and "Room 302" are the same. */
export function squash(folded: string): string {
  return folded.replace(/ /g, '');
}

const WORDISH = /[a-z0-9]/;
/** Words that, right before a phrase, deny it: "没有公开课" is no event, "not working" is not "working". */
const NEGATION = /(不|没|没有|无|未|非|别|\bnot |\bno |\bnever | t )$/;
/** A phrase that is a denial itself ("不能用", "can't use it") is not denied again by a negation before it ("no, can't use it"). */
const DENIAL = /不|没|无|未|非|别|\bnot\b|\bno\b|\bnever\b| t\b/;

/**
 * Whether `needle` (folded) occurs in `hay` (folded) as whole words where it begins or ends with a
 * letter or digit; with `unnegated`, only where no negation comes right before it.
 */
export function containsWord(hay: string, needle: string, unnegated = false): boolean {
  if (needle === '') return false;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const before = hay[at - 1] ?? ' ';
    const after = hay[at + needle.length] ?? ' ';
    const startOk = !WORDISH.test(needle[0] ?? '') || !WORDISH.test(before);
    const endOk = !WORDISH.test(needle.at(-1) ?? '') || !WORDISH.test(after);
    const denied = unnegated && !DENIAL.test(needle) && NEGATION.test(hay.slice(Math.max(0, at - 6), at));
    if (startOk && endOk && !denied) return true;
  }
  return false;
}

/** How long a folded text is, counting characters (a Chinese character counts one). */
export function size(folded: string): number {
  return Array.from(squash(folded)).length;
}

/** Whether a folded text is only Latin letters, digits and spaces. */
export function isLatin(folded: string): boolean {
  return /^[a-z0-9 ]*$/.test(folded);
}
