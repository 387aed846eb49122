import type { Contract, WarrantyDecision } from './contract.js';
import type { Facts } from './facts.js';

/**
 * The service-level clocks of a ticket as they run (SERVICE_TERMS.md, "Service-level clocks"):
 * each from its start event to its stop event, computed from the ticket's timeline at `now`.
 * Pure: the numbers come from the contract (`clockTerms`), the moments from the ticket's events.
 *
 * - response: from the report to the first message or call logged by a person;
 * - onSite: from the report to the engineer's check-in; not needed for a question, nor once the
 *   fault is solved remotely (paused while the ticket is resolved, not needed once it is closed);
 * - repair: from the report to the resolution;
 * - loaner: owed from `loaner.after` of unrepaired time after the report, due `loaner.within`
 *   later, stopped by a loaner delivered or by the repair (before it started: not needed).
 *
 * Time while the ticket is resolved does not count: a reopened ticket resumes its clocks with the
 * time they had left when it was resolved (a clock already breached stays breached).
 */
export const CLOCK_KEYS = ['response', 'onSite', 'repair', 'loaner'] as const;
export type ClockKey = (typeof CLOCK_KEYS)[number];

export const CLOCK_STATES = ['running', 'met', 'breached', 'not_needed', 'paused'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** What the contract promises for one ticket: its SLA row at the ticket's warranty and facts (ms). */
export interface ClockTerms {
  readonly row: 'in_warranty' | 'out_of_warranty';
  readonly clause: string;
  readonly response: number;
  /** Null: the fault needs no engineer (a question), or the row has no such clock. */
  readonly onSite: number | null;
  readonly repair: number | null;
  readonly loaner: { readonly after: number; readonly within: number } | null;
}

/** A resolution of the ticket, and when it was reopened (null: it still stands). */
export interface Resolution {
  readonly at: Date;
  readonly reopenedAt: Date | null;
}

/** The moments the clocks start and stop at, as the ticket's events record them. */
export interface TicketTimeline {
  readonly reportedAt: Date;
  /** The first message or call logged by a person. */
  readonly respondedAt: Date | null;
  /** The engineer's check-in on site. */
  readonly arrivedAt: Date | null;
  readonly loanerDeliveredAt: Date | null;
  /** Oldest first; only the last may still stand. */
  readonly resolutions: readonly Resolution[];
  readonly closedAt: Date | null;
}

export interface Clock {
  readonly key: ClockKey;
  readonly state: ClockState;
  /** When it started (the loaner: when it is owed from; in the future while it is not yet owed). */
  readonly startsAt: Date;
  /** When it is due, time while the ticket was resolved added; null when it never applies. */
  readonly dueAt: Date | null;
  /** When it stopped (met, or breached late); null while running, paused or not needed. */
  readonly stoppedAt: Date | null;
  /** Its allowance (ms): a warning at 75% comes after 75% of it. */
  readonly allowance: number;
}

/** Which row of the SLA table a warranty decision uses. */
export function slaRow(contract: Contract, decision: WarrantyDecision): 'in_warranty' | 'out_of_warranty' {
  switch (decision) {
    case 'in_warranty':
    case 'out_of_warranty':
      return decision;
    case 'excluded':
      return contract.sla.excluded;
    case 'unknown':
      return contract.sla.unknown;
  }
}

/** The contract's promises for a ticket with this warranty decision and these facts. */
export function clockTerms(contract: Contract, decision: WarrantyDecision, facts: Pick<Facts, 'symptom'>): ClockTerms {
  const rowName = slaRow(contract, decision);
  const row = contract.sla[rowName];
  const visit = !contract.sla.noVisitSymptoms.includes(facts.symptom);
  return {
    row: rowName,
    clause: row.clause,
    response: row.response,
    onSite: visit ? row.onSite : null,
    repair: visit ? (row.repair ?? null) : null,
    loaner: visit && row.loaner ? { after: row.loaner, within: row.loanerWithin ?? row.onSite } : null,
  };
}

interface Pause {
  readonly from: number;
  /** Infinity: still paused. */
  readonly to: number;
}

function pausesOf(timeline: TicketTimeline): Pause[] {
  return timeline.resolutions.map((r) => ({ from: r.at.getTime(), to: r.reopenedAt ? r.reopenedAt.getTime() : Infinity }));
}

/**
 * The moment `allowance` of running time has passed since `start`, time inside pauses not counted;
 * Infinity when a pause that never ends comes first.
 */
export function runningDeadline(start: number, allowance: number, pauses: readonly Pause[]): number {
  let t = start;
  let left = allowance;
  for (const p of pauses) {
    if (p.to <= t) continue;
    if (p.from >= t + left) break;
    if (p.from > t) left -= p.from - t;
    t = p.to;
    if (t === Infinity) return Infinity;
  }
  return t + left;
}

/** The resolution that stands, if the ticket is resolved or closed now. */
function standing(timeline: TicketTimeline, now: number): Resolution | null {
  const last = timeline.resolutions.at(-1);
  return last && !last.reopenedAt && last.at.getTime() <= now ? last : null;
}

interface Run {
  readonly key: ClockKey;
  readonly start: number;
  readonly allowance: number;
  /** Its own stop event (not the resolution). */
  readonly stop: Date | null;
  /** Whether the resolution stops it (met or breached) rather than pausing it. */
  readonly resolutionStops: boolean;
}

function run(r: Run, timeline: TicketTimeline, pauses: readonly Pause[], now: number): Clock {
  const deadline = runningDeadline(r.start, r.allowance, pauses);
  const base = { key: r.key, startsAt: new Date(r.start), allowance: r.allowance };
  // While paused with no end, the due time is not known: show the one it had when the pause began.
  const shown =
    deadline === Infinity
      ? runningDeadline(
          r.start,
          r.allowance,
          pauses.filter((p) => p.to !== Infinity),
        )
      : deadline;
  const dueAt = new Date(shown);
  const stopped = (at: number): Clock => ({ ...base, dueAt, stoppedAt: new Date(at), state: at <= shown ? 'met' : 'breached' });
  if (r.stop && r.stop.getTime() <= now) return stopped(r.stop.getTime());
  const resolved = standing(timeline, now);
  if (resolved) {
    const at = resolved.at.getTime();
    if (r.resolutionStops) return stopped(at);
    // Breached before the resolution: a breach stays one.
    if (shown < at) return { ...base, dueAt, stoppedAt: null, state: 'breached' };
    const closed = timeline.closedAt && timeline.closedAt.getTime() <= now;
    return { ...base, dueAt, stoppedAt: null, state: closed ? 'not_needed' : 'paused' };
  }
  // A stop exactly at the due instant is met, so until that instant has passed the clock still runs.
  return { ...base, dueAt, stoppedAt: null, state: now <= shown ? 'running' : 'breached' };
}

const notNeeded = (key: ClockKey, start: number): Clock => ({
  key,
  state: 'not_needed',
  startsAt: new Date(start),
  dueAt: null,
  stoppedAt: null,
  allowance: 0,
});

/** The loaner: owed after `after` of unrepaired time; before that (or when the repair came first) not needed. */
function loanerClock(terms: NonNullable<ClockTerms['loaner']>, timeline: TicketTimeline, pauses: readonly Pause[], now: number): Clock {
  const reported = timeline.reportedAt.getTime();
  const owedFrom = runningDeadline(reported, terms.after, pauses);
  const delivered = timeline.loanerDeliveredAt && timeline.loanerDeliveredAt.getTime() <= now ? timeline.loanerDeliveredAt : null;
  if (owedFrom === Infinity || (owedFrom > now && !delivered)) {
    // Not owed (yet): resolved first, or the time has not come. startsAt says from when it would be.
    const from =
      owedFrom === Infinity
        ? runningDeadline(
            reported,
            terms.after,
            pauses.filter((p) => p.to !== Infinity),
          )
        : owedFrom;
    return notNeeded('loaner', from);
  }
  // From the moment it is owed, resolution time does not pause it: a repair stops it, delivery meets it.
  return run({ key: 'loaner', start: owedFrom, allowance: terms.within, stop: delivered, resolutionStops: true }, timeline, pauses, now);
}

/** Every clock of the ticket at `now`, in the order of the SLA table. */
export function ticketClocks(terms: ClockTerms, timeline: TicketTimeline, now: Date): Clock[] {
  const at = now.getTime();
  const reported = timeline.reportedAt.getTime();
  const pauses = pausesOf(timeline);
  const clocks: Clock[] = [
    run(
      { key: 'response', start: reported, allowance: terms.response, stop: timeline.respondedAt, resolutionStops: true },
      timeline,
      pauses,
      at,
    ),
  ];
  clocks.push(
    terms.onSite === null
      ? notNeeded('onSite', reported)
      : run(
          { key: 'onSite', start: reported, allowance: terms.onSite, stop: timeline.arrivedAt, resolutionStops: false },
          timeline,
          pauses,
          at,
        ),
  );
  if (terms.repair !== null) {
    clocks.push(run({ key: 'repair', start: reported, allowance: terms.repair, stop: null, resolutionStops: true }, timeline, pauses, at));
  }
  if (terms.loaner) clocks.push(loanerClock(terms.loaner, timeline, pauses, at));
  return clocks;
}

/** A warning point of a running clock: when `percent` of its allowance has run. */
export interface ClockAlert {
  readonly key: ClockKey;
  readonly percent: number;
  readonly at: Date;
  /** The clock's due time the alert was computed against. */
  readonly dueAt: Date;
}

/**
 * The warning points still to come or due for the clocks that run at `now` (paused, stopped and
 * not-needed clocks have none). A loaner clock also gets a point at 0%: the moment it is owed.
 * A resolved ticket has none: its clocks are stopped or paused, and a loaner it did not owe yet
 * will not be owed unless it is reopened (a clock breached before the resolution warns no more).
 */
export function clockAlerts(terms: ClockTerms, timeline: TicketTimeline, percents: readonly number[], now: Date): ClockAlert[] {
  if (standing(timeline, now.getTime())) return [];
  const pauses = pausesOf(timeline);
  const out: ClockAlert[] = [];
  for (const clock of ticketClocks(terms, timeline, now)) {
    const loanerPending = clock.key === 'loaner' && clock.state === 'not_needed' && clock.startsAt.getTime() > now.getTime();
    if (loanerPending && terms.loaner) {
      // Not owed yet: its points come from when it will be owed, if nothing changes meanwhile.
      const from = clock.startsAt.getTime();
      for (const percent of [0, ...percents]) {
        out.push({
          key: 'loaner',
          percent,
          at: new Date(from + (terms.loaner.within * percent) / 100),
          dueAt: new Date(from + terms.loaner.within),
        });
      }
      continue;
    }
    if ((clock.state !== 'running' && clock.state !== 'breached') || clock.stoppedAt || !clock.dueAt) continue;
    const start = clock.startsAt.getTime();
    const points = clock.key === 'loaner' ? [0, ...percents] : percents;
    for (const percent of points) {
      out.push({
        key: clock.key,
        percent,
        at: new Date(runningDeadline(start, (clock.allowance * percent) / 100, pauses)),
        dueAt: clock.dueAt,
      });
    }
  }
  return out;
}
