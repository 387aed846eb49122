import { addDays, formatLocalDate, type LocalDate, parseLocalDate, startOfLocalDate } from '../calendar.js';

/** The zone the reports count days in (both contracts' zone). */
export const REPORT_ZONE = 'Asia/Shanghai';

/** The longest range a report covers (a little over two years: this year against last). */
export const REPORT_MAX_DAYS = 800;

/**
 * A report's range: the days `fromDay` to `toDay`, BOTH included, as the date pickers show them; as
 * instants [from, to): `from` the start of `fromDay` and `to` the start of the day after `toDay`
 * in Asia/Shanghai (a ticket at 23:59 on `toDay` is in, one at 00:00 the day after is not).
 */
export interface ReportRange {
  readonly fromDay: string;
  readonly toDay: string;
  readonly from: Date;
  readonly to: Date;
}

export interface RangeError {
  readonly code: 'invalid_from' | 'invalid_to' | 'range_reversed' | 'range_too_long';
  readonly reason: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(text: string | undefined): LocalDate | null {
  return text && DAY.test(text) ? parseLocalDate(text, REPORT_ZONE) : null;
}

/** Reads `from` and `to` ("YYYY-MM-DD"); a clear reason when they are not a range. */
export function reportRange(fromText: string | undefined, toText: string | undefined): ReportRange | RangeError {
  const fromDate = day(fromText);
  if (!fromDate) return { code: 'invalid_from', reason: `from: "${fromText ?? ''}" is not a date (YYYY-MM-DD)` };
  const toDate = day(toText);
  if (!toDate) return { code: 'invalid_to', reason: `to: "${toText ?? ''}" is not a date (YYYY-MM-DD)` };
  const from = startOfLocalDate(fromDate, REPORT_ZONE);
  const to = startOfLocalDate(addDays(toDate, 1), REPORT_ZONE);
  if (to <= from)
    return { code: 'range_reversed', reason: `to (${formatLocalDate(toDate)}) is before from (${formatLocalDate(fromDate)})` };
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  if (days > REPORT_MAX_DAYS) return { code: 'range_too_long', reason: `the range covers ${days} days; at most ${REPORT_MAX_DAYS}` };
  return { fromDay: formatLocalDate(fromDate), toDay: formatLocalDate(toDate), from, to };
}

export function isRangeError(r: ReportRange | RangeError): r is RangeError {
  return 'code' in r;
}
