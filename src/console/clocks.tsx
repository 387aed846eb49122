import { useDesk } from './desk.js';
import type { Summary } from './types.js';

/** A clock as the server computed it (src/domain/clocks.ts, at the server's now). */
type ServerClock = Summary['clocks'][number];
export type ClockKey = ServerClock['key'];

/**
 * A clock as the console shows it. The server says which state each clock is in; an open clock
 * (running, or breached and not stopped) keeps counting on the page against the server's clock.
 */
export interface Clock {
  readonly key: ClockKey;
  readonly state: 'running' | 'overdue' | 'met' | 'late' | 'not_needed' | 'pending' | 'paused';
  readonly due: string | null;
  /** When it stopped (met or late); for a loaner not owed yet, from when it would be owed. */
  readonly at: string | null;
  /** ms until due (negative: overdue), for an open clock; Infinity otherwise. */
  readonly left: number;
}

function shown(c: ServerClock, ticket: Summary, now: number): Clock {
  const base = { key: c.key, due: c.dueAt, at: c.stoppedAt, left: Infinity };
  switch (c.state) {
    case 'met':
      return { ...base, state: 'met' };
    case 'paused':
      return { ...base, state: 'paused' };
    case 'not_needed': {
      // A loaner not owed (yet) on an open ticket: owed from startsAt if it is not repaired by then.
      const open = ticket.status !== 'resolved' && ticket.status !== 'closed';
      return c.key === 'loaner' && open ? { ...base, state: 'pending', at: c.startsAt } : { ...base, state: 'not_needed' };
    }
    case 'breached':
    case 'running': {
      if (c.stoppedAt) return { ...base, state: 'late' };
      // Breached on a resolved ticket: it stays overdue, counted to now.
      const left = c.dueAt ? Date.parse(c.dueAt) - now : 0;
      return { ...base, state: c.state === 'breached' || left < 0 ? 'overdue' : 'running', left };
    }
  }
}

/** The SLA clocks of a ticket, each with its state and urgency, on the server's clock. */
export function clocksOf(ticket: Summary, now: number): Clock[] {
  return ticket.clocks.map((c) => shown(c, ticket, now));
}

/** The row's clocks: open ones, most urgent first; otherwise the last one that stopped. */
export function rowClocks(ticket: Summary, now: number): Clock[] {
  const all = clocksOf(ticket, now);
  const open = all.filter((c) => c.state === 'running' || c.state === 'overdue').sort((a, b) => a.left - b.left);
  if (open.length > 0) return open;
  return all.filter((c) => c.state === 'met' || c.state === 'late').slice(-1);
}

const CLASS: Readonly<Record<Clock['state'], string>> = {
  running: 'clock clock-running',
  overdue: 'clock clock-overdue',
  met: 'clock clock-done',
  late: 'clock clock-done clock-late',
  not_needed: 'clock clock-stopped',
  pending: 'clock clock-stopped clock-pending',
  paused: 'clock clock-stopped clock-paused',
};

function clockClass(clock: Clock): string {
  if (clock.state === 'running' && clock.left < 30 * 60_000) return 'clock clock-soon';
  return CLASS[clock.state];
}

export function ClockChip({ clock }: { clock: Clock }) {
  const { t, fmt } = useDesk();
  const texts: Readonly<Record<Clock['state'], () => string>> = {
    running: () => t('clockLeft', { d: fmt.duration(clock.left) }),
    overdue: () => t('clockOverdue', { d: fmt.duration(clock.left) }),
    met: () => t('clockDone', { at: fmt.time(clock.at) }),
    late: () => t('clockDoneLate', { at: fmt.time(clock.at) }),
    not_needed: () => t('clockNotNeeded'),
    pending: () => t('clockOwedBy', { at: fmt.time(clock.at) }),
    paused: () => t('clockPaused'),
  };
  return (
    <span class={clockClass(clock)} data-clock={clock.key} data-state={clock.state}>
      <span class="clock-name">{t(`clock_${clock.key}`)}</span> <span class="clock-state">{texts[clock.state]()}</span>
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
          {c.due ? <span class="clock-due">{t('due', { at: fmt.time(c.due) })}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The clocks' outcomes in one line, for a closed ticket's report ("响应 已完成 … · 上门 超时完成 …"). */
export function ClockOutcomes({ ticket }: { ticket: Summary }) {
  const { api } = useDesk();
  const clocks = clocksOf(ticket, api.now()).filter((c) => c.state !== 'not_needed' && c.state !== 'pending');
  if (clocks.length === 0) return null;
  return (
    <p class="clock-outcomes" id="clock-outcomes">
      {clocks.map((c) => (
        <ClockChip key={c.key} clock={c} />
      ))}
    </p>
  );
}
