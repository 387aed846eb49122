import { describe, expect, it } from 'vitest';
import { planAlerts } from '../../../src/app/alerts/plan.js';
import type { ClockTerms, TicketTimeline } from '../../../src/domain/clocks.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const reportedAt = new Date('2026-11-30T02:00:00Z'); // 10:00 in Shanghai
const terms: ClockTerms = { row: 'in_warranty', clause: '5.4', response: 15 * MIN, onSite: 2 * HOUR, repair: null, loaner: null };
const timeline = (over: Partial<TicketTimeline> = {}): TicketTimeline => ({
  reportedAt,
  respondedAt: null,
  arrivedAt: null,
  loanerDeliveredAt: null,
  resolutions: [],
  closedAt: null,
  ...over,
});
const taken = { severity: 'C' as const, assigneeId: 'agent-1', engineerId: null };
const at = (ms: number) => new Date(reportedAt.getTime() + ms);

describe('planAlerts', () => {
  it('plans 75% and 100% of each running clock, keyed by clock, percent and due time', () => {
    const plan = planAlerts(taken, terms, timeline(), [75, 100], reportedAt);
    expect(plan.map((p) => [p.key, p.at.toISOString()])).toEqual([
      ['clock:response:75:2026-11-30T02:15:00.000Z', '2026-11-30T02:11:15.000Z'],
      ['clock:response:100:2026-11-30T02:15:00.000Z', '2026-11-30T02:15:00.000Z'],
      ['clock:onSite:75:2026-11-30T04:00:00.000Z', '2026-11-30T03:30:00.000Z'],
      ['clock:onSite:100:2026-11-30T04:00:00.000Z', '2026-11-30T04:00:00.000Z'],
    ]);
    expect(plan[2]?.data).toEqual({ clock: 'onSite', percent: 75, dueAt: '2026-11-30T04:00:00.000Z' });
    expect(plan.every((p) => p.kind === 'clock')).toBe(true);
  });

  it('drops a stopped clock’s points: the engineer checked in before the warning', () => {
    const plan = planAlerts(taken, terms, timeline({ respondedAt: at(5 * MIN), arrivedAt: at(HOUR) }), [75, 100], at(HOUR));
    expect(plan).toEqual([]);
  });

  it('keeps a point exactly at `now` and a passed point not yet overtaken', () => {
    const plan = planAlerts(taken, terms, timeline({ respondedAt: at(MIN) }), [75, 100], at(90 * MIN));
    expect(plan.map((p) => p.key)).toEqual(['clock:onSite:75:2026-11-30T04:00:00.000Z', 'clock:onSite:100:2026-11-30T04:00:00.000Z']);
  });

  it('a ticket found past its breach is told of the breach only', () => {
    const plan = planAlerts(taken, terms, timeline({ respondedAt: at(MIN) }), [75, 100], at(2 * HOUR));
    expect(plan.map((p) => p.key)).toEqual(['clock:onSite:100:2026-11-30T04:00:00.000Z']);
    const late = planAlerts(taken, terms, timeline({ respondedAt: at(MIN) }), [75, 100], at(2 * HOUR - 1));
    expect(late.map((p) => p.key)).toHaveLength(2);
  });

  it('a resolved ticket has no warnings (its clocks pause)', () => {
    const plan = planAlerts(taken, terms, timeline({ resolutions: [{ at: at(10 * MIN), reopenedAt: null }] }), [75, 100], at(11 * MIN));
    expect(plan).toEqual([]);
  });

  it('warns the on-duty staff of an A or B ticket nobody has, at its response clock’s first point', () => {
    for (const severity of ['A', 'B'] as const) {
      const plan = planAlerts({ severity, assigneeId: null, engineerId: null }, terms, timeline(), [75, 100], reportedAt);
      const unassigned = plan.filter((p) => p.kind === 'unassigned');
      expect(unassigned).toEqual([
        { key: `unassigned:${severity}`, kind: 'unassigned', at: new Date('2026-11-30T02:11:15.000Z'), data: { severity } },
      ]);
    }
  });

  it('no unassigned warning for C and D, nor once someone has the ticket or it has had its response', () => {
    const none = (t: Parameters<typeof planAlerts>[0], tl = timeline()) =>
      planAlerts(t, terms, tl, [75, 100], reportedAt).filter((p) => p.kind === 'unassigned');
    expect(none({ severity: 'C', assigneeId: null, engineerId: null })).toEqual([]);
    expect(none({ severity: 'D', assigneeId: null, engineerId: null })).toEqual([]);
    expect(none({ severity: 'A', assigneeId: 'a', engineerId: null })).toEqual([]);
    expect(none({ severity: 'A', assigneeId: null, engineerId: 'e' })).toEqual([]);
    expect(none({ severity: 'A', assigneeId: null, engineerId: null }, timeline({ respondedAt: reportedAt }))).toEqual([]);
  });

  it('follows the percentages it is given, and has nothing without the contract', () => {
    const plan = planAlerts(taken, { ...terms, onSite: null }, timeline(), [50], reportedAt);
    expect(plan.map((p) => p.key)).toEqual(['clock:response:50:2026-11-30T02:15:00.000Z']);
    expect(planAlerts(taken, null, timeline(), [75, 100], reportedAt)).toEqual([]);
  });
});
