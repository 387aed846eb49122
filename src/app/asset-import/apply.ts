import type { Catalog } from '../../catalog/catalog.js';
import type { AssetChangeFields } from '../../domain/asset-changes.js';
import { formatLocalDate, localDateOf } from '../../domain/calendar.js';
import { type ImportPlan, type PlaceRef, planImport, type Register } from '../../domain/asset-import/plan.js';
import { type ImportProblem, readImport } from '../../domain/asset-import/rows.js';
import { foldName, type ImportSpec } from '../../domain/asset-import/spec.js';
import type { LocalText } from '../../domain/i18n.js';
import type { Repos, Store } from '../../ports/store.js';
import { isWorkbook, readTable, UnreadableFile } from './read-table.js';
import { writePlan } from './write-plan.js';

/** The most data rows a list may have. */
export const MAX_IMPORT_ROWS = 50_000;
/** How many creates and updates a result lists (the counts are complete). */
const LISTED = 200;

export interface ImportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ImportRequest {
  readonly file: ImportFile;
  /** Who applies it; null: the command line or the demo seed. */
  readonly agentId: string | null;
  readonly now: Date;
  /** Only say what would happen; write nothing. */
  readonly dryRun: boolean;
}

/** What the catalog gives an import: the contracts a row may name, the spec, and the desk's zone (what "today" is). */
export type ImportCatalog = Pick<Catalog, 'contracts' | 'assetImport' | 'desk'>;

export interface ImportProblemReport {
  readonly line: number;
  readonly column: string | null;
  readonly code: ImportProblem['code'];
  readonly value?: string;
  readonly message: LocalText;
}

/** What an import did (or, in a dry run or with problems, would do). */
export interface ImportResult {
  /** Whether it was written: false in a dry run and whenever there are problems. */
  readonly applied: boolean;
  readonly importId: string | null;
  readonly fileName: string;
  /** Data rows that are not empty. */
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows left out as retired devices (their retired-on cell is filled): never restored, created or updated. */
  readonly retired: number;
  readonly sitesCreated: string[];
  readonly roomsCreated: { site: string; room: string }[];
  readonly problems: ImportProblemReport[];
  /** The first 200 assets created. */
  readonly creates: {
    line: number;
    tag: string;
    school: string;
    room: string | null;
    kind: string;
    model: string | null;
    serial: string | null;
  }[];
  /** The first 200 assets updated, with what changed (a `retired` change: restored). */
  readonly updates: { line: number; tag: string; changes: AssetChangeFields }[];
}

export { UnreadableFile };

/**
 * Reads an equipment list (CSV or XLSX) and applies it to the register: new schools and rooms,
 * assets created or updated, each logged in the audit trail, and the import recorded — all in one
 * transaction, under a lock that makes concurrent imports take turns (the register is read inside
 * it), or nothing when the file has problems or it is a dry run. Applying the same file again
 * changes nothing. Every instance forgets its cached places once it commits.
 * Throws UnreadableFile when the bytes are not a table with a header row.
 */
