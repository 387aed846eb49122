import { type ClockAlert, type ClockTerms, clockAlerts, type TicketTimeline } from '../../domain/clocks.js';
import type { Severity } from '../../domain/contract.js';

/** A ticket_alerts row a ticket should have (see AlertsRepo.sync). */
export interface PlannedAlert {
  readonly key: string;
  readonly kind: 'clock' | 'unassigned';
  readonly at: Date;
  readonly data: Record<string, unknown>;
}

/** The kinds the plan decides: a sync with these leaves the other kinds' rows (dispatch, raised, page) alone. */
export const PLANNED_KINDS = ['clock', 'unassigned'] as const;

/** What the plan reads of a ticket besides its clocks. */
export interface PlanTicket {
  readonly severity: Severity;
  readonly assigneeId: string | null;
  readonly engineerId: string | null;
}

/** Severities whose ticket must not wait unassigned: the on-duty staff are warned. */
const URGENT: readonly Severity[] = ['A', 'B'];

export const clockAlertKey = (a: Pick<ClockAlert, 'key' | 'percent' | 'dueAt'>): string =>
  `clock:${a.key}:${a.percent}:${a.dueAt.toISOString()}`;

/**
 * The warning rows the ticket should have at `now`: each running clock's warning points (its due
 * time in the key, so that a moved deadline is a new warning and the old one is cancelled), of
 * which a point already overtaken by a later passed point of the same clock is left out (a ticket
 * found past its breach is told of the breach only); and for an A or B ticket nobody has taken
 * (no assignee, no engineer), a warning to the on-duty staff at its response clock's first point.
 */
export function planAlerts(
  ticket: PlanTicket,
  terms: ClockTerms | null,
  timeline: TicketTimeline,
  percents: readonly number[],
  now: Date,
): PlannedAlert[] {
  if (!terms) return [];
  const points = clockAlerts(terms, timeline, percents, now);
  const passed = (a: ClockAlert) => a.at.getTime() <= now.getTime();
  const overtaken = (a: ClockAlert) => passed(a) && points.some((b) => b.key === a.key && b.percent > a.percent && passed(b));
  const out: PlannedAlert[] = points
    .filter((a) => !overtaken(a))
    .map((a) => ({
      key: clockAlertKey(a),
      kind: 'clock',
      at: a.at,
      data: { clock: a.key, percent: a.percent, dueAt: a.dueAt.toISOString() },
    }));
  if (URGENT.includes(ticket.severity) && !ticket.assigneeId && !ticket.engineerId) {
    const first = points.filter((a) => a.key === 'response').sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    if (first) out.push({ key: `unassigned:${ticket.severity}`, kind: 'unassigned', at: first.at, data: { severity: ticket.severity } });
  }
  return out;
}
