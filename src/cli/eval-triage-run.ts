import type { ContractSet } from '../catalog/contracts.js';
import type { FactExtractor } from '../triage/extractor.js';
import { checkExpectation, type Expectation } from '../triage/eval/expectation.js';
import type { EvalCase, ExtractorCases } from '../triage/eval/stats.js';
import { TimedExtractor } from '../triage/eval/timed-extractor.js';
import { answerTriageLine, isTriageLineError } from './triage-line.js';

/**
 * Runs an evaluation file through the triage CLI's own path (answerTriageLine: the line is checked
 * as `npm run triage` checks it, the extractor gives facts, the contract policy decides severity
 * and warranty) once per extractor, and collects what the statistics need.
 */

/** A line of the file that the evaluation can use. */
export interface EvalLine {
  /** 1-based, counting blank lines, as an editor shows it. */
  readonly line: number;
  readonly raw: string;
  readonly text: string;
  readonly expect: Expectation;
}

export interface LineProblem {
  readonly line: number;
  readonly message: string;
}

/** Says nothing: checks a line's fields through the triage path without asking any extractor. */
const SILENT: FactExtractor = { extract: async () => ({ facts: {}, evidence: [], lang: 'en' }) };

/**
 * Reads every non-blank line and checks it completely (JSON, the triage fields, the contract and
 * dates, the `expect` object) before any extractor runs, so that a malformed file costs no LLM
 * call. Returns every problem, or the lines.
 */
export async function readEvalLines(input: string, contracts: ContractSet): Promise<{ lines: EvalLine[] } | { problems: LineProblem[] }> {
  const lines: EvalLine[] = [];
  const problems: LineProblem[] = [];
  for (const [i, raw] of input.split(/\r?\n/).entries()) {
    if (raw.trim() === '') continue;
    const line = i + 1;
    const answer = await answerTriageLine(raw, { contracts, extractor: SILENT, lang: 'en' });
    if (answer && isTriageLineError(answer)) {
      problems.push({ line, message: answer.error });
      continue;
    }
    const data = JSON.parse(raw) as Record<string, unknown>;
    const expect = checkExpectation(data.expect);
    if (!expect.ok) {
      problems.push({ line, message: expect.reason });
      continue;
    }
    lines.push({ line, raw, text: typeof data.text === 'string' ? data.text : '', expect: expect.expect });
  }
  if (problems.length > 0) return { problems };
  if (lines.length === 0) return { problems: [{ line: 0, message: 'no lines to evaluate' }] };
  return { lines };
}

/** Answers every line with one extractor, timing each call with `now`. */
export async function runExtractor(
  name: string,
  extractor: FactExtractor,
  lines: readonly EvalLine[],
  contracts: ContractSet,
  now: () => number,
): Promise<ExtractorCases> {
  const timed = new TimedExtractor(extractor, now);
  const cases: EvalCase[] = [];
  for (const line of lines) {
    const answer = await answerTriageLine(line.raw, { contracts, extractor: timed, lang: 'en' });
    const calls = timed.take();
    // readEvalLines answered every line already: an error here means the extractor broke the line.
    if (!answer || isTriageLineError(answer)) throw new Error(`line ${line.line}: ${answer ? answer.error : 'no answer'}`);
    const call = calls[0];
    cases.push({
      line: line.line,
      id: answer.id,
      text: line.text,
      expect: line.expect,
      got: { severity: answer.severity, warranty: answer.warranty, facts: answer.facts },
      ...(call ? { ms: call.ms } : {}),
      ...(call?.usage ? { usage: call.usage } : {}),
    });
  }
  return { extractor: name, cases };
}
