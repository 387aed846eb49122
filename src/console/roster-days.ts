import type { Format } from './format.js';
import type { Translate } from './i18n/index.js';

/** One calendar day in the desk's time zone: its date ("2026-11-30") and the moments it starts and ends. */
export interface Day {
  readonly date: string;
  readonly start: number;
  readonly end: number;
}

/** "2026-11-30" plus n days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A local date and time ("2026-11-30", "08:00") in the desk's zone as a moment (NaN if malformed). */
export function momentOf(fmt: Format, date: string, time: string): number {
  const iso = fmt.zonedIso(`${date}T${time}`);
  return iso ? Date.parse(iso) : Number.NaN;
}

/** Today and the next `count - 1` days in the desk's time zone. */
export function daysFrom(fmt: Format, now: number, count: number): Day[] {
  const today = fmt.zonedLocal(now).slice(0, 10);
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(today, i);
    return { date, start: momentOf(fmt, date, '00:00'), end: momentOf(fmt, addDays(date, 1), '00:00') };
  });
}

/** "11月30日 周一" / "Mon 30 Nov". */
export function dayLabel(t: Translate, date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = t('weekdays').split(' ')[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
  return t('dayLabel', { month: t('months').split(' ')[m - 1] ?? String(m), day: d, weekday });
}

/** A moment as "08:00" when it falls on the day, else with its date ("12月1日 08:00"). */
export function timeOnDay(fmt: Format, day: Day, at: string): string {
  const moment = Date.parse(at);
  return moment >= day.start && moment < day.end ? fmt.zonedLocal(moment).slice(11) : fmt.time(at);
}

/** Whether [start, end) overlaps the day. */
export function overlaps(day: Day, startsAt: string, endsAt: string): boolean {
  return Date.parse(startsAt) < day.end && Date.parse(endsAt) > day.start;
}

/** A time range: "11月30日 14:00 – 18:00", the end's date only when it falls on another day. */
export function span(fmt: Format, startsAt: string, endsAt: string): string {
  const sameDay = fmt.zonedLocal(startsAt).slice(0, 10) === fmt.zonedLocal(endsAt).slice(0, 10);
  return `${fmt.time(startsAt)} – ${sameDay ? fmt.zonedLocal(endsAt).slice(11) : fmt.time(endsAt)}`;
}
