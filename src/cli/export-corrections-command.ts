/**
 * The corrections export, which src/cli/export-corrections.ts runs with the process's streams
 * (tests run it in-process): npm run --silent triage:export-corrections -- [--out FILE] [--since YYYY-MM-DD]
 *
 * Every ticket an agent corrected a fact of (fact_corrections) becomes one line of the triage CLI's
 * input (JSON Lines, src/cli/triage-line.ts) with an `expect` object: the corrected facts, and the
 * severity and warranty the contract gives for the ticket's facts as corrected. The file is an
 * evaluation set for `npm run eval:triage`. Reads the database the desk uses (DATABASE_URL, else
 * the embedded one in DATA_DIR, which a running fixline holds: stop it first).
 * Exit codes: 0 every corrected ticket was exported; 1 some could not be (stderr says which and
 * why; the others were); 2 the options, the settings, the flows data or the database are unusable.
 */
import { writeFile } from 'node:fs/promises';
import type { ContractSet } from '../catalog/contracts.js';
import type { AssetFacts } from '../domain/asset.js';
import { formatInstant, formatLocalDate, localDateOf, parseLocalDate } from '../domain/calendar.js';
import type { Contract, Severity, WarrantyDecision } from '../domain/contract.js';
import { formatProblem } from '../domain/data-files.js';
import { FACT_KEYS, type FactKey, Facts, PartialFacts } from '../domain/facts.js';
import { assess } from '../domain/policy.js';
import { ConfigError, parseConfig } from '../config.js';
import { type CorrectedTicket, readCorrectedTickets } from '../storage/repositories/fact-corrections.js';
import { readCliArgs } from './cli-input.js';
import { openDeskDatabase } from './desk-database.js';
import type { Database } from '../storage/database.js';
import type { CommandIo } from './triage-command.js';
import { loadTriageData } from './triage-data.js';

const NAME = 'triage:export-corrections';
const USAGE = `usage: npm run --silent ${NAME} -- [--out FILE] [--since YYYY-MM-DD]`;

/** One exported line: the triage CLI's input, with what the agents said the answer is. */
export interface CorrectionLine {
  readonly id: string;
  readonly contract: string;
  readonly reportedAt: string;
  readonly asset: AssetFacts | null;
  readonly text: string;
  /** The facts the teacher chose (buttons or typed answers), as they chose them. */
  readonly facts: Partial<Record<FactKey, string | boolean>>;
  readonly expect: Partial<Record<FactKey, string | boolean>> & { severity?: Severity; warranty?: WarrantyDecision };
}

/** A ticket as an evaluation line, or why it cannot be one. Pure. */
export function correctionLine(ticket: CorrectedTicket, contract: Contract): CorrectionLine | string {
  const latest = new Map<FactKey, string | boolean>();
  const first = new Map<FactKey, CorrectedTicket['corrections'][number]>();
  for (const c of ticket.corrections) {
    if (!isFactValue(c.fact, c.after)) return `correction ${c.id}: ${JSON.stringify(c.after)} is not a value of ${c.fact}`;
    latest.set(c.fact, c.after);
    if (!first.has(c.fact)) first.set(c.fact, c);
  }
  const facts: Partial<Record<FactKey, string | boolean>> = {};
  const current: Record<string, unknown> = {};
  for (const key of FACT_KEYS) {
    const stored = ticket.facts[key];
    if (stored !== null && stored !== undefined) current[key] = stored;
    const corrected = latest.get(key);
    if (corrected !== undefined) current[key] = corrected;
    // What the teacher chose: the value before an agent corrected it, else the stored one.
    const firstCorrection = first.get(key);
    const teacher = ticket.triage?.origins[key]?.source === 'teacher' || firstCorrection?.source === 'teacher';
    const chosen = firstCorrection && firstCorrection.before !== null ? firstCorrection.before : stored;
    if (teacher && isFactValue(key, chosen)) facts[key] = chosen;
  }
  const complete = Facts.safeParse(current);
  if (!complete.success) return `its facts are incomplete or invalid (${complete.error.issues.map((i) => i.path.join('.')).join(', ')})`;
  const decided = assess(complete.data, ticket.asset, contract, ticket.reportedAt);
  return {
    id: ticket.number,
    contract: ticket.contractId,
    reportedAt: formatInstant(ticket.reportedAt, contract.timeZone),
    asset: ticket.asset,
    text: ticket.triage?.text || ticket.description,
    facts,
    expect: { ...Object.fromEntries(latest), severity: decided.severity, warranty: decided.warranty },
  };
}

