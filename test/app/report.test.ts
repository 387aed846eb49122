import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/app/reports/report.js';
import { safeText, tableCsv, tableXlsx } from '../../src/app/reports/export.js';
import { reportTable } from '../../src/app/reports/tables.js';
import { loadDesk } from '../../src/catalog/desk.js';
import type { ReportData, ReportFilter, ReportTicket } from '../../src/ports/reports.js';
import { FLOWS_DIR, shippedContracts } from '../support/contracts.js';

/** The report from stored rows (src/app/reports): clocks as the ticket clocks give them, visits, inspections, exports. */
const { desk } = await loadDesk(path.join(FLOWS_DIR, 'desk'));
if (!desk) throw new Error('the shipped desk does not load');
const { gx } = await shippedContracts();
const contracts = new Map([[gx.id, gx]]);
const sla = gx.sla.in_warranty;
const MIN = 60_000;
const t0 = new Date('2026-11-03T01:00:00Z'); // 09:00 in Shanghai
const at = (ms: number) => new Date(t0.getTime() + ms);
const filter: ReportFilter = {
  from: new Date('2026-10-31T16:00:00Z'),
  to: new Date('2026-11-30T16:00:00Z'),
  fromDay: '2026-11-01',
  toDay: '2026-11-30',
  contractId: null,
  siteId: null,
};

const ticket = (n: number, over: Partial<ReportTicket> = {}): ReportTicket => ({
  id: `t${n}`,
  number: `FX-2026-00000${n}`,
  contractId: gx.id,
  warranty: 'in_warranty',
  status: 'registered',
  severity: 'B',
  siteId: 's1',
  siteName: '青松小学',
  device: 'interactive_panel',
  symptom: 'no_display',
  reportedAt: t0,
  responseDueAt: at(sla.response),
  onSiteDueAt: at(sla.onSite),
  repairDueAt: null,
  loanerDueAt: null,
  respondedAt: null,
  onSiteAt: null,
  resolvedAt: null,
  closedAt: null,
  loanerDeliveredAt: null,
  reopenings: [],
  ...over,
});
const empty: ReportData = { tickets: [], surveys: [], visits: [], inspections: [], firstAidSolved: 0 };

describe('the report', () => {
  it('counts each clock by state and lists the breaches with how late', () => {
    const tickets = [
      // Answered in 10 min, on site in 1 h, resolved in 3 h: every clock met.
      ticket(1, { respondedAt: at(10 * MIN), onSiteAt: at(60 * MIN), resolvedAt: at(180 * MIN), status: 'resolved' }),
      // Answered 5 min late, on site 30 min late, still open.
      ticket(2, { respondedAt: at(sla.response + 5 * MIN), onSiteAt: at(sla.onSite + 30 * MIN), status: 'in_progress' }),
      // A question: answered in time, no visit needed.
      ticket(3, { symptom: 'question', device: null, severity: 'D', respondedAt: at(MIN) }),
    ];
    const now = at(4 * 60 * MIN);
    const report = buildReport({ ...empty, tickets }, filter, contracts, now);
    expect(report.clocks.find((c) => c.key === 'response')).toMatchObject({ met: 2, breached: 1, running: 0 });
    expect(report.clocks.find((c) => c.key === 'onSite')).toMatchObject({ met: 1, breached: 1, not_needed: 1 });
    expect(report.breaches.map((b) => [b.number, b.clock, b.lateMs])).toEqual([
      ['FX-2026-000002', 'response', 5 * MIN],
      ['FX-2026-000002', 'onSite', 30 * MIN],
    ]);
    expect(report.bySeverity).toEqual([
      { key: 'A', count: 0 },
      { key: 'B', count: 2 },
      { key: 'C', count: 0 },
      { key: 'D', count: 1 },
    ]);
    expect(report.byDevice).toEqual([
      { key: 'interactive_panel', count: 2 },
      { key: 'unknown', count: 1 },
    ]);
    // Response times 1, 10, 20 min: median 10, p90 the 3rd of 3.
    expect(report.durations.find((d) => d.key === 'response')).toEqual({ key: 'response', count: 3, median: 10 * MIN, p90: 20 * MIN });
    expect(report.durations.find((d) => d.key === 'repair')).toEqual({ key: 'repair', count: 1, median: 180 * MIN, p90: 180 * MIN });
  });

  it('a round of return visits is done when answered or phoned, waiting within the answer time, else missed', () => {
    const visit = (
      siteName: string,
      roundOn: string,
      status: 'sent' | 'undelivered' | 'answered',
      sentAt: Date | null,
      calledAt: Date | null = null,
    ) => ({
      siteId: siteName,
      siteName,
      contractId: gx.id,
      roundOn,
      status,
      sentAt,
      answer: status === 'answered' ? ('ok' as const) : null,
      calledAt,
    });
    const now = new Date('2026-11-20T04:00:00Z');
    const within = gx.afterService.returnVisits.answerWithin;
    const report = buildReport(
      {
        ...empty,
        visits: [
          visit('甲校', '2026-11-02', 'answered', at(0)),
          visit('甲校', '2026-11-02', 'sent', at(0)),
          visit('乙校', '2026-11-02', 'undelivered', null, at(MIN)),
          visit('丙校', '2026-11-19', 'sent', new Date(now.getTime() - within + MIN)),
          visit('丁校', '2026-11-05', 'sent', at(0)),
        ],
      },
      filter,
      contracts,
      now,
    );
    expect(report.visits.rounds.map((r) => [r.site, r.result, r.written, r.noAnswer])).toEqual([
      ['甲校', 'done', 2, 1],
      ['乙校', 'done', 1, 0],
      ['丁校', 'missed', 1, 1],
      ['丙校', 'waiting', 1, 1],
    ]);
    expect(report.visits.totals).toEqual({ done: 2, waiting: 1, missed: 1 });
  });

  it('an inspection not done is due until its day has passed in Shanghai, then overdue', () => {
    const insp = (n: number, dueOn: string, status: 'planned' | 'done' | 'cancelled') => ({
      id: `i${n}`,
      number: `XJ-2026-000${n}`,
      siteName: '甲校',
      contractId: gx.id,
      dueOn,
      status,
      completedAt: null,
    });
    // 23:30 on 19 November in Shanghai.
    const now = new Date('2026-11-19T15:30:00Z');
    const report = buildReport(
      {
        ...empty,
        inspections: [
          insp(1, '2026-11-18', 'planned'),
          insp(2, '2026-11-19', 'planned'),
          insp(3, '2026-11-10', 'done'),
          insp(4, '2026-11-11', 'cancelled'),
        ],
      },
      filter,
      contracts,
      now,
    );
    expect(report.inspections.list.map((i) => [i.number, i.state])).toEqual([
      ['XJ-2026-0003', 'done'],
      ['XJ-2026-0004', 'cancelled'],
      ['XJ-2026-0001', 'overdue'],
      ['XJ-2026-0002', 'due'],
    ]);
  });

  it('satisfaction: the five levels, the mean by month in Shanghai, the comments', () => {
    const survey = (score: number, answeredAt: string, comment: string | null = null) => ({
      ticketId: 't',
      ticketNumber: 'FX-1',
      siteName: '甲校',
      score,
      comment,
      answeredAt: new Date(answeredAt),
    });
    const report = buildReport(
      // 31 October 16:30 UTC is 1 November in Shanghai.
      {
        ...empty,
        surveys: [survey(5, '2026-10-31T16:30:00Z', '很好'), survey(3, '2026-11-15T02:00:00Z', '  '), survey(4, '2026-12-01T02:00:00Z')],
      },
      filter,
      contracts,
      t0,
    );
    expect(report.satisfaction.levels).toEqual([5, 4, 3, 2, 1].map((score) => ({ score, count: score >= 3 ? 1 : 0 })));
    expect(report.satisfaction.trend).toEqual([
      { month: '2026-11', answered: 2, mean: 4 },
      { month: '2026-12', answered: 1, mean: 4 },
    ]);
    expect(report.satisfaction.comments.map((c) => c.comment)).toEqual(['很好']);
  });
});

