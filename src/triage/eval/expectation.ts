import { z } from 'zod';
import { Severity, WarrantyDecision } from '../../domain/contract.js';
import { FACT_KEYS, type Facts, PartialFacts } from '../../domain/facts.js';

/** The fields an evaluation line may expect: the contract's two decisions, then every fact. */
export const EVAL_FIELDS = ['severity', 'warranty', ...FACT_KEYS] as const;
export type EvalField = (typeof EVAL_FIELDS)[number];

/**
 * A line's `expect` object: what the answer should be. Strict, so that a misspelt field is an
 * error rather than a field nobody checks.
 */
export const Expectation = z.strictObject({ severity: Severity.optional(), warranty: WarrantyDecision.optional(), ...PartialFacts.shape });
export type Expectation = z.infer<typeof Expectation>;

/**
 * Checks a line's `expect` value (undefined when the line has none): the expectation, or every
 * reason it is not one, each naming its field (`expect.severity: …`).
 */
export function checkExpectation(value: unknown): { ok: true; expect: Expectation } | { ok: false; reason: string } {
  if (value === undefined) return { ok: false, reason: 'expect: missing (the evaluation needs the answer the line expects)' };
  const parsed = Expectation.safeParse(value);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => `${['expect', ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
    return { ok: false, reason };
  }
  if (!EVAL_FIELDS.some((f) => parsed.data[f] !== undefined)) {
    return { ok: false, reason: `expect: names no field to check (any of ${EVAL_FIELDS.join(', ')})` };
  }
  return { ok: true, expect: parsed.data };
}

/** What the triage path answered for a line, in the fields an expectation names. */
export interface Answer {
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
  readonly facts: Facts;
}

/** The value of one field in an answer; undefined when the answer has none (an accessory). */
export function answerValue(answer: Answer, field: EvalField): string | boolean | undefined {
  if (field === 'severity') return answer.severity;
  if (field === 'warranty') return answer.warranty;
  return answer.facts[field];
}
