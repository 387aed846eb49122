import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { TestDesk } from '../support/desk.js';
import type { ReportClient } from './reports-suite.js';
import {
  atMin,
  CONTRACT_OF,
  expectedClocks,
  expectedStats,
  INSPECTIONS,
  NOW,
  number,
  OUTSIDE,
  reportedAt,
  type SiteName,
  SURVEYS,
  TICKETS,
  type TicketSeed,
  VISITS,
} from './reports-seed.js';

export interface Seeded {
  readonly siteIds: Record<SiteName, string>;
  readonly ticketIds: Record<number, string>;
}

const MIN = 60_000;
const HOUR = 3_600_000;
const FROM = new Date('2026-11-01T00:00:00+08:00').getTime();
const TO = new Date('2026-12-01T00:00:00+08:00').getTime();
const RANGE = 'from=2026-11-01&to=2026-11-30';

/** Count of each key, as sorted [key, count] pairs (the order on screen is not what is checked). */
function tally(keys: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort(([a], [b]) => (a < b ? -1 : 1));
}
const pairs = (groups: readonly { key: string; name?: string; count: number }[], by: 'key' | 'name' = 'key'): [string, number][] =>
  groups.map((g): [string, number] => [(by === 'name' ? g.name : g.key) ?? '', g.count]).sort(([a], [b]) => (a < b ? -1 : 1));

