import { beforeAll, describe, expect, it } from 'vitest';
import type { Contract } from '../../src/domain/contract.js';
import { dueEscalations } from '../../src/domain/escalation.js';
import type { Facts } from '../../src/domain/facts.js';
import { assess } from '../../src/domain/policy.js';
import { slaClocks } from '../../src/domain/sla.js';
import { shippedContracts } from '../support/contracts.js';

let gx: Contract;
let cg: Contract;
beforeAll(async () => ({ gx, cg } = await shippedContracts()));

const facts: Facts = {
  device: 'interactive_panel',
  symptom: 'no_display',
  cause: 'none_known',
  scope: 'single_device',
  usable: false,
  majorEvent: false,
};
const at = new Date('2026-10-12T06:10:00Z');
const plus = (ms: number) => new Date(at.getTime() + ms).toISOString();
const H = 3_600_000;
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('service-level clocks (7×24 from the report)', () => {
  it('GX-EDU in warranty: response 15 min, on site 2 h, loaner after 24 h, no repair clock', () => {
    const c = slaClocks(gx, 'in_warranty', facts, at);
    expect([iso(c.responseDueAt), iso(c.onSiteDueAt), iso(c.loanerDueAt), c.repairDueAt]).toEqual([
      plus(H / 4),
      plus(2 * H),
      plus(24 * H),
      null,
    ]);
    expect(c.reason).toMatchObject({ contract: 'GX-EDU', clause: '5.4, 5.12.1' });
  });

  it('GX-EDU out of warranty and excluded: response 2 h, on site 4 h, no loaner', () => {
    for (const d of ['out_of_warranty', 'excluded'] as const) {
      const c = slaClocks(gx, d, facts, at);
      expect([iso(c.responseDueAt), iso(c.onSiteDueAt), c.loanerDueAt, c.repairDueAt]).toEqual([plus(2 * H), plus(4 * H), null, null]);
      expect(c.reason.clause).toBe('5.22');
    }
  });

  it('CG-CULTURE in warranty: response 1 h, on site 4 h, repaired in 7 days, loaner after 24 h', () => {
    const c = slaClocks(cg, 'in_warranty', facts, at);
    expect([iso(c.responseDueAt), iso(c.onSiteDueAt), iso(c.repairDueAt), iso(c.loanerDueAt)]).toEqual([
      plus(H),
      plus(4 * H),
      plus(7 * 24 * H),
      plus(24 * H),
    ]);
  });

  it('CG-CULTURE out of warranty: response 1 h, on site 4 h', () => {
    const c = slaClocks(cg, 'out_of_warranty', facts, at);
    expect([iso(c.responseDueAt), iso(c.onSiteDueAt), c.repairDueAt, c.loanerDueAt]).toEqual([plus(H), plus(4 * H), null, null]);
  });

  it('an unidentified asset gets the in-warranty clocks until an engineer verifies', () => {
    expect(slaClocks(gx, 'unknown', facts, at).row).toBe('in_warranty');
    expect(iso(slaClocks(gx, 'unknown', facts, at).onSiteDueAt)).toBe(plus(2 * H));
  });

  it('a question needs no engineer: only the response clock runs', () => {
    const c = slaClocks(gx, 'in_warranty', { ...facts, symptom: 'question', usable: true }, at);
    expect([iso(c.responseDueAt), c.onSiteDueAt, c.loanerDueAt, c.repairDueAt]).toEqual([plus(H / 4), null, null, null]);
  });
});

describe('assessment', () => {
  it('puts severity, warranty and the clocks together with their reasons', () => {
    const a = assess(facts, { kind: 'interactive_panel', acceptedAt: '2026-05-20' }, gx, at);
    expect(a).toMatchObject({ severity: 'B', warranty: 'in_warranty', billable: false, warrantyEnds: '2027-05-20' });
    expect(a.reasons.map((r) => r.clause)).toEqual(['5.14', '5.5, 5.21.1', '5.4, 5.12.1']);
  });
});

describe('escalation ladder (C → B after 48 h, B → A after 24 h)', () => {
  const since = new Date('2026-10-01T00:00:00Z');
  const after = (h: number) => new Date(since.getTime() + h * H);

  it('does nothing before the wait is over', () => {
    expect(dueEscalations(gx, 'C', since, after(47.99))).toEqual([]);
    expect(dueEscalations(gx, 'B', since, after(23.99))).toEqual([]);
  });

  it('raises C to B at 48 h and B to A at 24 h, each dated when due', () => {
    const [one] = dueEscalations(gx, 'C', since, after(48));
    expect(one).toMatchObject({ from: 'C', to: 'B', at: after(48) });
    expect(one?.reason.clause).toBe('5.14');
    expect(dueEscalations(gx, 'B', since, after(24))).toMatchObject([{ from: 'B', to: 'A', at: after(24) }]);
  });

  it('climbs two rungs when a C ticket is left 72 h, the second clock starting at B', () => {
    expect(dueEscalations(gx, 'C', since, after(71.9)).map((e) => e.to)).toEqual(['B']);
    expect(dueEscalations(gx, 'C', since, after(72))).toMatchObject([
      { from: 'C', to: 'B', at: after(48) },
      { from: 'B', to: 'A', at: after(72) },
    ]);
  });

  it('never escalates D or A by time', () => {
    expect(dueEscalations(gx, 'D', since, after(10_000))).toEqual([]);
    expect(dueEscalations(gx, 'A', since, after(10_000))).toEqual([]);
  });
});
