import { describe, expect, it } from 'vitest';
import { missedOnSiteDue } from '../../src/domain/appointment.js';
import { clockTerms, ticketClocks } from '../../src/domain/clocks.js';
import type { Contract } from '../../src/domain/contract.js';
import type { Facts } from '../../src/domain/facts.js';
import { type OverriddenTicket, raisedReasons, reasonsByTopic, redecide } from '../../src/domain/override.js';
import { dueEscalations } from '../../src/domain/escalation.js';
import { assess } from '../../src/domain/policy.js';
import { shippedContracts } from '../support/contracts.js';

const { gx, cg } = await shippedContracts();

const facts: Facts = {
  device: 'interactive_panel',
  symptom: 'no_display',
  cause: 'none_known',
  scope: 'single_device',
  usable: false,
  majorEvent: false,
};
const reportedAt = new Date('2026-10-12T06:10:00Z');
const asset = { kind: 'interactive_panel' as const, acceptedAt: '2026-09-30' };
const plus = (ms: number | undefined) => (ms === undefined ? null : new Date(reportedAt.getTime() + ms).toISOString());
const iso = (d: Date | null) => d?.toISOString() ?? null;
const NOT_COVERED = { 'zh-CN': '已过保，按成本收取配件费', en: 'out of warranty, parts charged at cost' };
const COVERED = { 'zh-CN': '在保，免费维修', en: 'in warranty, free of charge' };

function ticketOf(contract: Contract): OverriddenTicket {
  const a = assess(facts, asset, contract, reportedAt);
  return { contract, facts, symptom: facts.symptom, asset, reportedAt, severity: a.severity, warranty: a.warranty, reasons: a.reasons };
}
const texts = (reasons: readonly { text: { 'zh-CN': string; en: string } }[]) => reasons.map((r) => r.text['zh-CN']).join('\n');

describe('overriding the warranty', () => {
  it('GX-EDU in warranty → out of warranty: the out-of-warranty clocks, the override first, no stale warranty reason', () => {
    const before = ticketOf(gx);
    expect(texts(before.reasons)).toContain('保修至 2027-09-29');
    const after = redecide(before, {
      what: 'warranty',
      to: 'out_of_warranty',
      reason: '序列号不符，非本合同设备',
      agent: '王敏',
      label: NOT_COVERED,
    });
    const row = gx.sla.out_of_warranty;
    expect(after).toMatchObject({ severity: 'B', warranty: 'out_of_warranty', billable: true });
    expect([iso(after.responseDueAt), iso(after.onSiteDueAt), after.repairDueAt, after.loanerDueAt]).toEqual([
      plus(row.response),
      plus(row.onSite),
      null,
      null,
    ]);
    expect(after.reasons.map((r) => [r.about, r.clause])).toEqual([
      ['warranty', gx.warranty.clause],
      ['severity', gx.severity.clause],
      ['warranty', gx.billing.clause],
      ['sla', row.clause],
    ]);
    expect(after.reasons[0]).toMatchObject({ override: true });
    expect(after.reasons[0]?.text['zh-CN']).toBe('王敏改判为「已过保，按成本收取配件费」：序列号不符，非本合同设备');
    expect(after.reasons[0]?.text.en).toBe('王敏 set the warranty to "out of warranty, parts charged at cost": 序列号不符，非本合同设备');
    expect(texts(after.reasons)).not.toContain('2027-09-29');
    expect(after.reasons[3]?.text.en).toContain('out-of-warranty');
  });

  it('CG-CULTURE: out of warranty drops the repair and loaner clocks; back in warranty brings them and the contract’s reason back', () => {
    const out = redecide(ticketOf(cg), { what: 'warranty', to: 'out_of_warranty', reason: '人为损坏', agent: 'A', label: NOT_COVERED });
    expect([out.repairDueAt, out.loanerDueAt]).toEqual([null, null]);
    const back = redecide(
      { ...ticketOf(cg), warranty: out.warranty, reasons: out.reasons },
      { what: 'warranty', to: 'in_warranty', reason: '核实为质量问题', agent: 'B', label: COVERED },
    );
    const row = cg.sla.in_warranty;
    expect([iso(back.responseDueAt), iso(back.onSiteDueAt), iso(back.repairDueAt), iso(back.loanerDueAt)]).toEqual([
      plus(row.response),
      plus(row.onSite),
      plus(row.repair),
      plus(row.loaner),
    ]);
    expect(back.billable).toBe(false);
    expect(back.reasons.map((r) => r.about)).toEqual(['warranty', 'severity', 'warranty', 'sla']);
    expect(back.reasons[2]?.clause).toBe(cg.warranty.clause);
    expect(texts(back.reasons)).not.toContain('人为损坏');
  });

  it('facts that no longer parse: the override and the billing clause, nothing the facts would have said', () => {
    const r = redecide({ ...ticketOf(gx), facts: null }, { what: 'warranty', to: 'in_warranty', reason: 'x', agent: 'A', label: COVERED });
    expect(r.reasons.map((x) => x.about)).toEqual(['warranty', 'severity', 'sla']);
  });
});

