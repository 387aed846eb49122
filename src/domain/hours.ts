import { addDays, type LocalDate, localDateOf, startOfLocalDate } from './calendar.js';

/** Opening hours: ISO weekdays (1 = Monday) and a daily window "HH:MM"–"HH:MM" in a zone. */
export interface Hours {
  readonly days: readonly number[];
  readonly from: string;
  readonly to: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function isoWeekday(date: LocalDate): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

function at(date: LocalDate, hhmm: string, timeZone: string): Date {
  return new Date(startOfLocalDate(date, timeZone).getTime() + minutesOf(hhmm) * 60_000);
}

export function isOpen(hours: Hours, timeZone: string, now: Date): boolean {
  const today = localDateOf(now, timeZone);
  if (!hours.days.includes(isoWeekday(today))) return false;
  return now >= at(today, hours.from, timeZone) && now < at(today, hours.to, timeZone);
}

/** The next moment the window opens (now, when it is open). */
export function nextOpening(hours: Hours, timeZone: string, now: Date): Date {
  if (isOpen(hours, timeZone, now)) return now;
  const today = localDateOf(now, timeZone);
  for (let i = 0; i < 8; i++) {
    const day = addDays(today, i);
    if (!hours.days.includes(isoWeekday(day))) continue;
    const opens = at(day, hours.from, timeZone);
    if (opens > now) return opens;
  }
  return now;
}
