import { SEVERITIES, type Severity } from '../../domain/contract.js';
import { FACT_KEYS, type FactKey } from '../../domain/facts.js';
import { type Answer, answerValue, EVAL_FIELDS, type EvalField, type Expectation } from './expectation.js';

/**
 * The figures of a triage evaluation, as a pure function of the answers: no I/O, no clock (the
 * caller measures the latency and passes it in).
 */

/** The tokens an extractor reported for one call (an LLM extractor's `usage`). */
export interface CallUsage {
  readonly model?: string;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
}

/** One line as one extractor answered it. */
export interface EvalCase {
  readonly line: number;
  readonly id: string | number;
  readonly text: string;
  readonly expect: Expectation;
  readonly got: Answer;
  /** How long the extractor took; absent when it was not asked (a line without text). */
  readonly ms?: number;
  readonly usage?: CallUsage;
}

export interface FieldAccuracy {
  readonly correct: number;
  /** The lines that expect this field. */
  readonly total: number;
  /** correct / total; null when no line expects the field. */
  readonly accuracy: number | null;
}

export interface Miss {
  readonly line: number;
  readonly id: string | number;
  readonly text: string;
  /** Only the fields that missed, expected and got side by side. */
  readonly expected: Partial<Record<EvalField, string | boolean>>;
  readonly got: Partial<Record<EvalField, string | boolean | null>>;
}

export interface Latency {
  /** How many calls were timed. */
  readonly calls: number;
  readonly p50: number | null;
  readonly p95: number | null;
}

export interface Tokens {
  /** How many calls reported usage. */
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly models: readonly string[];
}

export interface ExtractorFigures {
  readonly extractor: string;
  readonly lines: number;
  readonly accuracy: Record<EvalField, FieldAccuracy>;
  /** Lines that expect a severity: confusion[expected][got]. */
  readonly confusion: Record<Severity, Record<Severity, number>>;
  readonly misses: readonly Miss[];
  readonly latency: Latency;
  /** null when no call reported usage (the rules extractor never does). */
  readonly tokens: Tokens | null;
}

/** Nearest-rank percentile (the smallest value with at least p% of the values at or below it). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

function emptyConfusion(): Record<Severity, Record<Severity, number>> {
  const row = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  return Object.fromEntries(SEVERITIES.map((s) => [s, row()])) as Record<Severity, Record<Severity, number>>;
}

function tokensOf(cases: readonly EvalCase[]): Tokens | null {
  const reported = cases.filter((c) => c.usage && (c.usage.promptTokens !== undefined || c.usage.completionTokens !== undefined));
  if (reported.length === 0) return null;
  const models = new Set<string>();
  let promptTokens = 0;
  let completionTokens = 0;
  for (const c of reported) {
    promptTokens += c.usage?.promptTokens ?? 0;
    completionTokens += c.usage?.completionTokens ?? 0;
    if (c.usage?.model) models.add(c.usage.model);
  }
  return { calls: reported.length, promptTokens, completionTokens, models: [...models].sort() };
}

/** The figures of one extractor over every line it answered. */
export function evaluate(extractor: string, cases: readonly EvalCase[]): ExtractorFigures {
  const accuracy = {} as Record<EvalField, FieldAccuracy>;
  for (const field of EVAL_FIELDS) {
    const expecting = cases.filter((c) => c.expect[field] !== undefined);
    const correct = expecting.filter((c) => answerValue(c.got, field) === c.expect[field]).length;
    accuracy[field] = { correct, total: expecting.length, accuracy: expecting.length ? correct / expecting.length : null };
  }
  const confusion = emptyConfusion();
  for (const c of cases) if (c.expect.severity) confusion[c.expect.severity][c.got.severity]++;

  const misses: Miss[] = [];
  for (const c of cases) {
    const expected: Miss['expected'] = {};
    const got: Miss['got'] = {};
    for (const field of EVAL_FIELDS) {
      const want = c.expect[field];
      const have = answerValue(c.got, field);
      if (want !== undefined && want !== have) {
        expected[field] = want;
        got[field] = have ?? null;
      }
    }
    if (Object.keys(expected).length > 0) misses.push({ line: c.line, id: c.id, text: c.text, expected, got });
  }

  const ms = cases.flatMap((c) => (c.ms === undefined ? [] : [c.ms]));
  return {
    extractor,
    lines: cases.length,
    accuracy,
    confusion,
    misses,
    latency: { calls: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95) },
    tokens: tokensOf(cases),
  };
}

export interface Disagreement {
  readonly line: number;
  readonly id: string | number;
  readonly text: string;
  readonly fact: FactKey;
  /** What each extractor's answer held, by extractor name (null: no value). */
  readonly values: Readonly<Record<string, string | boolean | null>>;
}

export interface Disagreements {
  /** How many lines disagree on each fact. */
  readonly byFact: Record<FactKey, number>;
  readonly lines: readonly Disagreement[];
}

/**
 * Where two extractors' answers differ, fact by fact, over the lines both answered (matched by
 * line number). The facts compared are the completed ones the contract policy decided on.
 */
export function disagreements(a: ExtractorCases, b: ExtractorCases): Disagreements {
  const byFact = Object.fromEntries(FACT_KEYS.map((f) => [f, 0])) as Record<FactKey, number>;
  const lines: Disagreement[] = [];
  const other = new Map(b.cases.map((c) => [c.line, c]));
  for (const left of a.cases) {
    const right = other.get(left.line);
    if (!right) continue;
    for (const fact of FACT_KEYS) {
      const x = left.got.facts[fact] ?? null;
      const y = right.got.facts[fact] ?? null;
      if (x === y) continue;
      byFact[fact]++;
      lines.push({ line: left.line, id: left.id, text: left.text, fact, values: { [a.extractor]: x, [b.extractor]: y } });
    }
  }
  return { byFact, lines };
}

export interface ExtractorCases {
  readonly extractor: string;
  readonly cases: readonly EvalCase[];
}

/** The whole evaluation: the figures of each extractor, and their disagreements when two ran. */
export interface EvalReport {
  readonly file: string;
  readonly extractors: readonly ExtractorFigures[];
  readonly disagreements?: Disagreements;
}

export function evalReport(file: string, runs: readonly ExtractorCases[]): EvalReport {
  const extractors = runs.map((r) => evaluate(r.extractor, r.cases));
  const [a, b] = runs;
  return a && b && runs.length === 2 ? { file, extractors, disagreements: disagreements(a, b) } : { file, extractors };
}
