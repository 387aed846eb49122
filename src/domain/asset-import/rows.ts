import type { Device } from '../facts.js';
import { readDate } from './dates.js';
import { foldName, type ImportField, type ImportSpec, IMPORT_FIELDS, type ProblemCode, REQUIRED_FIELDS } from './spec.js';

/** A cell as a CSV or spreadsheet reader gives it. */
export type Cell = string | number | Date | boolean | null | undefined;

/** An equipment list as read: the header row and the data rows. */
export interface Table {
  readonly headers: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
}

/** One device of the list, checked: what the register stores. */
export interface ImportRow {
  /** The row's number in the file as a spreadsheet shows it (the header is row 1). */
  readonly line: number;
  readonly school: string;
  readonly room: string | null;
  readonly kind: Device;
  readonly model: string | null;
  readonly serial: string | null;
  /** "YYYY-MM-DD". */
  readonly acceptedOn: string;
  readonly warrantyMonths: number | null;
  readonly contractId: string | null;
  /** Upper case; null: one is generated. */
  readonly tag: string | null;
}

/** Something wrong in the file: where (row, and the column as its header says), what, and the cell. */
export interface ImportProblem {
  readonly line: number;
  /** The header as written in the file (or the field's first name when the column is missing). */
  readonly column: string | null;
  readonly code: ProblemCode;
  readonly value?: string;
  /** Another row the value was first seen on (duplicates). */
  readonly first?: number;
}

export interface ReadOptions {
  /** Contract ids the desk has (a row's contract must be one of them). */
  readonly contracts: ReadonlySet<string>;
  /** Today ("YYYY-MM-DD", the desk's zone): acceptance dates after it are refused. */
  readonly today: string;
}

const MAX_LENGTH = 200;
const TAG = /^[A-Z0-9][A-Z0-9-]{2,39}$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Which column holds which field, and the problems of the header row. */
function mapColumns(spec: ImportSpec, headers: readonly Cell[]) {
  const byName = new Map<string, ImportField>();
  for (const field of IMPORT_FIELDS) for (const name of spec.columns[field]) byName.set(foldName(name), field);
  const columns = new Map<ImportField, { index: number; header: string }>();
  const problems: ImportProblem[] = [];
  headers.forEach((cell, index) => {
    const header = cellText(cell);
    const field = header ? byName.get(foldName(header)) : undefined;
    if (!field) return;
    if (columns.has(field)) problems.push({ line: 1, column: header, code: 'duplicate_column' });
    else columns.set(field, { index, header });
  });
  for (const field of REQUIRED_FIELDS) {
    if (!columns.has(field)) problems.push({ line: 1, column: spec.columns[field][0] ?? field, code: 'missing_column' });
  }
  return { columns, problems };
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).normalize('NFC').trim();
}

/** The device kind a name stands for: its id, or one of the names the spec lists. */
export function kindOf(spec: ImportSpec, name: string): Device | null {
  const folded = foldName(name);
  for (const [kind, names] of Object.entries(spec.kinds) as [Device, string[]][]) {
    if (foldName(kind) === folded || names.some((n) => foldName(n) === folded)) return kind;
  }
  return null;
}

/** What readImport found: the rows to apply, the problems, and the lines of the rows left out as retired. */
export interface ReadImport {
  readonly rows: ImportRow[];
  readonly problems: ImportProblem[];
  readonly retired: number[];
}

/**
 * Reads and checks an equipment list without I/O: each data row becomes an ImportRow, or problems
 * by row and column (every one found, not the first); empty rows are skipped, and so are rows whose
 * retired-on cell is filled (retired devices: counted in `retired`, never checked or applied). A
 * file whose header lacks a required column gives only that problem.
 */
export function readImport(spec: ImportSpec, table: Table, options: ReadOptions): ReadImport {
  const { columns, problems } = mapColumns(spec, table.headers);
  if (problems.some((p) => p.code === 'missing_column')) return { rows: [], problems, retired: [] };
  const rows: ImportRow[] = [];
  const retired: number[] = [];
  const tags = new Map<string, number>();
  const serials = new Map<string, number>();
  table.rows.forEach((cells, index) => {
    const line = index + 2;
    const raw = (field: ImportField): Cell => {
      const column = columns.get(field);
      return column ? cells[column.index] : undefined;
    };
    if (IMPORT_FIELDS.every((f) => cellText(raw(f)) === '')) return;
    if (cellText(raw('retiredOn')) !== '') return void retired.push(line);
    const found: ImportProblem[] = [];
    const problem = (field: ImportField, code: ProblemCode, value?: string, first?: number) =>
      found.push({
        line,
        column: columns.get(field)?.header ?? null,
        code,
        ...(value === undefined ? {} : { value }),
        ...(first === undefined ? {} : { first }),
      });
    const text = (field: ImportField): string | null => {
      const value = cellText(raw(field));
      if (value === '') return null;
      if (CONTROL.test(value)) return (void problem(field, 'bad_characters'), null);
      if (value.length > MAX_LENGTH) return (void problem(field, 'too_long'), null);
      return value;
    };

    const school = text('school');
    if (school === null && !found.some((p) => p.column === columns.get('school')?.header)) problem('school', 'required');
    const kindName = text('kind');
    const kind = kindName === null ? null : kindOf(spec, kindName);
    if (kindName === null) problem('kind', 'required');
    else if (!kind) problem('kind', 'unknown_kind', kindName);

    const acceptedCell = raw('acceptedOn');
    const acceptedOn =
      acceptedCell === null || acceptedCell === undefined || cellText(acceptedCell) === ''
        ? null
        : readDate(acceptedCell as string | number | Date);
    if (cellText(acceptedCell) === '') problem('acceptedOn', 'required');
    else if (!acceptedOn) problem('acceptedOn', 'bad_date', cellText(acceptedCell));
    else if (acceptedOn > options.today) problem('acceptedOn', 'future_date', acceptedOn);

    const monthsText = text('warrantyMonths');
    const months = monthsText === null ? null : Number(monthsText.replace(/(个月|月|months?)$/i, '').trim());
    if (monthsText !== null && (months === null || !Number.isInteger(months) || months < 1 || months > 120))
      problem('warrantyMonths', 'bad_months', monthsText);

    const contract = text('contract');
    const contractId = contract === null ? null : contract.toUpperCase();
    if (contractId !== null && !options.contracts.has(contractId)) problem('contract', 'unknown_contract', contract ?? '');

    const tagText = text('tag');
    const tag = tagText === null ? null : tagText.toUpperCase();
    if (tag !== null && !TAG.test(tag)) problem('tag', 'bad_tag', tagText ?? '');
    else if (tag !== null && tags.has(tag)) problem('tag', 'duplicate_tag', tagText ?? '', tags.get(tag));
    else if (tag !== null) tags.set(tag, line);

    const serial = text('serial');
    const serialKey = serial?.toUpperCase();
    if (serialKey && serials.has(serialKey)) problem('serial', 'duplicate_serial', serial ?? '', serials.get(serialKey));
    else if (serialKey) serials.set(serialKey, line);

    const room = text('room');
    const model = text('model');
    if (found.length > 0 || school === null || !kind || !acceptedOn) {
      problems.push(...found);
      return;
    }
    rows.push({
      line,
      school,
      room,
      kind,
      model,
      serial,
      acceptedOn,
      warrantyMonths: monthsText === null ? null : months,
      contractId,
      tag,
    });
  });
  return { rows, problems, retired };
}
