import { beforeAll, describe, expect, it } from 'vitest';
import { satisfactionReport, ticketsToFollow } from '../../../src/app/satisfaction-report/analysis.js';
import type { ContractSet } from '../../../src/catalog/contracts.js';
import { reportPeriod } from '../../../src/domain/satisfaction-report.js';
import type { ReportSurveyRow, ReportTicketRow } from '../../../src/ports/satisfaction-report.js';
import { shippedContracts } from '../../support/contracts.js';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const MIN = 60_000;

function ticket(id: string, reported: string, respondedAfterMin: number, extra: Partial<ReportTicketRow> = {}): ReportTicketRow {
  const reportedAt = at(reported);
  return {
    id,
    number: `GZ-2026-${id}`,
    contractId: 'GX-EDU',
    warranty: 'in_warranty',
    status: 'closed',
    siteName: '东湖小学',
    engineerName: null,
    solution: null,
    reportedAt,
    responseDueAt: new Date(reportedAt.getTime() + 15 * MIN),
    onSiteDueAt: null,
    repairDueAt: null,
    loanerDueAt: null,
    respondedAt: new Date(reportedAt.getTime() + respondedAfterMin * MIN),
    onSiteAt: null,
    resolvedAt: new Date(reportedAt.getTime() + 120 * MIN),
    closedAt: new Date(reportedAt.getTime() + 180 * MIN),
    loanerDeliveredAt: null,
    reopenings: [],
    // A question: only the 15-minute response clock runs (GX-EDU in warranty).
    symptom: 'question',
    ...extra,
  };
}

function survey(
  ticketId: string,
  site: string,
  engineer: string | null,
  asked: string,
  score: number | null,
  comment: string | null = null,
): ReportSurveyRow {
  const askedAt = at(asked);
  return {
    ticketId,
    ticketNumber: `GZ-2026-${ticketId}`,
    siteId: site,
    siteName: site === 's1' ? '东湖小学' : '西山中学',
    engineerId: engineer,
    engineerName: engineer ? `工程师${engineer}` : null,
    askedAt,
    answeredAt: score === null ? null : new Date(askedAt.getTime() + 60 * MIN),
    expiresAt: new Date(askedAt.getTime() + 7 * 24 * 60 * MIN),
    score,
    comment,
  };
}