describe('overriding the severity', () => {
  it('B → C replaces the B reason with the override; warranty, service level and due times stay', () => {
    const before = ticketOf(gx);
    const after = redecide(before, { what: 'severity', to: 'C', reason: '另一台可用，课程可继续', agent: '王敏' });
    expect(after.severity).toBe('C');
    expect(after.reasons[0]).toMatchObject({ about: 'severity', override: true, clause: gx.severity.clause });
    expect(after.reasons[0]?.text['zh-CN']).toBe(`王敏改判为${gx.severity.levels.C.name['zh-CN']}：另一台可用，课程可继续`);
    expect(after.reasons.filter((r) => r.about === 'severity')).toHaveLength(1);
    expect(after.reasons.slice(1).map((r) => r.text)).toEqual(before.reasons.slice(1).map((r) => r.text));
    const sla = gx.sla.in_warranty;
    expect([iso(after.responseDueAt), iso(after.onSiteDueAt), iso(after.loanerDueAt)]).toEqual([
      plus(sla.response),
      plus(sla.onSite),
      plus(sla.loaner),
    ]);
  });

  it('after a warranty override, the severity override comes first and the warranty override stays', () => {
    const w = redecide(ticketOf(gx), { what: 'warranty', to: 'excluded', reason: '进液', agent: 'A', label: NOT_COVERED });
    const s = redecide(
      { ...ticketOf(gx), warranty: w.warranty, reasons: w.reasons },
      { what: 'severity', to: 'A', reason: '期末考试', agent: 'B' },
    );
    expect(s.reasons.map((r) => [r.about, r.override ?? false])).toEqual([
      ['severity', true],
      ['warranty', true],
      ['warranty', false],
      ['sla', false],
    ]);
    expect(s.warranty).toBe('excluded');
    expect(iso(s.onSiteDueAt)).toBe(plus(gx.sla[gx.sla.excluded].onSite));
  });
});

describe('reasons by topic', () => {
  it('reads reasons stored before they were tagged by their place: severity, warranty…, service level', () => {
    const { reasons } = ticketOf(gx);
    const topics = reasonsByTopic(reasons);
    expect([topics.severity.length, topics.warranty.length, topics.sla.length]).toEqual([1, reasons.length - 2, 1]);
    expect(topics.sla[0]?.clause).toBe(gx.sla.in_warranty.clause);
    expect(reasonsByTopic([])).toEqual({ severity: [], warranty: [], sla: [] });
  });
});

describe('an appointment past the on-site due time', () => {
  const terms = clockTerms(gx, 'in_warranty', facts);
  const timeline = { reportedAt, respondedAt: null, arrivedAt: null, loanerDeliveredAt: null, resolutions: [], closedAt: null };
  const due = new Date(reportedAt.getTime() + gx.sla.in_warranty.onSite);
  const clocksAt = (ms: number, change = {}) => ticketClocks(terms, { ...timeline, ...change }, new Date(reportedAt.getTime() + ms));

  it('is late one ms after the due time, not at it', () => {
    expect(missedOnSiteDue(clocksAt(0), due)).toBeNull();
    expect(missedOnSiteDue(clocksAt(0), new Date(due.getTime() + 1))?.toISOString()).toBe(due.toISOString());
  });

  it('is late whenever the clock is already breached; never once the engineer was there or none is needed', () => {
    const later = new Date(due.getTime() + 3_600_000);
    expect(missedOnSiteDue(clocksAt(gx.sla.in_warranty.onSite + 1), later)).not.toBeNull();
    expect(missedOnSiteDue(clocksAt(gx.sla.in_warranty.onSite + 1, { arrivedAt: reportedAt }), later)).toBeNull();
    const question = ticketClocks(clockTerms(gx, 'in_warranty', { symptom: 'question' }), timeline, reportedAt);
    expect(missedOnSiteDue(question, later)).toBeNull();
  });
});

describe('a time-based raise (the 5.14 ladder)', () => {
  it('gives the raise as the reason for the new level, in place of the old one; the warranty and service-level reasons stay', () => {
    const assessed = assess(facts, null, gx, reportedAt);
    const [step] = dueEscalations(gx, 'C', reportedAt, new Date(reportedAt.getTime() + 48 * 3_600_000));
    const after = raisedReasons(assessed.reasons, step!.reason);
    expect(after[0]).toMatchObject({ about: 'severity', clause: '5.14', text: { 'zh-CN': 'C级故障 48 小时未解决，升级为B级' } });
    expect(after.filter((r) => r.about === 'severity')).toHaveLength(1);
    expect(after.slice(1).map(({ about: _about, ...r }) => r)).toEqual(assessed.reasons.slice(1));
    // Raised again: still one severity reason, the newest.
    const again = raisedReasons(after, { ...step!.reason, text: { 'zh-CN': 'B级故障 24 小时未解决，升级为A级', en: 'raised to A' } });
    expect(again.filter((r) => r.about === 'severity').map((r) => r.text.en)).toEqual(['raised to A']);
  });
});
