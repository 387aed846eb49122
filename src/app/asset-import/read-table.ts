import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { Cell, Table } from '../../domain/asset-import/rows.js';

/** Why a file could not be read as an equipment list. */
export class UnreadableFile extends Error {
  constructor(
    readonly reason: 'empty' | 'not_a_table' | 'too_many_rows',
    message: string,
  ) {
    super(message);
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Whether the bytes are an XLSX workbook (a zip), whatever the file is called. */
export function isWorkbook(bytes: Uint8Array): boolean {
  return ZIP.every((b, i) => bytes[i] === b);
}

/**
 * CSV text: UTF-8 (with or without BOM), or GB18030 — what Excel on a Chinese Windows saves as
 * "CSV" — when the bytes are not valid UTF-8.
 */
export function decodeCsv(bytes: Uint8Array): string {
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

/** The first sheet's value of a cell as the import reads it: text, number, date or empty. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return value.result instanceof Object && !(value.result instanceof Date) ? null : (value.result ?? null);
  if ('text' in value) return typeof value.text === 'string' ? value.text : null;
  return null;
}

async function readWorkbook(bytes: Uint8Array, maxRows: number): Promise<Table> {
  // Loaded when a workbook is read: exceljs costs a server about 28 MB resident.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile('not_a_table', 'the file is not an XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new UnreadableFile('empty', 'the workbook has no rows');
  if (sheet.rowCount > maxRows + 1) throw new UnreadableFile('too_many_rows', `more than ${maxRows} rows`);
  const rows: Cell[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellOf(row.getCell(c).value));
    rows.push(cells);
  });
  const [headers = [], ...data] = rows;
  return { headers, rows: data };
}

function readCsv(bytes: Uint8Array, maxRows: number): Table {
  const text = decodeCsv(bytes);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, delimiter: [',', '\t', ';'], to_line: maxRows + 2 });
  } catch (error) {
    throw new UnreadableFile('not_a_table', `the CSV could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (records.length === 0) throw new UnreadableFile('empty', 'the file has no rows');
  if (records.length > maxRows + 1) throw new UnreadableFile('too_many_rows', `more than ${maxRows} rows`);
  const [headers = [], ...rows] = records;
  return { headers, rows };
}

/** An uploaded equipment list (XLSX or CSV, told apart by its bytes) as a table of cells. */
export async function readTable(bytes: Uint8Array, options: { readonly maxRows: number }): Promise<Table> {
  if (bytes.length === 0) throw new UnreadableFile('empty', 'the file is empty');
  return isWorkbook(bytes) ? readWorkbook(bytes, options.maxRows) : readCsv(bytes, options.maxRows);
}