describe('the exports', () => {
  it('CSV starts with a BOM, quotes as RFC 4180 and keeps formulas from running', () => {
    const csv = tableCsv({
      name: 'comments',
      title: '满意度评价',
      columns: ['工单号', '评价内容'],
      rows: [
        ['FX-1', '=HYPERLINK("x")'],
        ['FX-2', '好，很快\n谢谢'],
        ['FX-3', -1],
      ],
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['工单号,评价内容', `FX-1,"'=HYPERLINK(""x"")"`, 'FX-2,"好，很快\n谢谢"', 'FX-3,-1', '']);
    expect(['=1', '+1', '-1', '@x', 'ok'].map(safeText)).toEqual(["'=1", "'+1", "'-1", "'@x", 'ok']);
  });

  it('XLSX reads back with the same header and cells, Chinese intact', async () => {
    const report = buildReport({ ...empty, tickets: [ticket(1), ticket(2, { device: 'projector' })] }, filter, contracts, at(MIN));
    const table = reportTable(report, 'device', 'zh-CN', desk, contracts);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await tableXlsx(table)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('按设备类型');
    const rows = sheet
      .getSheetValues()
      .slice(1)
      .map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows).toEqual([['设备类型', '工单数'], ...table.rows.map((r) => [...r])]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      desk.labels.devices.interactive_panel['zh-CN'],
      desk.labels.devices.projector['zh-CN'],
    ]);
  });
  it('XLSX columns are as wide as their text: a Chinese character two, a digit or letter one', async () => {
    const book = new ExcelJS.Workbook();
    const table = {
      title: '满意度评价',
      columns: ['工单号', '评价内容', 'Late (hours)'],
      rows: [['FX-2026-900001', '工程师很专业，来得也很及时，谢谢', 0.25]],
    };
    await book.xlsx.load(Buffer.from(await tableXlsx(table)) as unknown as ArrayBuffer);
    const widths = book.worksheets[0]!.columns.map((c) => c.width ?? 0);
    // "FX-2026-900001" is 14 characters wide: not 30 (as if each were Chinese).
    expect(widths[0]).toBeGreaterThanOrEqual(14);
    expect(widths[0]).toBeLessThanOrEqual(18);
    // 16 Chinese characters and signs: 32 wide.
    expect(widths[1]).toBeGreaterThanOrEqual(32);
    expect(widths[2]).toBeLessThanOrEqual(16);
  });
});
