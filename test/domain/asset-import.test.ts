import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { excelSerialDate, readDate } from '../../src/domain/asset-import/dates.js';
import { kindOf, readImport, type Cell } from '../../src/domain/asset-import/rows.js';
import { ImportSpec, withShownKindNames } from '../../src/domain/asset-import/spec.js';

const spec = ImportSpec.parse(parse(readFileSync(new URL('../../flows/assets/import.yaml', import.meta.url), 'utf8')));
const options = { contracts: new Set(['GX-EDU', 'CG-CULTURE']), today: '2026-11-30' };
const read = (headers: Cell[], ...rows: Cell[][]) => readImport(spec, { headers, rows }, options);

describe('dates as people type them in an equipment list', () => {
  it.each([
    ['2024-09-01', '2024-09-01'],
    ['2024/9/1', '2024-09-01'],
    ['2024.9.1', '2024-09-01'],
    ['2024 / 09 / 01', '2024-09-01'],
    ['2024年9月1日', '2024-09-01'],
    ['2024年9月1号', '2024-09-01'],
    ['２０２４年９月１日', '2024-09-01'],
    ['2024-09-01 00:00:00', '2024-09-01'],
    ['45536', '2024-09-01'],
  ])('reads %s', (typed, date) => expect(readDate(typed)).toBe(date));

  it('reads Excel serial numbers, with and without a time of day, and the dates spreadsheet readers give', () => {
    expect(readDate(45536)).toBe('2024-09-01');
    expect(readDate(45536.75)).toBe('2024-09-01');
    expect(excelSerialDate(43891)).toBe('2020-03-01'); // past a leap day
    expect(readDate(new Date(Date.UTC(2024, 8, 1)))).toBe('2024-09-01');
  });

  it.each(['2024-02-30', '2023-02-29', '2024/13/1', '2024年9月', '9/1/2024', 'soon', '', '12', '999999', 'NaN'])('refuses %s', (typed) =>
    expect(readDate(typed)).toBeNull(),
  );

  it('knows 29 February in a leap year and refuses an invalid Date', () => {
    expect(readDate('2024-02-29')).toBe('2024-02-29');
    expect(readDate(new Date(Number.NaN))).toBeNull();
  });
});

