import { z } from 'zod';
import { ACCESSORIES, CAUSES, DEVICES, FACT_KEYS, type FactKey, SCOPES, SYMPTOMS } from '../../domain/facts.js';

/**
 * What the LLM answers: for every fact of the vocabulary (src/domain/facts.ts) a value or null, a
 * confidence 0–1 and a short quote of the words that tell it. Never a severity or a warranty: the
 * contract policy decides those from the facts.
 */
const VOCABULARY = {
  device: DEVICES,
  accessory: ACCESSORIES,
  symptom: SYMPTOMS,
  cause: CAUSES,
  scope: SCOPES,
} as const;

const QUOTE_MAX = 80;

function factOf<T extends z.ZodType>(value: T) {
  return z.strictObject({
    value: value.nullable(),
    confidence: z.number().min(0).max(1),
    quote: z
      .string()
      .max(QUOTE_MAX * 2)
      .nullable(),
  });
}

const PLACE_MAX = 40;
const SUMMARY_MAX = 160;

export const LlmAnswer = z.strictObject({
  device: factOf(z.enum(DEVICES)),
  accessory: factOf(z.enum(ACCESSORIES)),
  symptom: factOf(z.enum(SYMPTOMS)),
  cause: factOf(z.enum(CAUSES)),
  scope: factOf(z.enum(SCOPES)),
  usable: factOf(z.boolean()),
  majorEvent: factOf(z.boolean()),
  /** The room or place the text names, as written ("三年级二班", "Room 302"); the desk looks it up. */
  place: z
    .string()
    .trim()
    .max(PLACE_MAX * 2)
    .nullish(),
  /** The report in two short lines for the agent who takes the conversation over. */
  summary: z
    .string()
    .trim()
    .max(SUMMARY_MAX * 2)
    .nullish(),
});
export type LlmAnswer = z.infer<typeof LlmAnswer>;
export type LlmFact = LlmAnswer[FactKey];

/** An answer as the few-shot examples write it: facts the text does not tell may be left out. */
export const LlmExampleAnswer = LlmAnswer.partial();
export type LlmExampleAnswer = z.infer<typeof LlmExampleAnswer>;

/** Completes an example's answer: facts left out are null with confidence 1. */
export function completeAnswer(partial: LlmExampleAnswer): LlmAnswer {
  const out: Record<string, LlmFact> = {};
  for (const key of FACT_KEYS) out[key] = partial[key] ?? { value: null, confidence: 1, quote: null };
  return { ...(out as Omit<LlmAnswer, 'place' | 'summary'>), place: partial.place ?? null, summary: partial.summary ?? null };
}

function factJsonSchema(key: FactKey): Record<string, unknown> {
  const value =
    key === 'usable' || key === 'majorEvent'
      ? { type: ['boolean', 'null'] }
      : { type: ['string', 'null'], enum: [...VOCABULARY[key], null] };
  return {
    type: 'object',
    properties: {
      value,
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      quote: { type: ['string', 'null'], description: `at most ${QUOTE_MAX} characters copied from the text` },
    },
    required: ['value', 'confidence', 'quote'],
    additionalProperties: false,
  };
}

/** The JSON schema of LlmAnswer, in the strict form structured outputs accept (every key required, nulls allowed). */
export function answerJsonSchema(): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      ...Object.fromEntries(FACT_KEYS.map((key) => [key, factJsonSchema(key)])),
      place: { type: ['string', 'null'], description: `the room or place named, as written; at most ${PLACE_MAX} characters` },
      summary: { type: ['string', 'null'], description: `the report in two short lines for an agent; at most ${SUMMARY_MAX} characters` },
    },
    required: [...FACT_KEYS, 'place', 'summary'],
    additionalProperties: false,
  };
}

/** The vocabulary as one line per fact, for the prompt. */
export function vocabularyText(): string {
  return [
    ...Object.entries(VOCABULARY).map(([key, values]) => `${key}: ${values.join(' | ')} | null`),
    'usable: true | false | null',
    'majorEvent: true | false | null',
  ].join('\n');
}

/** Parses the model's text; why it failed otherwise (not JSON, or outside the vocabulary). */
export function parseAnswer(
  text: string,
): { ok: true; answer: LlmAnswer } | { ok: false; kind: 'malformed' | 'vocabulary'; detail: string } {
  let json: unknown;
  try {
    json = JSON.parse(stripFence(text));
  } catch (error) {
    return { ok: false, kind: 'malformed', detail: (error as Error).message };
  }
  const parsed = LlmAnswer.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, kind: 'vocabulary', detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, answer: parsed.data };
}

/** Some models wrap JSON mode answers in a ```json fence. */
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return m?.[1] ?? text;
}
