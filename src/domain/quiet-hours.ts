import { nextOpening } from './hours.js';

/** A daily window ("HH:MM"–"HH:MM", start before end) in a time zone: the teachers' waking hours. */
export interface DailyWindow {
  readonly from: string;
  readonly to: string;
}

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/**
 * When a message the desk starts itself (not a reply) may go to a teacher: at once inside the
 * window [from, to), else when it next opens (quiet hours: 21:30 is already quiet, 07:30 is not).
 */
export function sendableAt(window: DailyWindow, timeZone: string, now: Date): Date {
  return nextOpening({ days: EVERY_DAY, from: window.from, to: window.to }, timeZone, now);
}
