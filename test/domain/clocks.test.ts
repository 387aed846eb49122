import { describe, expect, it } from 'vitest';
import {
  type Clock,
  type ClockKey,
  type ClockTerms,
  clockAlerts,
  clockTerms,
  slaRow,
  type TicketTimeline,
  ticketClocks,
} from '../../src/domain/clocks.js';
import type { Contract, WarrantyDecision } from '../../src/domain/contract.js';
import { shippedContracts } from '../support/contracts.js';

// The numbers are the contracts' own (flows/contracts/*.yaml): nothing here restates them.
const { gx, cg } = await shippedContracts();

const T0 = new Date('2026-10-12T06:10:00Z').getTime();
const at = (ms: number) => new Date(T0 + ms);
const open: TicketTimeline = {
  reportedAt: at(0),
  respondedAt: null,
  arrivedAt: null,
  loanerDeliveredAt: null,
  resolutions: [],
  closedAt: null,
};
const line = (change: Partial<TicketTimeline>): TicketTimeline => ({ ...open, ...change });
const clock = (terms: ClockTerms, timeline: TicketTimeline, now: number, key: ClockKey): Clock => {
  const found = ticketClocks(terms, timeline, at(now)).find((c) => c.key === key);
  if (!found) throw new Error(`no ${key} clock`);
  return found;
};
const iso = (d: Date | null) => d?.toISOString() ?? null;
const state = (c: Clock) => ({ state: c.state, dueAt: iso(c.dueAt), stoppedAt: iso(c.stoppedAt) });

const CONTRACTS: readonly [string, Contract][] = [
  ['GX-EDU', gx],
  ['CG-CULTURE', cg],
];
const DECISIONS: readonly WarrantyDecision[] = ['in_warranty', 'out_of_warranty', 'excluded', 'unknown'];
const FAULT = { symptom: 'no_display' } as const;