export async function applyImport(
  store: Pick<Store, 'read' | 'transaction'>,
  catalog: ImportCatalog,
  request: ImportRequest,
): Promise<ImportResult> {
  const spec = catalog.assetImport;
  // A CSV is text: NUL bytes mean another kind of file (an image, a PDF, an old .xls).
  if (!isWorkbook(request.file.bytes) && request.file.bytes.includes(0)) {
    throw new UnreadableFile('not_a_table', 'the file is neither a CSV nor an XLSX workbook');
  }
  const table = await readTable(request.file.bytes, { maxRows: MAX_IMPORT_ROWS });
  if (table.headers.every((h) => h === null || h === undefined || String(h).trim() === '')) {
    throw new UnreadableFile('not_a_table', 'the first row holds no column headers');
  }
  const today = formatLocalDate(localDateOf(request.now, catalog.desk.desk.timeZone));
  const read = readImport(spec, table, { contracts: new Set(catalog.contracts.keys()), today });
  const contractColumn = table.headers
    .map((h) => (typeof h === 'string' ? h.trim() : ''))
    .find((h) => spec.columns.contract.some((name) => sameName(name, h)));
  // No contract column: the problem names none (the console names the field in its own language).
  const planWith = (register: Register) => planImport(spec, register, read.rows, () => contractColumn ?? null);
  const problemLines = new Set(read.problems.filter((p) => p.line > 1).map((p) => p.line));
  const rows = read.rows.length + problemLines.size + read.retired.length;

  const summary = (plan: ImportPlan, register: Register, importId: string | null): ImportResult => {
    const problems = [...read.problems, ...plan.problems].sort((a, b) => a.line - b.line);
    return { ...describe(spec, request.file.name, rows, plan, register, problems, importId), retired: read.retired.length };
  };

  if (request.dryRun || read.problems.length > 0) {
    const register = await store.read.assets.imports.register();
    return summary(planWith(register), register, null);
  }
  return store.transaction(async (repos: Repos) => {
    await repos.assets.imports.lock();
    const register = await repos.assets.imports.register();
    const plan = planWith(register);
    if (plan.problems.length > 0) return summary(plan, register, null);
    const importId = await writePlan(repos, plan, {
      fileName: request.file.name,
      rows,
      agentId: request.agentId,
      now: request.now,
      organisationName: (contractId) => catalog.contracts.get(contractId)?.name['zh-CN'] ?? contractId,
    });
    return summary(plan, register, importId);
  });
}

const sameName = (a: string, b: string) => foldName(a) === foldName(b);

/** A problem's text in both languages, its {value}, {column} and {first} filled in. */
export function problemMessage(spec: ImportSpec, problem: ImportProblem): LocalText {
  const fill = (text: string) =>
    text
      .replaceAll('{value}', problem.value ?? '')
      .replaceAll('{column}', problem.column ?? '')
      .replaceAll('{first}', String(problem.first ?? ''));
  const texts = spec.problems[problem.code];
  return { 'zh-CN': fill(texts['zh-CN']), en: fill(texts.en) };
}

function describe(
  spec: ImportSpec,
  fileName: string,
  rows: number,
  plan: ImportPlan,
  register: Register,
  problems: readonly ImportProblem[],
  importId: string | null,
): Omit<ImportResult, 'retired'> {
  const siteNames = new Map<string, string>([
    ...register.sites.map((s) => [s.id, s.name] as const),
    ...plan.newSites.map((s) => [s.key, s.name] as const),
  ]);
  const roomNames = new Map<string, string>([
    ...register.rooms.map((r) => [r.id, r.name] as const),
    ...plan.newRooms.map((r) => [r.key, r.name] as const),
  ]);
  const nameOf = (names: Map<string, string>, ref: PlaceRef) => names.get('id' in ref ? ref.id : ref.key) ?? '';
  const tags = new Map(register.assets.map((a) => [a.id, a.tag]));
  return {
    applied: importId !== null,
    importId,
    fileName,
    rows,
    created: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.unchanged,
    sitesCreated: plan.newSites.map((s) => s.name),
    roomsCreated: plan.newRooms.map((r) => ({ site: nameOf(siteNames, r.site), room: r.name })),
    problems: problems.map((p) => ({
      line: p.line,
      column: p.column,
      code: p.code,
      ...(p.value === undefined ? {} : { value: p.value }),
      message: problemMessage(spec, p),
    })),
    creates: plan.creates.slice(0, LISTED).map(({ line, values }) => ({
      line,
      tag: values.tag,
      school: nameOf(siteNames, values.site),
      room: values.room ? nameOf(roomNames, values.room) : null,
      kind: values.kind,
      model: values.model,
      serial: values.serial,
    })),
    updates: plan.updates.slice(0, LISTED).map(({ line, assetId, changes }) => ({ line, tag: tags.get(assetId) ?? '', changes })),
  };
}
