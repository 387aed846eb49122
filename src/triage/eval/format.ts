import { SEVERITIES } from '../../domain/contract.js';
import { FACT_KEYS } from '../../domain/facts.js';
import { EVAL_FIELDS } from './expectation.js';
import type { Disagreements, EvalReport, ExtractorFigures, Miss } from './stats.js';

/** The evaluation as people read it (the command's output without --json). Pure. */

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number | null) => (x === null ? '—' : `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`);
const show = (v: string | boolean | null | undefined) => (v === null || v === undefined ? '—' : String(v));
const quote = (text: string) => (text === '' ? '(no text: explicit facts)' : JSON.stringify(text));

function accuracyLines(f: ExtractorFigures): string[] {
  const out = ['  accuracy (only the lines that expect a field count)'];
  for (const field of EVAL_FIELDS) {
    const a = f.accuracy[field];
    if (a.total === 0) continue;
    out.push(`    ${field.padEnd(11)}${`${a.correct}/${a.total}`.padStart(7)}  ${percent(a.accuracy ?? 0).padStart(6)}`);
  }
  if (out.length === 1) out.push('    no line expects any field');
  return out;
}

function confusionLines(f: ExtractorFigures): string[] {
  const out = [
    '  severity confusion (rows: expected, columns: got)',
    `    ${' '.repeat(9)}${SEVERITIES.map((s) => s.padStart(4)).join('')}`,
  ];
  for (const want of SEVERITIES) {
    out.push(`    ${want.padEnd(9)}${SEVERITIES.map((got) => String(f.confusion[want][got]).padStart(4)).join('')}`);
  }
  return out;
}

function missLine(m: Miss): string[] {
  const fields = Object.keys(m.expected) as (keyof Miss['expected'])[];
  const pairs = fields.map((k) => `${k}: expected ${show(m.expected[k])}, got ${show(m.got[k])}`);
  return [`    ${m.id} (line ${m.line}) ${quote(m.text)}`, ...pairs.map((p) => `      ${p}`)];
}

function extractorLines(f: ExtractorFigures): string[] {
  const out = [`${f.extractor} extractor: ${f.lines} line${f.lines === 1 ? '' : 's'}`, ...accuracyLines(f), ...confusionLines(f)];
  out.push(`  misses: ${f.misses.length}`, ...f.misses.flatMap(missLine));
  out.push(
    `  latency: p50 ${ms(f.latency.p50)}, p95 ${ms(f.latency.p95)} over ${f.latency.calls} extractor call${f.latency.calls === 1 ? '' : 's'}`,
  );
  out.push(
    f.tokens
      ? `  tokens: ${f.tokens.promptTokens} prompt + ${f.tokens.completionTokens} completion over ${f.tokens.calls} call${f.tokens.calls === 1 ? '' : 's'}${f.tokens.models.length ? ` (${f.tokens.models.join(', ')})` : ''}`
      : '  tokens: none reported',
  );
  return out;
}

function disagreementLines(names: readonly string[], d: Disagreements): string[] {
  const counts = FACT_KEYS.filter((f) => d.byFact[f] > 0).map((f) => `${f} ${d.byFact[f]}`);
  const out = [`disagreements between ${names.join(' and ')}: ${d.lines.length}${counts.length ? ` (${counts.join(', ')})` : ''}`];
  for (const x of d.lines) {
    const values = names.map((n) => `${n} ${show(x.values[n])}`).join(', ');
    out.push(`  ${x.id} (line ${x.line}) ${x.fact}: ${values}  ${quote(x.text)}`);
  }
  return out;
}

export function formatEvalReport(report: EvalReport): string {
  const blocks = [`evaluating ${report.file}`, ...report.extractors.map((f) => extractorLines(f).join('\n'))];
  if (report.disagreements) {
    blocks.push(
      disagreementLines(
        report.extractors.map((f) => f.extractor),
        report.disagreements,
      ).join('\n'),
    );
  }
  return `${blocks.join('\n\n')}\n`;
}
