import { z } from 'zod';

/**
 * What a teacher means by a message typed where no question is asked (a new conversation, the
 * main menu, after a ticket): thanks or small talk, the fault is still there, a question about a
 * ticket's progress, or anything else (a new report). The words are data (flows/intents.yaml).
 */
export const INTENTS = ['still_broken', 'status', 'thanks', 'my_room'] as const;
export type Intent = (typeof INTENTS)[number] | 'report';

const Phrase = z.string().trim().min(1);
const Pattern = z.string().refine(
  (p) => {
    try {
      new RegExp(p, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { error: 'not a valid regular expression' },
);

/** Words per language, and patterns (regular expressions on the normalised text). */
const IntentWords = z.strictObject({
  'zh-CN': z.array(Phrase).default([]),
  en: z.array(Phrase).default([]),
  patterns: z.array(Pattern).default([]),
});

export const IntentsFile = z.strictObject({
  /** A ticket resolved or closed at most this many days ago still counts for "still broken". */
  recentDays: z.number().int().positive(),
  intents: z.strictObject({
    still_broken: IntentWords,
    status: IntentWords,
    thanks: IntentWords,
    /** "Which devices are in my room?" */
    my_room: IntentWords.default({ 'zh-CN': [], en: [], patterns: [] }),
  }),
});
export type IntentsFile = z.infer<typeof IntentsFile>;

/**
 * The text as matched: width, case, apostrophes (dropped: "doesn't" is "doesnt"), other
 * punctuation (a space) and runs of spaces. Emoji are kept.
 */
export function normaliseIntentText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['‘’`]/g, '')
    .replace(/[\u{1F3FB}-\u{1F3FF}]/gu, '')
    .replace(/\uFE0F/g, '')
    .replace(/[\p{P}\s]+/gu, ' ')
    .trim();
}

const HAN = /\p{Script=Han}/u;

/** Whether the normalised text holds the phrase: anywhere for Chinese, as whole words otherwise. */
function contains(text: string, phrase: string): boolean {
  const p = normaliseIntentText(phrase);
  if (!p) return false;
  return HAN.test(p) ? text.includes(p) : ` ${text} `.includes(` ${p} `);
}

function words(spec: IntentsFile['intents'][keyof IntentsFile['intents']]): string[] {
  return [...spec['zh-CN'], ...spec.en].map(normaliseIntentText).filter(Boolean);
}

/** Whether the whole text is made of these words ("好的谢谢", "ok thanks 👍"), and nothing else. */
function onlyWords(text: string, list: readonly string[]): boolean {
  const sorted = [...new Set(list)].sort((a, b) => b.length - a.length);
  let rest = text;
  while (rest) {
    const word = sorted.find((w) => rest.startsWith(w) && (HAN.test(w) || /^[^\p{L}\p{N}]/u.test(rest.slice(w.length)) || rest.length === w.length));
    if (!word) return false;
    rest = rest.slice(word.length).trimStart();
  }
  return true;
}

function matches(text: string, spec: IntentsFile['intents'][keyof IntentsFile['intents']]): boolean {
  return words(spec).some((w) => contains(text, w)) || spec.patterns.some((p) => new RegExp(p, 'u').test(text));
}

/**
 * Classifies a message typed where no question was asked. "Still broken" wins over a status
 * question, which wins over thanks; thanks must be the whole message (in either language), so
 * "谢谢，投影仪不亮了" is a report.
 */
export function classifyIntent(text: string, data: IntentsFile): Intent {
  const t = normaliseIntentText(text);
  if (!t) return 'report';
  if (matches(t, data.intents.my_room)) return 'my_room';
  if (matches(t, data.intents.still_broken)) return 'still_broken';
  if (matches(t, data.intents.status)) return 'status';
  const thanks = data.intents.thanks;
  if (onlyWords(t, words(thanks)) || (thanks.patterns.length > 0 && thanks.patterns.some((p) => new RegExp(`^(?:${p})$`, 'u').test(t))))
    return 'thanks';
  return 'report';
}
