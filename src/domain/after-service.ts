import { addMonths, formatLocalDate, type LocalDate, localDateOf, startOfLocalDate } from './calendar.js';
import { isOpen, nextOpening } from './hours.js';

/**
 * The after-service calendar (GX-EDU 5.16, 5.17; CG-CULTURE 4.5.1, 4.5.4), without I/O: rounds of
 * return visits and inspections counted in calendar months from a site's first acceptance date, and
 * the moments inside a contract's windows when a visit may be written.
 */

/** What a teacher answered to a return visit's question: all fine, a fault to report, call me. */
export type VisitAnswer = 'ok' | 'fault' | 'call';

/** A cadence: the first round `firstMonths` after the anchor, then one every `everyMonths`. */
export interface Cadence {
  readonly firstMonths: number;
  readonly everyMonths: number;
}

/** A daily window "HH:MM"–"HH:MM" on ISO weekdays (1 = Monday), in the contract's zone. */
export interface Windows {
  readonly windows: readonly { readonly from: string; readonly to: string }[];
  readonly days: readonly number[];
}

/** The n-th round's date (n = 0 is the first), always counted from the anchor (no drift from clamping). */
export function roundDate(anchor: LocalDate, cadence: Cadence, n: number): LocalDate {
  return addMonths(anchor, cadence.firstMonths + n * cadence.everyMonths);
}

const compare = (a: LocalDate, b: LocalDate) => formatLocalDate(a).localeCompare(formatLocalDate(b));

/**
 * The rounds that matter on `today`: the latest one on or before it (null before the first), and
 * the next one after it. Rounds before the latest are history: a desk installed years after the
 * acceptance starts with the round in progress, not with every missed one.
 */
export function currentRounds(
  anchor: LocalDate,
  cadence: Cadence,
  today: LocalDate,
): { readonly latest: LocalDate | null; readonly next: LocalDate } {
  const months = (today.year - anchor.year) * 12 + (today.month - anchor.month) - cadence.firstMonths;
  // Start a little before the estimate and walk forward: month clamping moves a round by days only.
  let n = Math.max(0, Math.floor(months / cadence.everyMonths) - 1);
  let latest: LocalDate | null = null;
  for (;;) {
    const date = roundDate(anchor, cadence, n);
    if (compare(date, today) > 0) return { latest, next: date };
    latest = date;
    n++;
  }
}

/** Every round date in [from, to] (inclusive), oldest first: what a report counts as due. */
export function roundsBetween(anchor: LocalDate, cadence: Cadence, from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let n = 0; ; n++) {
    const date = roundDate(anchor, cadence, n);
    if (compare(date, to) > 0) return out;
    if (compare(date, from) >= 0) out.push(date);
  }
}

/** Whether `now` is inside one of the windows. */
export function inWindows(windows: Windows, timeZone: string, now: Date): boolean {
  return windows.windows.some((w) => isOpen({ days: windows.days, from: w.from, to: w.to }, timeZone, now));
}

/** The first moment at or after `after` inside one of the windows (`after` itself when inside). */
export function nextWindowSlot(windows: Windows, timeZone: string, after: Date): Date {
  let best: Date | null = null;
  for (const w of windows.windows) {
    const opening = nextOpening({ days: windows.days, from: w.from, to: w.to }, timeZone, after);
    if (!best || opening < best) best = opening;
  }
  return best ?? after;
}

/** When a round dated `date` may first be written: its day's first window (or the next open one). */
export function roundSlot(date: LocalDate, windows: Windows, timeZone: string): Date {
  return nextWindowSlot(windows, timeZone, startOfLocalDate(date, timeZone));
}

/** Today in the contract's zone. */
export function todayIn(timeZone: string, now: Date): LocalDate {
  return localDateOf(now, timeZone);
}
