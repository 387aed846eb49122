import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ticketDetail } from '../../src/app/present.js';
import { loadDesk } from '../../src/catalog/desk.js';
import type { TicketRecord } from '../../src/ports/store.js';
import { FLOWS_DIR, shippedContracts } from '../support/contracts.js';

/** The teacher's "my tickets" detail: every clock with its state, in their language (src/app/present.ts). */
const { desk } = await loadDesk(path.join(FLOWS_DIR, 'desk'));
if (!desk) throw new Error('the shipped desk does not load');
const { gx } = await shippedContracts();
const contracts = new Map([[gx.id, gx]]);
const row = gx.sla.in_warranty;
const loanerAfter = row.loaner ?? 0;

const reportedAt = new Date('2026-10-12T01:00:00Z'); // 09:00 in Shanghai
const at = (ms: number) => new Date(reportedAt.getTime() + ms);
const ticket = (over: Partial<TicketRecord> = {}): TicketRecord => ({
  id: 't1',
  number: 'FX-2026-000123',
  reporterId: 'c1',
  contractId: gx.id,
  description: '一体机黑屏',
  severity: 'B',
  warranty: 'in_warranty',
  billable: false,
  reasons: [],
  status: 'registered',
  engineerName: null,
  appointmentAt: null,
  asset: { tag: 'FX-PNL-0001', kind: 'interactive_panel' },
  place: '明湖小学 三年级二班',
  reportedAt,
  responseDueAt: at(row.response),
  onSiteDueAt: at(row.onSite),
  repairDueAt: null,
  loanerDueAt: at(loanerAfter),
  respondedAt: null,
  onSiteAt: null,
  resolvedAt: null,
  closedAt: null,
  loanerDeliveredAt: null,
  reopenings: [],
  symptom: 'no_display',
  ...over,
});
const lines = (t: TicketRecord, now: number, lang: 'zh-CN' | 'en' = 'zh-CN') =>
  ticketDetail(desk, contracts, t, at(now))
    [lang].split('\n')
    .filter((l) => /^(响应|上门|修复|备用机|Response|On site|Repair|Loaner unit)：?:?/.test(l));

describe("the teacher's ticket detail", () => {
  it('an open ticket: time left, overdue, and the loaner owed if not repaired by its time', () => {
    expect(lines(ticket(), row.response + 5 * 60_000)).toEqual([
      '响应：已超时 5分钟（应于 10月12日 09:15 前）',
      expect.stringMatching(/^上门：还剩 1小时40分钟（10月12日 11:00 前）$/),
      '备用机：如 10月13日 09:00 前仍未修复，将为您提供',
    ]);
    expect(lines(ticket(), 0, 'en')).toEqual([
      'Response: 15 min left (by 12 Oct, 09:15)',
      'On site: 2 h left (by 12 Oct, 11:00)',
      'Loaner unit: owed if not repaired by 13 Oct, 09:00',
    ]);
  });

  it('met, done late, paused while resolved, not needed once closed', () => {
    const resolved = ticket({
      status: 'resolved',
      respondedAt: at(row.response + 60_000),
      resolvedAt: at(row.onSite / 2),
    });
    expect(lines(resolved, row.onSite * 3)).toEqual([
      '响应：已完成，但超时（10月12日 09:16，应于 10月12日 09:15 前）',
      '上门：已暂停（问题已解决；如问题再次出现，将继续计时）',
      '备用机：无需',
    ]);
    const closed = { ...resolved, status: 'closed', closedAt: at(row.onSite) };
    expect(lines(closed, row.onSite * 3, 'en')).toEqual([
      'Response: done late (12 Oct, 09:16; it was due 12 Oct, 09:15)',
      'On site: not needed',
      'Loaner unit: not needed',
    ]);
    const arrived = ticket({ status: 'engineer_on_site', respondedAt: at(60_000), onSiteAt: at(row.onSite) });
    expect(lines(arrived, row.onSite + 1)).toEqual([
      '响应：已完成（10月12日 09:01）',
      '上门：已完成（10月12日 11:00）',
      '备用机：如 10月13日 09:00 前仍未修复，将为您提供',
    ]);
  });

  it('the loaner once owed: time left to deliver it, then delivered', () => {
    const within = row.loanerWithin ?? row.onSite;
    const owed = ticket({ status: 'engineer_on_site', respondedAt: at(60_000), onSiteAt: at(60_000) });
    expect(lines(owed, loanerAfter).at(-1)).toBe('备用机：还剩 2小时（10月13日 11:00 前）');
    expect(lines({ ...owed, loanerDeliveredAt: at(loanerAfter + within / 2) }, loanerAfter + within).at(-1)).toBe(
      '备用机：已完成（10月13日 10:00）',
    );
  });
});
