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
    .toLowerCase();

/** An answer typed instead of pressed ("都正常", "call me"): the whole message is one of the answer's words. */
export function typedVisitAnswer(
  text: string,
  words: Readonly<Record<VisitAnswer, readonly string[]>> | undefined,
  courtesy: readonly string[] = [],
): VisitAnswer | null {
  if (!words) return null;
  const find = (said: string) => VISIT_ANSWERS.find((answer) => words[answer].some((w) => normaliseAnswer(w) === said)) ?? null;
  const said = normaliseAnswer(text);
  if (!said) return null;
  const whole = find(said);
  if (whole) return whole;
  // "都正常，谢谢" / "all good, thanks!": the answer, then only courtesy words.
  const polite = new Set(courtesy.map(normaliseAnswer));
  const parts = said.split(/[\s\p{P}]+/u).filter(Boolean);
  for (let cut = parts.length - 1; cut > 0; cut--) {
    if (parts.slice(cut).every((p) => polite.has(p))) {
      const answer = find(parts.slice(0, cut).join(' '));
      if (answer) return answer;
    }
  }
  // Written without a break ("都正常谢谢"): a courtesy word at the end.
  for (const word of polite) {
    if (word && said.endsWith(word) && said.length > word.length) {
      const answer = find(normaliseAnswer(said.slice(0, -word.length)));
      if (answer) return answer;
    }
  }
  return null;
}