describe('reading an equipment list', () => {
  it('maps headers in zh-CN or en, whatever their case, spaces and brackets', () => {
    const zh = read(
      ['学校', '教室', '类型', '型号', '序列号', '验收日期', '质保期（月）', '合同', '资产编号'],
      ['青松小学', '四年级一班', '交互式平板', 'EduBoard 75', 'SN-001', '2024/9/1', '36', 'gx-edu', 'qs-pnl-01'],
    );
    const en = read(
      ['School', 'ROOM', 'Device Type', 'Model', 'Serial Number', 'Acceptance date', 'Warranty (months)', 'Contract', 'Asset tag'],
      ['Pine Primary', 'Room 4-1', 'interactive panel', 'EduBoard 75', 'SN-001', 45536, '36 months', 'GX-EDU', 'QS-PNL-01'],
    );
    const expected = {
      line: 2,
      room: expect.any(String),
      kind: 'interactive_panel',
      model: 'EduBoard 75',
      serial: 'SN-001',
      acceptedOn: '2024-09-01',
      warrantyMonths: 36,
      contractId: 'GX-EDU',
      tag: 'QS-PNL-01',
    };
    expect(zh).toEqual({ rows: [{ ...expected, school: '青松小学' }], problems: [], retired: [] });
    expect(en).toEqual({ rows: [{ ...expected, school: 'Pine Primary' }], problems: [], retired: [] });
  });

  it('needs only school, kind and acceptance date; the rest is null; empty rows are skipped', () => {
    const { rows, problems } = read(
      ['学校', '类型', '验收日期'],
      ['青松小学', '展台', '2025-03-01'],
      [null, '', '  '],
      ['青松小学', 'OPS电脑', '2025年3月2日'],
    );
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.kind, r.acceptedOn, r.room, r.tag, r.contractId])).toEqual([
      [2, 'visualizer', '2025-03-01', null, null, null],
      [4, 'computer', '2025-03-02', null, null, null],
    ]);
  });

  it('says which required column is missing, and reads no row', () => {
    const { rows, problems } = read(['学校', '教室', '型号'], ['青松小学', '四年级一班', 'X']);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 1, column: '类型', code: 'missing_column' },
      { line: 1, column: '验收日期', code: 'missing_column' },
    ]);
  });

  it('lists every problem of every row by row and column, and keeps the good rows', () => {
    const headers = ['学校', '类型', '验收日期', '质保月数', '合同', '资产编号', '序列号'];
    const { rows, problems } = read(
      headers,
      ['青松小学', '交互平板', '2024-09-01', '12', 'GX-EDU', 'QS-1001', 'A1'],
      ['', '飞行器', '2024-02-30', '1.5', 'NO-SUCH', 'bad tag!', 'B1'],
      ['青松小学', '投影仪', '2027-01-01', '0', '', 'qs-1001', 'a1'],
      ['青松小学\u0000', '音箱', '2024-09-01', '121', '', '', ''],
      ['x'.repeat(201), '服务器', '2024-09-01', '', '', '', ''],
    );
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(problems).toEqual([
      { line: 3, column: '学校', code: 'required' },
      { line: 3, column: '类型', code: 'unknown_kind', value: '飞行器' },
      { line: 3, column: '验收日期', code: 'bad_date', value: '2024-02-30' },
      { line: 3, column: '质保月数', code: 'bad_months', value: '1.5' },
      { line: 3, column: '合同', code: 'unknown_contract', value: 'NO-SUCH' },
      { line: 3, column: '资产编号', code: 'bad_tag', value: 'bad tag!' },
      { line: 4, column: '验收日期', code: 'future_date', value: '2027-01-01' },
      { line: 4, column: '质保月数', code: 'bad_months', value: '0' },
      { line: 4, column: '资产编号', code: 'duplicate_tag', value: 'qs-1001', first: 2 },
      { line: 4, column: '序列号', code: 'duplicate_serial', value: 'a1', first: 2 },
      { line: 5, column: '学校', code: 'bad_characters' },
      { line: 5, column: '质保月数', code: 'bad_months', value: '121' },
      { line: 6, column: '学校', code: 'too_long' },
    ]);
  });

  it('leaves out a row whose retired-on cell is filled (a retired device), whatever else it holds', () => {
    for (const header of ['报废日期', 'Retired on', 'retirement date']) {
      const { rows, problems, retired } = read(
        ['学校', '类型', '验收日期', header],
        ['青松小学', '展台', '2025-03-01', ''],
        ['青松小学', '飞行器', 'soon', '2026-10-01'],
        ['', '', '', '2026/10/1'],
      );
      expect(problems).toEqual([]);
      expect(rows.map((r) => r.line)).toEqual([2]);
      expect(retired).toEqual([3, 4]);
    }
  });

  it('refuses a column given twice', () => {
    const { problems } = read(['学校', 'School', '类型', '验收日期'], ['青松小学', 'Pine', '展台', '2024-09-01']);
    expect(problems).toContainEqual({ line: 1, column: 'School', code: 'duplicate_column' });
  });

  it('knows each kind by its id and by the names the list gives it', () => {
    expect(kindOf(spec, 'interactive_panel')).toBe('interactive_panel');
    expect(kindOf(spec, 'Interactive Panel')).toBe('interactive_panel');
    expect(kindOf(spec, '智慧黑板')).toBe('blackboard');
    expect(kindOf(spec, 'OPS 电脑')).toBe('computer');
    expect(kindOf(spec, '无人机')).toBeNull();
  });

  it('has a text in both languages for every problem', () => {
    for (const text of Object.values(spec.problems)) {
      expect(text['zh-CN']).not.toBe('');
      expect(text.en).not.toBe('');
    }
  });
});

describe("the kinds' shown names", () => {
  it('knows each kind also by the names the desk shows it under, in every language, without repeating a name', () => {
    const shown = {
      interactive_panel: { 'zh-CN': '交互式平板', en: 'Interactive flat panel' },
      visualizer: { 'zh-CN': '视频展示台', en: 'Document camera' },
    };
    const merged = withShownKindNames(spec, shown);
    expect(kindOf(spec, '视频展示台')).toBeNull();
    expect(kindOf(merged, '视频展示台')).toBe('visualizer');
    expect(kindOf(merged, 'interactive flat panel')).toBe('interactive_panel');
    expect(kindOf(merged, '智慧黑板')).toBe('blackboard');
    expect(merged.kinds.interactive_panel?.filter((n) => n === '交互式平板')).toHaveLength(1);
    // "Document camera" is already there (as "document camera"): only the new name is added.
    expect(merged.kinds.visualizer).toHaveLength((spec.kinds.visualizer?.length ?? 0) + 1);
    expect(merged.kinds.visualizer?.at(-1)).toBe('视频展示台');
    expect(merged.columns).toBe(spec.columns);
    expect(spec.kinds.visualizer).not.toContain('视频展示台');
  });
});
