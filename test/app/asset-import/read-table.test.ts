import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeCsv, readTable, UnreadableFile } from '../../../src/app/asset-import/read-table.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** "学校,类型\r\n青松小学,展台\r\n" as Excel on a Chinese Windows saves CSV: GB18030. */
const GB18030 = Uint8Array.from([
  0xd1, 0xa7, 0xd0, 0xa3, 0x2c, 0xc0, 0xe0, 0xd0, 0xcd, 0x0d, 0x0a, 0xc7, 0xe0, 0xcb, 0xc9, 0xd0, 0xa1, 0xd1, 0xa7, 0x2c, 0xd5, 0xb9, 0xcc,
  0xa8, 0x0d, 0x0a,
]);

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('设备清单'));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('reading an uploaded equipment list', () => {
  it('reads a UTF-8 CSV with a BOM, quoted commas and line breaks, and blank lines', async () => {
    const table = await readTable(utf8('\uFEFF学校,教室,备注\r\n青松小学,"四年级,一班","第一行\n第二行"\r\n\r\n青松小学,五年级,\r\n'), {
      maxRows: 10,
    });
    expect(table.headers).toEqual(['学校', '教室', '备注']);
    expect(table.rows).toEqual([
      ['青松小学', '四年级,一班', '第一行\n第二行'],
      ['青松小学', '五年级', ''],
    ]);
  });

  it('reads a CSV Excel saved in GB18030, and one separated by tabs or semicolons', async () => {
    expect(decodeCsv(GB18030)).toBe('学校,类型\r\n青松小学,展台\r\n');
    expect((await readTable(GB18030, { maxRows: 10 })).rows).toEqual([['青松小学', '展台']]);
    expect((await readTable(utf8('school\tkind\nPine\tpanel\n'), { maxRows: 10 })).rows).toEqual([['Pine', 'panel']]);
    expect((await readTable(utf8('school;kind\nPine;panel\n'), { maxRows: 10 })).rows).toEqual([['Pine', 'panel']]);
  });

  it('reads the first sheet of an XLSX: text, numbers, dates, rich text and formula results, empty cells as null', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['学校', '类型', '验收日期', '序列号', '质保月数']);
      sheet.addRow([
        '青松小学',
        { richText: [{ text: '交互' }, { text: '平板' }] },
        new Date(Date.UTC(2024, 8, 1)),
        'SN-1',
        { formula: '12*3', result: 36 },
      ]);
      sheet.addRow(['青松小学', '展台', 45536, null, null]);
    });
    const table = await readTable(bytes, { maxRows: 10 });
    expect(table.headers).toEqual(['学校', '类型', '验收日期', '序列号', '质保月数']);
    expect(table.rows).toEqual([
      ['青松小学', '交互平板', new Date(Date.UTC(2024, 8, 1)), 'SN-1', 36],
      ['青松小学', '展台', 45536, null, null],
    ]);
  });

  it('refuses an empty file, a broken workbook and more rows than allowed, saying why', async () => {
    await expect(readTable(new Uint8Array(), { maxRows: 10 })).rejects.toMatchObject({ reason: 'empty' });
    await expect(readTable(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), { maxRows: 10 })).rejects.toMatchObject({
      reason: 'not_a_table',
    });
    await expect(readTable(utf8('a\n1\n2\n3\n'), { maxRows: 2 })).rejects.toBeInstanceOf(UnreadableFile);
    await expect(readTable(utf8('a\n"unclosed\n'), { maxRows: 10 })).rejects.toMatchObject({ reason: 'not_a_table' });
  });
});