function isFactValue(key: string, value: unknown): value is string | boolean {
  const schema = (PartialFacts.shape as Partial<Record<string, { safeParse(v: unknown): { success: boolean } }>>)[key];
  return value !== null && value !== undefined && schema?.safeParse(value).success === true;
}

export interface ExportResult {
  readonly lines: CorrectionLine[];
  /** Tickets left out, each with why. */
  readonly problems: { readonly ticket: string; readonly message: string }[];
}

/**
 * The evaluation lines of every corrected ticket (those with a correction on or after `since`, a
 * local date in the ticket's contract's time zone, when given), by the time they were reported.
 */
export async function exportCorrections(database: Pick<Database, 'db'>, contracts: ContractSet, since?: string): Promise<ExportResult> {
  const lines: CorrectionLine[] = [];
  const problems: ExportResult['problems'] = [];
  for (const ticket of await readCorrectedTickets(database.db)) {
    const contract = contracts.get(ticket.contractId);
    if (!contract) {
      problems.push({ ticket: ticket.number, message: `contract "${ticket.contractId}" is not in the flows data` });
      continue;
    }
    if (since && !ticket.corrections.some((c) => formatLocalDate(localDateOf(c.at, contract.timeZone)) >= since)) continue;
    const line = correctionLine(ticket, contract);
    if (typeof line === 'string') problems.push({ ticket: ticket.number, message: line });
    else lines.push(line);
  }
  return { lines, problems };
}

/** Runs the command; returns its exit code. */
export async function exportCorrectionsCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const fail = (message: string, usage = false) => {
    io.stderr(`${NAME}: ${message}\n${usage ? `${USAGE}\n` : ''}`);
    return 2;
  };
  const args = readCliArgs(argv, { values: ['--out', '--since'], file: false });
  if (typeof args === 'string') return fail(args, true);
  const since = args.values.get('--since');
  // Any zone: only the form and the calendar are checked here.
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(since) || !parseLocalDate(since, 'UTC'))) {
    return fail(`--since must be a date YYYY-MM-DD, not "${since}"`, true);
  }
  const out = args.values.get('--out');

  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(error.message);
  }
  const data = await loadTriageData(config.FLOWS_DIR);
  if ('problems' in data) return fail(`the flows data is invalid:\n${data.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);

  // The desk migrates its database when it starts; an export changes nothing.
  const database = await openDeskDatabase(config, 'export', { create: false });
  if (typeof database === 'string') return fail(database);
  let result: ExportResult;
  try {
    result = await exportCorrections(database, data.contracts, since);
  } catch (error) {
    const missing = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    return fail(
      missing === '42P01'
        ? 'the database has no fact_corrections yet: start this version of fixline once (it migrates), then export'
        : `cannot read the corrections: ${(error as Error).message}`,
    );
  } finally {
    await database.close();
  }

  const text = result.lines.map((line) => `${JSON.stringify(line)}\n`).join('');
  if (out) {
    try {
      await writeFile(out, text);
    } catch (error) {
      return fail(`cannot write ${out}: ${(error as Error).message}`);
    }
  } else {
    io.stdout(text);
  }
  for (const p of result.problems) io.stderr(`${NAME}: ticket ${p.ticket} left out: ${p.message}\n`);
  io.stderr(`${NAME}: ${result.lines.length} corrected ticket${result.lines.length === 1 ? '' : 's'} exported${out ? ` to ${out}` : ''}\n`);
  return result.problems.length > 0 ? 1 : 0;
}