describe.each(CONTRACTS)('%s', (_name, contract) => {
  it('maps every warranty decision to its row (excluded and unknown as the contract says)', () => {
    expect(slaRow(contract, 'in_warranty')).toBe('in_warranty');
    expect(slaRow(contract, 'out_of_warranty')).toBe('out_of_warranty');
    expect(slaRow(contract, 'excluded')).toBe(contract.sla.excluded);
    expect(slaRow(contract, 'unknown')).toBe(contract.sla.unknown);
  });

  it('a question needs no engineer: the response clock only, the on-site clock not needed', () => {
    for (const decision of DECISIONS) {
      const terms = clockTerms(contract, decision, { symptom: 'question' });
      const clocks = ticketClocks(terms, open, at(0));
      expect(clocks.map((c) => [c.key, c.state])).toEqual([
        ['response', 'running'],
        ['onSite', 'not_needed'],
      ]);
      expect(clocks[1]?.dueAt).toBeNull();
      expect(clockAlerts(terms, open, [75, 100], at(0)).map((a) => a.key)).toEqual(['response', 'response']);
    }
  });

  describe.each(DECISIONS)('%s', (decision) => {
    const row = contract.sla[slaRow(contract, decision)];
    const terms = clockTerms(contract, decision, FAULT);

    it('takes its terms from the row', () => {
      expect(terms).toMatchObject({ clause: row.clause, response: row.response, onSite: row.onSite, repair: row.repair ?? null });
      expect(terms.loaner).toEqual(row.loaner ? { after: row.loaner, within: row.loanerWithin ?? row.onSite } : null);
      const keys = ticketClocks(terms, open, at(0)).map((c) => c.key);
      expect(keys).toEqual(['response', 'onSite', ...(row.repair ? ['repair'] : []), ...(row.loaner ? ['loaner'] : [])]);
    });

    describe.each([
      ['response', 'respondedAt', row.response],
      ['onSite', 'arrivedAt', row.onSite],
    ] as const)('the %s clock', (key, stopField, allowance) => {
      it('starts at the report and runs until it is due; open one ms later, it is breached', () => {
        const c = clock(terms, open, 0, key);
        expect(c).toMatchObject({ state: 'running', allowance, stoppedAt: null });
        expect(iso(c.startsAt)).toBe(iso(at(0)));
        expect(iso(c.dueAt)).toBe(iso(at(allowance)));
        expect(clock(terms, open, allowance - 1, key).state).toBe('running');
        expect(clock(terms, open, allowance, key).state).toBe('running');
        expect(state(clock(terms, open, allowance + 1, key))).toEqual({ state: 'breached', dueAt: iso(at(allowance)), stoppedAt: null });
      });

      it('stops at its event: met exactly at the due instant, breached one ms later', () => {
        const met = line({ [stopField]: at(allowance) });
        expect(state(clock(terms, met, allowance * 3, key))).toEqual({
          state: 'met',
          dueAt: iso(at(allowance)),
          stoppedAt: iso(at(allowance)),
        });
        const late = line({ [stopField]: at(allowance + 1) });
        expect(state(clock(terms, late, allowance * 3, key))).toEqual({
          state: 'breached',
          dueAt: iso(at(allowance)),
          stoppedAt: iso(at(allowance + 1)),
        });
        // Before its event happened, it still ran.
        expect(clock(terms, late, allowance, key).state).toBe('running');
      });

      it('a reopened ticket resumes it with the time it had left (due shifted by the time resolved)', () => {
        const resolvedAt = allowance / 2;
        const paused = 5 * allowance;
        const reopened = line({ resolutions: [{ at: at(resolvedAt), reopenedAt: at(resolvedAt + paused) }] });
        const c = clock(terms, reopened, resolvedAt + paused, key);
        expect(state(c)).toEqual({ state: 'running', dueAt: iso(at(allowance + paused)), stoppedAt: null });
        expect(clock(terms, reopened, allowance + paused, key).state).toBe('running');
        expect(clock(terms, reopened, allowance + paused + 1, key).state).toBe('breached');
        const metAfter = line({ ...reopened, [stopField]: at(allowance + paused) });
        expect(clock(terms, metAfter, allowance + paused + 1, key).state).toBe('met');
      });

      it('a clock breached before the resolution stays breached after a reopening', () => {
        const reopened = line({ resolutions: [{ at: at(allowance + 1), reopenedAt: at(allowance * 4) }] });
        const c = clock(terms, reopened, allowance * 4, key);
        expect(state(c)).toEqual({ state: 'breached', dueAt: iso(at(allowance)), stoppedAt: null });
      });
    });

    it('the response: the resolution stops it (met before the due time, breached after)', () => {
      const resolved = (when: number) => line({ resolutions: [{ at: at(when), reopenedAt: null }] });
      expect(state(clock(terms, resolved(row.response), row.response * 2, 'response'))).toMatchObject({ state: 'met' });
      expect(state(clock(terms, resolved(row.response + 1), row.response * 2, 'response'))).toMatchObject({
        state: 'breached',
        stoppedAt: iso(at(row.response + 1)),
      });
    });

    it('on site: a resolution without a check-in pauses it; closed, it is not needed; breached first, it stays breached', () => {
      const resolvedAt = row.onSite - 1;
      const resolved = line({ respondedAt: at(0), resolutions: [{ at: at(resolvedAt), reopenedAt: null }] });
      const paused = clock(terms, resolved, row.onSite * 10, 'onSite');
      expect(state(paused)).toEqual({ state: 'paused', dueAt: iso(at(row.onSite)), stoppedAt: null });
      const closed = line({ ...resolved, closedAt: at(row.onSite * 2) });
      expect(clock(terms, closed, row.onSite * 10, 'onSite').state).toBe('not_needed');
      const lateResolved = line({ respondedAt: at(0), resolutions: [{ at: at(row.onSite + 1), reopenedAt: null }] });
      expect(clock(terms, lateResolved, row.onSite * 10, 'onSite').state).toBe('breached');
      expect(clock(terms, line({ ...lateResolved, closedAt: at(row.onSite * 2) }), row.onSite * 10, 'onSite').state).toBe('breached');
      // Checked in before the resolution: met, and it stays met whatever follows.
      const arrived = line({ ...closed, arrivedAt: at(row.onSite) });
      expect(state(clock(terms, arrived, row.onSite * 10, 'onSite'))).toMatchObject({ state: 'met', stoppedAt: iso(at(row.onSite)) });
    });

    if (row.repair) {
      const repair = row.repair;
      it('the repair: stopped by the resolution, met at the due instant, breached one ms later; a reopening resumes it', () => {
        expect(state(clock(terms, open, 0, 'repair'))).toEqual({ state: 'running', dueAt: iso(at(repair)), stoppedAt: null });
        const resolved = (when: number) => line({ resolutions: [{ at: at(when), reopenedAt: null }] });
        expect(clock(terms, resolved(repair), repair * 2, 'repair').state).toBe('met');
        expect(clock(terms, resolved(repair + 1), repair * 2, 'repair')).toMatchObject({ state: 'breached' });
        expect(clock(terms, open, repair + 1, 'repair').state).toBe('breached');
        const paused = 3 * 3_600_000;
        const reopened = line({ resolutions: [{ at: at(repair / 2), reopenedAt: at(repair / 2 + paused) }] });
        expect(state(clock(terms, reopened, repair / 2 + paused, 'repair'))).toEqual({
          state: 'running',
          dueAt: iso(at(repair + paused)),
          stoppedAt: null,
        });
      });
    } else {
      it('has no repair clock', () => expect(ticketClocks(terms, open, at(0)).some((c) => c.key === 'repair')).toBe(false));
    }

    if (row.loaner) {
      const after = row.loaner;
      const within = row.loanerWithin ?? row.onSite;
      it('the loaner: not needed before it is owed, owed at exactly its time of unrepaired time, due within its time', () => {
        expect(state(clock(terms, open, after - 1, 'loaner'))).toEqual({ state: 'not_needed', dueAt: null, stoppedAt: null });
        expect(iso(clock(terms, open, after - 1, 'loaner').startsAt)).toBe(iso(at(after)));
        const owed = clock(terms, open, after, 'loaner');
        expect(state(owed)).toEqual({ state: 'running', dueAt: iso(at(after + within)), stoppedAt: null });
        expect(iso(owed.startsAt)).toBe(iso(at(after)));
        expect(owed.allowance).toBe(within);
        expect(clock(terms, open, after + within, 'loaner').state).toBe('running');
        expect(clock(terms, open, after + within + 1, 'loaner').state).toBe('breached');
      });

      it('the loaner: met by a delivery in time, breached by a late one', () => {
        const delivered = (when: number) => line({ loanerDeliveredAt: at(when) });
        expect(state(clock(terms, delivered(after + within), after * 2, 'loaner'))).toEqual({
          state: 'met',
          dueAt: iso(at(after + within)),
          stoppedAt: iso(at(after + within)),
        });
        expect(clock(terms, delivered(after + within + 1), after * 2, 'loaner').state).toBe('breached');
        // Delivered before it was owed: met.
        expect(clock(terms, delivered(after / 2), after * 2, 'loaner').state).toBe('met');
      });

      it('the loaner: a repair before it is owed makes it not needed; a repair after stops it', () => {
        const repaired = (when: number) =>
          line({ respondedAt: at(0), arrivedAt: at(1), resolutions: [{ at: at(when), reopenedAt: null }] });
        expect(state(clock(terms, repaired(after - 1), after * 3, 'loaner'))).toEqual({
          state: 'not_needed',
          dueAt: null,
          stoppedAt: null,
        });
        expect(state(clock(terms, repaired(after + 1), after * 3, 'loaner'))).toEqual({
          state: 'met',
          dueAt: iso(at(after + within)),
          stoppedAt: iso(at(after + 1)),
        });
        expect(clock(terms, repaired(after + within + 1), after * 3, 'loaner').state).toBe('breached');
      });

      it('the loaner: the time a ticket was resolved does not count towards it being owed', () => {
        const paused = 5 * 3_600_000;
        const reopened = line({ resolutions: [{ at: at(after / 2), reopenedAt: at(after / 2 + paused) }] });
        expect(clock(terms, reopened, after + paused - 1, 'loaner').state).toBe('not_needed');
        expect(state(clock(terms, reopened, after + paused, 'loaner'))).toEqual({
          state: 'running',
          dueAt: iso(at(after + paused + within)),
          stoppedAt: null,
        });
      });

      it('warns at 0% (owed), 75% and 100% of the loaner time, from the moment it is owed', () => {
        const points = clockAlerts(terms, open, [75, 100], at(0)).filter((a) => a.key === 'loaner');
        expect(points.map((p) => [p.percent, iso(p.at), iso(p.dueAt)])).toEqual([
          [0, iso(at(after)), iso(at(after + within))],
          [75, iso(at(after + within * 0.75)), iso(at(after + within))],
          [100, iso(at(after + within)), iso(at(after + within))],
        ]);
        // Once owed, the same points.
        const owed = clockAlerts(terms, open, [75, 100], at(after)).filter((a) => a.key === 'loaner');
        expect(owed.map((p) => iso(p.at))).toEqual(points.map((p) => iso(p.at)));
        // Delivered: none.
        const delivered = line({ loanerDeliveredAt: at(after + 1) });
        expect(clockAlerts(terms, delivered, [75, 100], at(after + 2)).some((a) => a.key === 'loaner')).toBe(false);
      });
    } else {
      it('has no loaner clock', () => expect(ticketClocks(terms, open, at(0)).some((c) => c.key === 'loaner')).toBe(false));
    }

    it('warns at 75% and 100% of each running clock, the time resolved not counted; none once stopped or resolved', () => {
      const points = clockAlerts(terms, open, [75, 100], at(0)).filter((a) => a.key !== 'loaner');
      const expected = (
        [['response', row.response], ['onSite', row.onSite], ...(row.repair ? [['repair', row.repair] as const] : [])] as const
      ).flatMap(([key, ms]) => [
        [key, 75, iso(at(ms * 0.75)), iso(at(ms))],
        [key, 100, iso(at(ms)), iso(at(ms))],
      ]);
      expect(points.map((p) => [p.key, p.percent, iso(p.at), iso(p.dueAt)])).toEqual(expected);

      const responded = line({ respondedAt: at(1) });
      expect(clockAlerts(terms, responded, [75, 100], at(2)).some((a) => a.key === 'response')).toBe(false);

      const paused = 3 * 3_600_000;
      const reopened = line({ resolutions: [{ at: at(1), reopenedAt: at(1 + paused) }] });
      const shifted = clockAlerts(terms, reopened, [75, 100], at(1 + paused)).find((a) => a.key === 'onSite' && a.percent === 75);
      expect(iso(shifted?.at ?? null)).toBe(iso(at(row.onSite * 0.75 + paused)));

      // A resolved ticket warns of nothing: not the on-site clock it paused, not a loaner it will never owe.
      const resolved = line({ respondedAt: at(0), resolutions: [{ at: at(1), reopenedAt: null }] });
      expect(clockAlerts(terms, resolved, [75, 100], at(2))).toEqual([]);
      const breachedThenResolved = line({ respondedAt: at(0), resolutions: [{ at: at(row.onSite + 1), reopenedAt: null }] });
      expect(clockAlerts(terms, breachedThenResolved, [75, 100], at(row.onSite + 2))).toEqual([]);
    });
  });
});
