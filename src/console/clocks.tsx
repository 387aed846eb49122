import { useDesk } from './desk.js';
import type { Summary } from './types.js';

export type ClockKey = 'response' | 'onSite' | 'repair' | 'loaner';
export interface Clock {
  readonly key: ClockKey;
  readonly due: string;
  readonly done: string | null;
  readonly state: 'running' | 'done' | 'stopped';
  readonly late: boolean;
  /** ms until due (negative: overdue); for a finished clock, how early it was met. */
  readonly left: number;
}

/** The SLA clocks of a ticket, each with its state and urgency, on the server's clock. */
export function clocksOf(ticket: Summary, now: number): Clock[] {
  const finished = ticket.status === 'resolved' || ticket.status === 'closed';
  const defs: [ClockKey, string | null, string | null][] = [
    ['response', ticket.responseDueAt, ticket.respondedAt],
    ['onSite', ticket.onSiteDueAt, ticket.onSiteAt],
    ['repair', ticket.repairDueAt, ticket.resolvedAt],
    ['loaner', ticket.loanerDueAt, ticket.resolvedAt],
  ];
  return defs.flatMap(([key, due, done]): Clock[] => {
    if (!due) return [];
    const dueAt = Date.parse(due);
    if (done) return [{ key, due, done, state: 'done', late: Date.parse(done) > dueAt, left: dueAt - Date.parse(done) }];
    if (finished) return [{ key, due, done, state: 'stopped', late: false, left: Infinity }];
    return [{ key, due, done, state: 'running', late: false, left: dueAt - now }];
  });
}

/** The row's clocks: running ones, most urgent first; otherwise the last finished one. */
export function rowClocks(ticket: Summary, now: number): Clock[] {
  const all = clocksOf(ticket, now);
  const running = all.filter((c) => c.state === 'running').sort((a, b) => a.left - b.left);
  if (running.length > 0) return running;
  const done = all.filter((c) => c.state === 'done');
  return done.slice(-1);
}

function clockClass(clock: Clock): string {
  if (clock.state === 'done') return clock.late ? 'clock clock-done clock-late' : 'clock clock-done';
  if (clock.state === 'stopped') return 'clock clock-stopped';
  if (clock.left < 0) return 'clock clock-overdue';
  if (clock.left < 30 * 60_000) return 'clock clock-soon';
  return 'clock clock-running';
}

export function ClockChip({ clock }: { clock: Clock }) {
  const { t, fmt } = useDesk();
  let text: string;
  if (clock.state === 'done') text = t(clock.late ? 'clockDoneLate' : 'clockDone', { at: fmt.time(clock.done) });
  else if (clock.state === 'stopped') text = t('clockStopped');
  else text = clock.left >= 0 ? t('clockLeft', { d: fmt.duration(clock.left) }) : t('clockOverdue', { d: fmt.duration(clock.left) });
  return (
    <span class={clockClass(clock)} data-clock={clock.key}>
      <span class="clock-name">{t(`clock_${clock.key}`)}</span> <span class="clock-state">{text}</span>
    </span>
  );
}

/** A ticket's clocks with their due times. */
export function ClockList({ ticket }: { ticket: Summary }) {
  const { t, fmt, api } = useDesk();
  return (
    <ul class="clock-list" id="clocks">
      {clocksOf(ticket, api.now()).map((c) => (
        <li class="clock-line" key={c.key}>
          <ClockChip clock={c} />
          <span class="clock-due">{t('due', { at: fmt.time(c.due) })}</span>
        </li>
      ))}
    </ul>
  );
}
