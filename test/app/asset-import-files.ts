import ExcelJS from 'exceljs';
import type { ImportFile } from '../../src/app/asset-import/apply.js';

/** A CSV file as a spreadsheet saves it: quoted where needed, CRLF lines, UTF-8 with a BOM. */
export function csvFile(name: string, rows: readonly (readonly (string | number | null)[])[]): ImportFile {
  const quote = (cell: string | number | null) => {
    const text = cell === null ? '' : String(cell);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const text = `\uFEFF${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
  return { name, bytes: new TextEncoder().encode(text) };
}

/** An XLSX workbook with one sheet of the rows (dates as real date cells, numbers as numbers). */
export async function xlsxFile(name: string, rows: readonly (readonly (string | number | Date | null)[])[]): Promise<ImportFile> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('设备清单');
  for (const row of rows) sheet.addRow([...row]);
  return { name, bytes: new Uint8Array(await book.xlsx.writeBuffer()) };
}

export const HEADERS_ZH = ['学校', '教室', '类型', '型号', '序列号', '验收日期', '质保月数', '合同', '资产编号'];
export const HEADERS_EN = ['school', 'room', 'kind', 'model', 'serial', 'accepted on', 'warranty months', 'contract', 'tag'];

/** `count` devices of a new school, untagged (tags are generated), with serials unique to `prefix`. */
export function manyRows(prefix: string, count: number, school: string): (string | number | null)[][] {
  const kinds = ['交互式平板', '展台', '电脑', '智慧黑板', '投影仪'];
  return Array.from({ length: count }, (_, i) => [
    school,
    `${Math.floor(i / 8) + 1}号教室`,
    kinds[i % kinds.length] ?? '展台',
    `Model ${i % 7}`,
    `${prefix}-${String(i).padStart(6, '0')}`,
    `2024-${String((i % 12) + 1).padStart(2, '0')}-01`,
    36,
    'GX-EDU',
    null,
  ]);
}
