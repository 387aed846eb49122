import type { VisitAnswer } from '../../ports/return-visits.js';

/** The three answers, in button order. */
export const VISIT_ANSWERS = ['ok', 'fault', 'call'] as const satisfies readonly VisitAnswer[];

export const VISIT_TEXT = { ok: 'visit_ok', fault: 'visit_fault', call: 'visit_call' } as const;

const PREFIX = 'visit:';

export const isVisitButton = (id: string): boolean => id.startsWith(PREFIX);

/** `visit:<return visit id>:<ok|fault|call>` (48 bytes: inside Telegram's 64 for callback data). */
export function visitButtonId(visitId: string, answer: VisitAnswer): string {
  return `${PREFIX}${visitId}:${answer}`;
}

export function parseVisitButton(id: string): { readonly visitId: string; readonly answer: VisitAnswer } | null {
  const m = /^visit:([0-9a-f-]{36}):(ok|fault|call)$/.exec(id);
  if (!m?.[1] || !m[2]) return null;
  return { visitId: m[1], answer: m[2] as VisitAnswer };
}

/** Words as the typed-answer lists compare them: lower case, without surrounding spaces and punctuation. */
export const normaliseAnswer = (text: string): string =>
  text
    .normalize('NFKC')
    .trim()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .replace(/\s+/gu, ' ')
    .toLowerCase();

/** A latin letter or digit: an English word ends (or begins) there only at a break. */
const LATIN = /[a-z0-9]/;

/** `said` without `word` at its end (or start), when it is there as a word of its own; null otherwise. */
function cut(said: string, word: string, at: 'end' | 'start'): string | null {
  if (!word || said.length <= word.length) return null;
  const rest = at === 'end' ? said.slice(0, -word.length) : said.slice(word.length);
  if (at === 'end' ? !said.endsWith(word) : !said.startsWith(word)) return null;
  // "fine" does not end with "ne", "callme" is not "call me": latin words end at a break.
  const inside = at === 'end' ? rest.at(-1) : rest[0];
  const edge = at === 'end' ? word[0] : word.at(-1);
  if (inside && edge && LATIN.test(inside) && LATIN.test(edge)) return null;
  return normaliseAnswer(rest);
}

/**
 * An answer typed instead of pressed ("都正常", "call me"): the whole message is one of the
 * answer's words, optionally after an opener ("您好，", "yes,") and followed by courtesy words or
 * particles ("都正常的，谢谢", "call me pls"), each taken off only as a whole word.
 */
export function typedVisitAnswer(
  text: string,
  words: Readonly<Record<VisitAnswer, readonly string[]>> | undefined,
  courtesy: readonly string[] = [],
  openers: readonly string[] = [],
): VisitAnswer | null {
  if (!words) return null;
  const find = (said: string) => VISIT_ANSWERS.find((answer) => words[answer].some((w) => normaliseAnswer(w) === said)) ?? null;
  // Longest first: "谢谢您" before "谢谢", "thank you very much" before "thank you".
  const longestFirst = (list: readonly string[]) => [...new Set(list.map(normaliseAnswer))].sort((a, b) => b.length - a.length);
  const polite = longestFirst(courtesy);
  const opening = longestFirst(openers);
  const seen = new Set<string>();
  const queue = [normaliseAnswer(text)];
  // A few words around the answer at most: every way of taking them off is tried.
  while (queue.length > 0 && seen.size < 64) {
    const said = queue.shift() ?? '';
    if (!said || seen.has(said)) continue;
    seen.add(said);
    const answer = find(said);
    if (answer) return answer;
    for (const word of polite) {
      const rest = cut(said, word, 'end');
      if (rest) queue.push(rest);
    }
    for (const word of opening) {
      const rest = cut(said, word, 'start');
      if (rest) queue.push(rest);
    }
  }
  return null;
}
