import { z } from 'zod';
import type { ContractSet } from '../catalog/contracts.js';
import { AssetFacts } from '../domain/asset.js';
import { parseInstant, parseLocalDate } from '../domain/calendar.js';
import type { Contract, Severity, WarrantyDecision } from '../domain/contract.js';
import { type Facts, PartialFacts } from '../domain/facts.js';
import type { Lang } from '../domain/i18n.js';
import { AssetDateError } from '../domain/warranty.js';
import type { Extraction, FactExtractor } from '../triage/extractor.js';
import { triage } from '../triage/triage.js';

/**
 * One line of a triage batch (JSON Lines, as `npm run triage` reads it) → one answer line. Pure
 * given the contracts and the extractor: the CLI only reads and writes.
 */

/** What a line holds; other keys (such as "expect") are ignored. */
const TriageLine = z.object({
  id: z.union([z.string().min(1), z.number()]),
  contract: z.string().min(1),
  reportedAt: z.string().min(1),
  asset: AssetFacts.nullable(),
  text: z.string(),
  facts: PartialFacts.optional(),
});
type TriageLine = z.infer<typeof TriageLine>;

export interface TriageLineContext {
  readonly contracts: ContractSet;
  readonly extractor: FactExtractor;
  /** The language of the reasons' texts. */
  readonly lang: Lang;
}

export interface TriageLineAnswer {
  readonly id: string | number;
  readonly severity: Severity;
  readonly warranty: WarrantyDecision;
  readonly billable: boolean;
  readonly facts: Facts;
  readonly reasons: readonly { readonly contract: string; readonly clause: string; readonly text: string }[];
  /** With the LLM triage on: where each fact came from, where the LLM and the word lists disagreed, the call. */
  readonly origins?: Extraction['origins'];
  readonly disagreements?: Extraction['disagreements'];
  readonly llm?: Extraction['usage'];
}

export interface TriageLineError {
  readonly id?: string | number;
  readonly error: string;
}

export type TriageLineResult = TriageLineAnswer | TriageLineError;

export function isTriageLineError(result: TriageLineResult): result is TriageLineError {
  return 'error' in result;
}

const REQUIRED = ['id', 'contract', 'reportedAt', 'asset', 'text'] as const;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

type Checked = { ok: true; line: TriageLine; reportedAt: Date; contract: Contract } | { ok: false; error: TriageLineError };

/** Reads and checks one line; every problem names the field it is about. */
function checkTriageLine(text: string, contracts: ContractSet): Checked {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: { error: `invalid JSON: ${(error as Error).message}` } };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, error: { error: 'the line is not a JSON object' } };
  }
  const raw = data as Record<string, unknown>;
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? { id: raw.id } : {};
  const fail = (message: string): Checked => ({ ok: false, error: { ...id, error: message } });

  const missing = REQUIRED.filter((key) => !(key in raw));
  if (missing.length > 0) {
    const hint = missing.includes('asset') ? ' (asset may be null when the device is not identified)' : '';
    return fail(`missing field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}${hint}`);
  }
  const parsed = TriageLine.safeParse(raw);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'line'}: ${i.message}`).join('; '));
  }
  const line = parsed.data;
  const contract = contracts.get(line.contract);
  if (!contract) {
    return fail(`contract: unknown contract "${line.contract}" (known: ${[...contracts.keys()].join(', ')})`);
  }
  const tz = contract.timeZone;
  const reportedAt = DATE_ONLY.test(line.reportedAt) ? null : parseInstant(line.reportedAt, tz);
  if (!reportedAt) {
    return fail(`reportedAt: "${line.reportedAt}" is not a timestamp (such as 2026-10-12T14:10:00+08:00)`);
  }
  if (line.asset) {
    if (!parseLocalDate(line.asset.acceptedAt, tz)) return fail(`asset.acceptedAt: "${line.asset.acceptedAt}" is not a date`);
    for (const [i, part] of (line.asset.replacedParts ?? []).entries()) {
      if (!parseLocalDate(part.replacedAt, tz)) {
        return fail(`asset.replacedParts.${i}.replacedAt: "${part.replacedAt}" is not a date`);
      }
    }
  }
  return { ok: true, line, reportedAt, contract };
}

/** Answers one line; null for a blank line (no output). */
export async function answerTriageLine(text: string, ctx: TriageLineContext): Promise<TriageLineResult | null> {
  if (text.trim() === '') return null;
  const checked = checkTriageLine(text, ctx.contracts);
  if (!checked.ok) return checked.error;
  const { line, reportedAt, contract } = checked;
  try {
    const result = await triage(
      { contract, asset: line.asset, reportedAt, text: line.text, ...(line.facts ? { facts: line.facts } : {}) },
      ctx.extractor,
    );
    return {
      id: line.id,
      severity: result.severity,
      warranty: result.warranty,
      billable: result.billable,
      facts: result.facts,
      reasons: result.reasons.map((r) => ({ contract: r.contract, clause: r.clause, text: r.text[ctx.lang] })),
      ...(result.extraction?.origins ? { origins: result.extraction.origins } : {}),
      ...(result.extraction?.disagreements ? { disagreements: result.extraction.disagreements } : {}),
      ...(result.extraction?.usage ? { llm: result.extraction.usage } : {}),
    };
  } catch (error) {
    if (error instanceof AssetDateError) return { id: line.id, error: `asset: ${error.message}` };
    throw error;
  }
}

/** Answers a whole batch, line by line, in order; blank lines give nothing. */
export async function answerTriageText(input: string, ctx: TriageLineContext): Promise<{ results: TriageLineResult[]; failed: number }> {
  const results: TriageLineResult[] = [];
  let failed = 0;
  for (const text of input.split(/\r?\n/)) {
    const result = await answerTriageLine(text, ctx);
    if (!result) continue;
    if (isTriageLineError(result)) failed++;
    results.push(result);
  }
  return { results, failed };
}