/** Reads CSV as RFC 4180 writes it (quoted fields with doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

async function xlsxRows(res: Response): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return book.worksheets[0]!.getSheetValues()
    .slice(1)
    .map((r) => (Array.isArray(r) ? r.slice(1) : []));
}

interface Json {
  report: {
    tickets: number;
    bySeverity: { key: string; count: number }[];
    byDevice: { key: string; count: number }[];
    bySymptom: { key: string; count: number }[];
    bySite: { key: string; name: string; count: number }[];
    clocks: ({ key: string } & Record<string, number>)[];
    breaches: { number: string; clock: string; lateMs: number; ticketId: string }[];
    durations: { key: string; count: number; median: number | null; p90: number | null }[];
    firstAid: { solved: number; tickets: number; share: number | null };
    satisfaction: {
      levels: { score: number; count: number }[];
      trend: { month: string; answered: number; mean: number }[];
      comments: { number: string; comment: string }[];
    };
    visits: { rounds: { site: string; roundOn: string; result: string }[]; totals: Record<string, number> };
    inspections: { list: { number: string; state: string }[]; totals: Record<string, number> };
  };
}

export async function checkReport(client: () => ReportClient, desk: TestDesk, seeded: Seeded): Promise<void> {
  const inRange = (t: TicketSeed) => reportedAt(t).getTime() >= FROM && reportedAt(t).getTime() < TO;
  const seeds = [...TICKETS, ...OUTSIDE].filter(inRange);
  const res = await client().get(`/reports?${RANGE}`);
  expect(res.status).toBe(200);
  const { report } = (await res.json()) as Json;

  // Groups.
  expect(report.tickets).toBe(seeds.length);
  expect(report.bySeverity).toEqual(['A', 'B', 'C', 'D'].map((key) => ({ key, count: seeds.filter((t) => t.severity === key).length })));
  expect(pairs(report.byDevice)).toEqual(tally(seeds.map((t) => t.device)));
  expect(pairs(report.bySymptom)).toEqual(tally(seeds.map((t) => t.symptom)));
  expect(pairs(report.bySite, 'name')).toEqual(tally(seeds.map((t) => t.site)));

  // Clocks: each state counted, each breach listed with how late.
  const clocks = seeds.flatMap((t) => expectedClocks(t, desk.catalog.contracts.get(CONTRACT_OF[t.site])!, NOW).map((c) => ({ ...c, t })));
  for (const key of ['response', 'onSite', 'repair', 'loaner']) {
    const row = report.clocks.find((c) => c.key === key)!;
    for (const state of ['met', 'breached', 'running', 'paused', 'not_needed']) {
      expect(row[state], `${key} ${state}`).toBe(clocks.filter((c) => c.key === key && c.state === state).length);
    }
  }
  const breaches = clocks.filter((c) => c.state === 'breached').map((c) => [number(c.t.n), c.key, c.lateMs]);
  expect(report.breaches.map((b) => [b.number, b.clock, b.lateMs]).sort()).toEqual(breaches.sort());
  expect(breaches.length).toBeGreaterThanOrEqual(5);
  expect(report.breaches.every((b) => b.ticketId === seeded.ticketIds[Number(b.number.slice(-5))])).toBe(true);

  // Median and p90 of each time.
  const times = (pick: (t: TicketSeed) => number | undefined) => seeds.flatMap((t) => (pick(t) === undefined ? [] : [pick(t)! * MIN]));
  expect(report.durations).toEqual([
    { key: 'response', ...expectedStats(times((t) => t.respondedMin)) },
    { key: 'onSite', ...expectedStats(times((t) => t.onSiteMin)) },
    { key: 'repair', ...expectedStats(times((t) => t.resolvedMin)) },
  ]);

  // First aid: the chat's fix in November; the December one is outside.
  expect(report.firstAid).toEqual({ solved: 1, tickets: seeds.length, share: 1 / (1 + seeds.length) });

  // Satisfaction.
  const answered = SURVEYS.filter((s) => new Date(`${s.answered}:00+08:00`).getTime() < TO);
  expect(report.satisfaction.levels).toEqual(
    [5, 4, 3, 2, 1].map((score) => ({ score, count: answered.filter((s) => s.score === score).length })),
  );
  const mean = answered.reduce((a, s) => a + s.score, 0) / answered.length;
  expect(report.satisfaction.trend).toEqual([{ month: '2026-11', answered: answered.length, mean }]);
  expect(report.satisfaction.comments.map((c) => c.comment)).toEqual(answered.flatMap((s) => (s.comment ? [s.comment] : [])));

  // Return visits by round, and inspections.
  const within = desk.catalog.contracts.get('GX-EDU')!.afterService.returnVisits.answerWithin;
  const rounds = new Map<string, typeof VISITS>();
  for (const v of VISITS.filter((v) => v.roundOn <= '2026-11-30'))
    rounds.set(`${v.site}|${v.roundOn}`, [...(rounds.get(`${v.site}|${v.roundOn}`) ?? []), v]);
  const results = [...rounds].map(([key, rows]) => {
    const done = rows.some((v) => v.status === 'answered' || v.called);
    const waiting = rows.some((v) => v.status === 'sent' && v.sentHoursAgo !== null && v.sentHoursAgo * HOUR < within);
    return `${key}|${done ? 'done' : waiting ? 'waiting' : 'missed'}`;
  });
  expect(report.visits.rounds.map((r) => `${r.site}|${r.roundOn}|${r.result}`).sort()).toEqual(results.sort());
  const states = INSPECTIONS.filter((i) => i.dueOn <= '2026-11-30').map((i) => [
    `XJ-2026-900${i.n}`,
    i.status === 'done' ? 'done' : i.status === 'cancelled' ? 'cancelled' : i.dueOn < '2026-12-01' ? 'overdue' : 'due',
  ]);
  expect(report.inspections.list.map((i) => [i.number, i.state]).sort()).toEqual(states.sort());

  // CSV: a BOM, the Chinese intact, the same counts; a comment starting with "=" stays text.
  const csv = await client().get(`/reports/site.csv?${RANGE}`);
  expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(csv.headers.get('content-disposition')).toBe(
    `attachment; filename="__-site-2026-11-01-2026-11-30.csv"; filename*=UTF-8''${encodeURIComponent('报表-site-2026-11-01-2026-11-30.csv')}`,
  );
  const bytes = new Uint8Array(await csv.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const siteRows = parseCsv(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  expect(siteRows[0]).toEqual(['学校/场馆', '工单数']);
  expect(
    siteRows
      .slice(1)
      .map(([name, n]) => [name, Number(n)])
      .sort(),
  ).toEqual(tally(seeds.map((t) => t.site)));
  const comments = parseCsv((await (await client().get(`/reports/comments.csv?${RANGE}`)).text()).replace(/^\uFEFF/, ''));
  expect(comments.slice(1).map((r) => r[3])).toEqual(
    answered.flatMap((s) => (s.comment ? [s.comment.startsWith('=') ? `'${s.comment}` : s.comment] : [])),
  );
  const breachCsv = parseCsv((await (await client().get(`/reports/breaches.csv?${RANGE}&lang=en`)).text()).replace(/^\uFEFF/, ''));
  expect(breachCsv[0]).toEqual(['Ticket', 'Site', 'Clock', 'Due', 'Done at', 'Late (hours)']);
  expect(
    breachCsv
      .slice(1)
      .map((r) => [r[0], Number(r[5])])
      .sort(),
  ).toEqual(breaches.map(([n, , late]) => [n, Math.round(((late as number) / HOUR) * 100) / 100]).sort());

  // XLSX read back: the clocks in English, the severities in Chinese.
  const xlsx = await client().get(`/reports/clocks.xlsx?${RANGE}&lang=en`);
  expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const clockRows = await xlsxRows(xlsx);
  expect(clockRows[0]).toEqual(['Clock', 'Met', 'Breached', 'Running', 'Paused', 'Not needed']);
  const names: Record<string, string> = { response: 'Response', onSite: 'On site', repair: 'Repair', loaner: 'Loaner' };
  expect(clockRows.slice(1)).toEqual(
    Object.keys(names).map((key) => [
      names[key],
      ...['met', 'breached', 'running', 'paused', 'not_needed'].map((s) => clocks.filter((c) => c.key === key && c.state === s).length),
    ]),
  );
  const severityRows = await xlsxRows(await client().get(`/reports/severity.xlsx?${RANGE}`));
  expect(severityRows).toEqual([
    ['故障等级', '工单数'],
    // Named as on the page and in the contracts (flows/contracts/*.yaml), not the bare letter.
    ...Object.entries({ A: 'A级（紧急）', B: 'B级（严重）', C: 'C级（一般）', D: 'D级（低）' }).map(([k, name]) => [
      name,
      seeds.filter((t) => t.severity === k).length,
    ]),
  ]);

  // Every table, in both languages: the CSV and the XLSX read back hold the same cells (the CSV's
  // guarding apostrophe aside), numbers as numbers in the workbook, and one row per item of the JSON.
  const rowsOf: Record<string, number> = {
    severity: 4,
    device: report.byDevice.length,
    symptom: report.bySymptom.length,
    site: report.bySite.length,
    clocks: 4,
    breaches: breaches.length,
    durations: 3,
    'first-aid': 1,
    satisfaction: 5,
    trend: report.satisfaction.trend.length,
    comments: report.satisfaction.comments.length,
    visits: report.visits.rounds.length,
    inspections: report.inspections.list.length,
  };
  for (const lang of ['zh-CN', 'en'])
    for (const [table, rows] of Object.entries(rowsOf)) {
      const csvRes = await client().get(`/reports/${table}.csv?${RANGE}&lang=${lang}`);
      const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csvRes.arrayBuffer());
      expect(csvText.startsWith('\uFEFF'), table).toBe(true);
      const fromCsv = parseCsv(csvText.slice(1)).map((r) => r.map((c) => c.replace(/^'(?=[=+\-@])/, '')));
      const book = await xlsxRows(await client().get(`/reports/${table}.xlsx?${RANGE}&lang=${lang}`));
      expect(fromCsv.length, `${table} ${lang}`).toBe(rows + 1);
      const width = fromCsv[0]!.length;
      // A share is "10%" in the CSV (Excel reads it as 0.1) and the number 0.1 in the workbook.
      const asCsv = (v: unknown, csv: string) =>
        typeof v === 'number' ? (csv.endsWith('%') ? `${Math.round(v * 1000) / 10}%` : String(v)) : typeof v === 'string' ? v : '';
      expect(
        book.map((r, y) => Array.from({ length: width }, (_, i) => asCsv(r[i], fromCsv[y]?.[i] ?? ''))),
        `${table} ${lang}`,
      ).toEqual(fromCsv);
      // A cell the CSV writes as a number is a number in the workbook (a spreadsheet sums it).
      book.slice(1).forEach((r, y) =>
        fromCsv[y + 1]!.forEach((c, x) => {
          if (/^-?\d+(\.\d+)?%?$/.test(c) && !/^\d{4}-/.test(c)) expect(typeof r[x], `${table} ${lang} ${c}`).toBe('number');
        }),
      );
    }

  // First aid's share: 1 of 1 + the tickets, a percentage a spreadsheet computes with.
  const share = Math.round(1000 / (1 + seeds.length)) / 1000;
  expect(parseCsv((await (await client().get(`/reports/first-aid.csv?${RANGE}`)).text()).replace(/^\uFEFF/, ''))[1]).toEqual([
    '1',
    String(seeds.length),
    `${Math.round(share * 1000) / 10}%`,
  ]);
  const firstAidBook = new ExcelJS.Workbook();
  await firstAidBook.xlsx.load(await (await client().get(`/reports/first-aid.xlsx?${RANGE}`)).arrayBuffer());
  const shareCell = firstAidBook.worksheets[0]!.getCell('C2');
  expect([shareCell.value, shareCell.numFmt]).toEqual([share, '0.0%']);

  // Filters: one contract, one site; and the range's edges.
  const count = async (query: string) => ((await (await client().get(`/reports?${query}`)).json()) as Json).report;
  const cg = await count(`${RANGE}&contract=CG-CULTURE`);
  expect(cg.tickets).toBe(seeds.filter((t) => CONTRACT_OF[t.site] === 'CG-CULTURE').length);
  expect(cg.firstAid.solved).toBe(0);
  expect(cg.inspections.list.map((i) => i.number)).toEqual(
    INSPECTIONS.filter((i) => i.site === '示例市文化馆' && i.dueOn <= '2026-11-30').map((i) => `XJ-2026-900${i.n}`),
  );
  const dongshan = await count(`${RANGE}&site=${seeded.siteIds['东山中学']}`);
  expect(dongshan.tickets).toBe(seeds.filter((t) => t.site === '东山中学').length);
  expect(dongshan.visits.rounds.map((r) => r.roundOn)).toEqual(VISITS.filter((v) => v.site === '东山中学').map((v) => v.roundOn));
  // 00:00 on 1 December is the next day's; 23:59 on 31 October is the day before's.
  const wider = await count('from=2026-10-31&to=2026-12-01');
  expect(wider.tickets).toBe(TICKETS.length + OUTSIDE.length);
  const lastDay = await count('from=2026-11-30&to=2026-11-30');
  expect(lastDay.tickets).toBe(TICKETS.filter((t) => t.reported.startsWith('2026-11-30')).length);
  expect(atMin(TICKETS.at(-1)!, 0)?.toISOString()).toBe('2026-11-30T15:59:00.000Z');
}
