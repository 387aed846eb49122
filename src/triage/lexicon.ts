import { z } from 'zod';
import { type Problem, type YamlFile, zodProblems } from '../domain/data-files.js';

import { ACCESSORIES, CAUSES, DEVICES, SCOPES, SYMPTOMS } from '../domain/facts.js';
import { LANGS, type Lang } from '../domain/i18n.js';

/**
 * Word lists for the rules extractor, as data (flows/lexicon/<lang>.yaml): customers edit them, so
 * no word lives in code. Each fact has rules; a rule maps words (matched literally, after the text
 * is normalised) and regular-expression patterns to one value of the fact.
 */

/** The flags every lexicon pattern is compiled with. */
export const PATTERN_FLAGS = 'gu';

/** A regular expression as a lexicon writes it: must compile and must not match empty text. */
const Pattern = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    try {
      if (new RegExp(source, 'u').test('')) ctx.addIssue({ code: 'custom', message: `pattern /${source}/ matches empty text` });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `invalid pattern /${source}/: ${(error as Error).message}` });
    }
  });

const Word = z.string().trim().min(1, 'a word must not be empty');

function oneOf<T extends string>(fact: string, values: readonly [T, ...T[]]) {
  return z.enum(values, {
    error: (issue) => `unknown ${fact} value ${JSON.stringify(issue.input)}; expected one of ${values.join(', ')}`,
  });
}

const Flag = (fact: string) => z.boolean({ error: (issue) => `${fact} values are true or false, not ${JSON.stringify(issue.input)}` });

function rule<V extends z.ZodType>(value: V) {
  return z
    .strictObject({
      value,
      /** Higher wins when several values of the fact match; then the earlier match; then the longer. */
      priority: z.number().int().default(0),
      words: z.array(Word).default([]),
      patterns: z.array(Pattern).default([]),
      /** A match preceded by a negation cue ("不是", "nobody") is dropped unless this is false. */
      negatable: z.boolean().default(true),
      /** device only: the word may also name these kinds; when the asset is one of them, it is meant. */
      alsoMeans: z.array(oneOf('device', DEVICES)).default([]),
    })
    .refine((r) => r.words.length + r.patterns.length > 0, { error: 'a rule needs words or patterns' });
}

const DeviceRule = rule(oneOf('device', DEVICES));
const AccessoryRule = rule(oneOf('accessory', ACCESSORIES));
const SymptomRule = rule(oneOf('symptom', SYMPTOMS));
const CauseRule = rule(oneOf('cause', CAUSES));
const ScopeRule = rule(oneOf('scope', SCOPES));
const UsableRule = rule(Flag('usable'));
const MajorEventRule = rule(Flag('majorEvent'));

export const Lexicon = z.strictObject({
  lang: z.enum(LANGS, { error: (issue) => `unknown language ${JSON.stringify(issue.input)}; expected ${LANGS.join(' or ')}` }),
  negation: z
    .strictObject({
      /** Words that negate what follows them within the window ("没有摔过", "nobody dropped it"). */
      cues: z.array(Word).default([]),
      /** How far a cue reaches: characters for zh-CN, words for en. */
      window: z.number().int().nonnegative().default(2),
      /** Words that end a cue's reach, like punctuation does ("但是", "but"). */
      breaks: z.array(Word).default([]),
    })
    .default({ cues: [], window: 2, breaks: [] }),
  /** Phrases that mention a thing without reporting it ("HDMI线换了也不行"): blanked before matching. */
  ignore: z.strictObject({ words: z.array(Word).default([]), patterns: z.array(Pattern).default([]) }).default({ words: [], patterns: [] }),
  facts: z.strictObject({
    device: z.array(DeviceRule).default([]),
    accessory: z.array(AccessoryRule).default([]),
    symptom: z.array(SymptomRule).default([]),
    cause: z.array(CauseRule).default([]),
    scope: z.array(ScopeRule).default([]),
    usable: z.array(UsableRule).default([]),
    majorEvent: z.array(MajorEventRule).default([]),
  }),
});
export type Lexicon = z.infer<typeof Lexicon>;
export type LexiconSet = ReadonlyMap<Lang, Lexicon>;

/** Validates lexicon files; every problem in every file is reported, each with its file and path. */
export function parseLexicons(files: readonly YamlFile[]): { lexicons: LexiconSet; problems: Problem[] } {
  const lexicons = new Map<Lang, Lexicon>();
  const origin = new Map<Lang, string>();
  const problems: Problem[] = [];
  for (const { file, data } of files) {
    const result = Lexicon.safeParse(data);
    if (!result.success) {
      problems.push(...zodProblems(file, result.error));
      continue;
    }
    const earlier = origin.get(result.data.lang);
    if (earlier) {
      problems.push({ file, where: 'lang', message: `a lexicon for ${result.data.lang} is already defined in ${earlier}` });
      continue;
    }
    origin.set(result.data.lang, file);
    lexicons.set(result.data.lang, result.data);
  }
  return { lexicons, problems };
}
