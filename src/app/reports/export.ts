import type { Cell, ReportTable } from './tables.js';

/** What a CSV or a workbook is made of: a title (the sheet's name), a header row and the rows. */
export type SheetTable = Pick<ReportTable, 'title' | 'columns' | 'rows'> & { readonly name?: string };

/** A byte order mark: Excel reads a CSV as UTF-8 (Chinese intact) only when the file starts with it. */
const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first) is
 * written with a leading apostrophe so that it stays text (OWASP "CSV injection"). Numbers stay numbers.
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** "10%", "12.5%": a share as Excel writes and reads it. */
const percentText = (share: number) => `${Math.round(share * 1000) / 10}%`;

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'object') return percentText(cell.percent);
  const text = safeText(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV: UTF-8 with a BOM, RFC 4180 (CRLF line ends, quotes doubled inside quoted fields). */
export function tableCsv(table: SheetTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/**
 * How wide a text is in a spreadsheet's units (the width of a "0"): a Chinese character or a
 * full-width sign counts two, anything else one.
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch)
      ? 2
      : 1;
  return width;
}

/** The table as an XLSX workbook of one sheet (its title), the header row bold and frozen. */
export async function tableXlsx(table: SheetTable): Promise<Uint8Array<ArrayBuffer>> {
  // Loaded when a workbook is asked for: exceljs costs a server about 28 MB resident.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'fixline';
  // A sheet name holds at most 31 characters and none of []:*?/\.
  const sheet = book.addWorksheet(table.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...table.columns]).font = { bold: true };
  // Strings are stored as text in a workbook, never as formulas: they are written as they are. A
  // share is a number shown as a percentage (a spreadsheet computes with it).
  for (const row of table.rows) {
    const added = sheet.addRow(row.map((cell) => (cell !== null && typeof cell === 'object' ? cell.percent : cell)));
    row.forEach((cell, i) => {
      if (cell !== null && typeof cell === 'object') added.getCell(i + 1).numFmt = '0.0%';
    });
  }
  const shown = (cell: Cell | undefined) => (cell !== null && typeof cell === 'object' ? percentText(cell.percent) : String(cell ?? ''));
  sheet.columns.forEach((column, i) => {
    const widest = Math.max(...[table.columns[i] ?? '', ...table.rows.map((r) => r[i] ?? '')].map((v) => textWidth(shown(v))));
    column.width = Math.min(60, Math.max(10, widest + 2));
  });
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