describe('the satisfaction analysis', () => {
  let contracts: ContractSet;
  beforeAll(async () => {
    const { gx, cg } = await shippedContracts();
    contracts = new Map([
      [gx.id, gx],
      [cg.id, cg],
    ]);
  });

  const now = at('2027-01-10T00:00:00Z');
  const period = reportPeriod(2026, null, SH);
  const contract = { id: 'GX-EDU', name: { 'zh-CN': '区教育局', en: 'District' }, timeZone: SH, clause: '5.12.1' };
  const sites = [
    { id: 's1', name: '东湖小学' },
    { id: 's2', name: '西山中学' },
    { id: 's3', name: '南岭小学' },
  ];
  const surveys = [
    survey('0001', 's1', 'e1', '2026-01-05T02:00:00Z', 5, '很好'),
    // 31 March 17:00 UTC is 1 April in Shanghai: the second quarter.
    survey('0002', 's1', 'e1', '2026-03-31T17:00:00Z', 2, '投影仪又不亮了'),
    survey('0003', 's2', 'e2', '2026-07-10T02:00:00Z', 4),
    survey('0004', 's2', null, '2026-11-10T02:00:00Z', null),
    // Asked in 2025 (Shanghai): not this year's.
    survey('0005', 's2', 'e2', '2025-12-31T15:00:00Z', 1),
  ];
  const tickets = [
    // Response 40 minutes after the report: breached at 15 minutes.
    ticket('0002', '2026-03-10T02:00:00Z', 40, { solution: '更换灯泡' }),
    // Responded in time.
    ticket('0003', '2026-07-01T02:00:00Z', 10),
    // Reported 23:50 on 31 December 2025 in Shanghai, due 00:05 on 1 January: a 2026 breach.
    ticket('0006', '2025-12-31T15:50:00Z', 30),
    // Due 00:10 on 1 January 2027: next year's.
    ticket('0007', '2026-12-31T15:55:00Z', 30),
  ];
  const input = { contract, period, sites, surveys, tickets, visits: [] };
  const events = [
    { ticketId: '0002', at: at('2026-03-10T01:59:00Z'), kind: 'created', actor: 'bot', data: {} },
    {
      ticketId: '0002',
      at: at('2026-03-10T02:40:00Z'),
      kind: 'status_changed',
      actor: 'a1',
      data: { from: 'registered', to: 'remote_support' },
    },
    { ticketId: '0002', at: at('2026-04-01T10:00:00Z'), kind: 'reopened', actor: 'bot', data: { from: 'closed', to: 'remote_support' } },
  ];

  it('follows the breached tickets and those with a low score', () => {
    expect(ticketsToFollow(contracts, input, now).sort()).toEqual(['0002', '0006']);
  });

  it('gives the figures overall, by quarter, site and engineer', () => {
    const r = satisfactionReport(contracts, input, events, now);
    expect(r.overall).toMatchObject({ asked: 4, answered: 3, expired: 1, responseRate: 0.75, distribution: [0, 1, 0, 1, 1] });
    expect(r.overall.mean).toBeCloseTo(11 / 3);
    expect(r.byQuarter.map((q) => [q.quarter, q.stats.asked, q.stats.mean])).toEqual([
      [1, 1, 5],
      [2, 1, 2],
      [3, 1, 4],
      [4, 1, null],
    ]);
    // Every site of the contract, by name, even without surveys.
    expect(r.bySite.map((s) => [s.site, s.stats.asked, s.stats.mean])).toEqual([
      ['东湖小学', 2, 3.5],
      ['南岭小学', 0, null],
      ['西山中学', 2, 4],
    ]);
    expect(r.byEngineer.map((e) => [e.engineer, e.stats.answered])).toEqual([
      ['工程师e1', 2],
      ['工程师e2', 1],
      [null, 0],
    ]);
  });

  it('lists the comments, the low score with its reopening, and the breaches with what was done', () => {
    const r = satisfactionReport(contracts, input, events, now);
    expect(r.comments.map((c) => [c.ticketNumber, c.score, c.comment])).toEqual([
      ['GZ-2026-0001', 5, '很好'],
      ['GZ-2026-0002', 2, '投影仪又不亮了'],
    ]);
    expect(r.lowScores).toHaveLength(1);
    expect(r.lowScores[0]).toMatchObject({ ticketNumber: 'GZ-2026-0002', score: 2, reopened: true, solution: '更换灯泡' });
    expect(r.lowScores[0]?.after.map((e) => e.kind)).toEqual(['reopened']);
    expect(r.breaches.map((b) => [b.ticketNumber, b.clock, b.dueAt, b.stoppedAt])).toEqual([
      ['GZ-2026-0006', 'response', '2025-12-31T16:05:00.000Z', '2025-12-31T16:20:00.000Z'],
      ['GZ-2026-0002', 'response', '2026-03-10T02:15:00.000Z', '2026-03-10T02:40:00.000Z'],
    ]);
    expect(r.breaches[1]?.solution).toBe('更换灯泡');
    expect(r.breaches[1]?.actions.map((e) => e.kind)).toEqual(['status_changed', 'reopened']);
  });

  it('summarises the half-year only over its own quarters', () => {
    const h1 = satisfactionReport(contracts, { ...input, period: reportPeriod(2026, 1, SH) }, events, now);
    expect(h1.byQuarter.map((q) => q.quarter)).toEqual([1, 2]);
    expect(h1.overall.asked).toBe(2);
    expect(h1.breaches).toHaveLength(2);
    const h2 = satisfactionReport(contracts, { ...input, period: reportPeriod(2026, 2, SH) }, events, now);
    expect(h2.overall.asked).toBe(2);
    expect(h2.breaches).toHaveLength(0);
  });
});
