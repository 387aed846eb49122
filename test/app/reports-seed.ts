import type { Contract } from '../../src/domain/contract.js';

/**
 * The reports suite's seeded world: tickets with chosen timelines (minutes after the report), the
 * surveys, return visits and inspections, and the expected numbers worked out here with plain
 * loops from these definitions and the contracts' SLA rows — not with the report code.
 */
export type SiteName = '明湖小学' | '东山中学' | '示例市文化馆';

export interface TicketSeed {
  readonly n: number;
  readonly site: SiteName;
  readonly severity: 'A' | 'B' | 'C' | 'D';
  readonly device: string;
  readonly symptom: string;
  readonly warranty: 'in_warranty' | 'out_of_warranty';
  /** Local time in Shanghai. */
  readonly reported: string;
  readonly respondedMin?: number;
  readonly onSiteMin?: number;
  /** Resolved (status resolved) this many minutes after the report; absent: still in progress. */
  readonly resolvedMin?: number;
}

export const CONTRACT_OF: Readonly<Record<SiteName, string>> = { 明湖小学: 'GX-EDU', 东山中学: 'GX-EDU', 示例市文化馆: 'CG-CULTURE' };

/** "Now" for the reports: 1 December 02:00 in Shanghai. */
export const NOW = new Date('2026-12-01T02:00:00+08:00');

export const TICKETS: readonly TicketSeed[] = [
  // The first instant of the range: in.
  {
    n: 1,
    site: '明湖小学',
    severity: 'B',
    device: 'interactive_panel',
    symptom: 'no_display',
    warranty: 'in_warranty',
    reported: '2026-11-01T00:00',
    respondedMin: 10,
    onSiteMin: 90,
    resolvedMin: 180,
  },
  {
    n: 2,
    site: '明湖小学',
    severity: 'A',
    device: 'interactive_panel',
    symptom: 'no_power',
    warranty: 'in_warranty',
    reported: '2026-11-03T09:00',
    respondedMin: 20,
    onSiteMin: 150,
    resolvedMin: 300,
  },
  {
    n: 3,
    site: '东山中学',
    severity: 'C',
    device: 'computer',
    symptom: 'slow',
    warranty: 'in_warranty',
    reported: '2026-11-05T14:30',
    respondedMin: 5,
    onSiteMin: 100,
    resolvedMin: 200,
  },
  {
    n: 4,
    site: '东山中学',
    severity: 'B',
    device: 'visualizer',
    symptom: 'no_display',
    warranty: 'out_of_warranty',
    reported: '2026-11-10T10:00',
    respondedMin: 130,
    onSiteMin: 200,
    resolvedMin: 400,
  },
  {
    n: 5,
    site: '示例市文化馆',
    severity: 'B',
    device: 'terminal',
    symptom: 'touch_failure',
    warranty: 'in_warranty',
    reported: '2026-11-12T11:00',
    respondedMin: 30,
    onSiteMin: 200,
    resolvedMin: 1800,
  },
  {
    n: 6,
    site: '示例市文化馆',
    severity: 'D',
    device: 'server',
    symptom: 'question',
    warranty: 'in_warranty',
    reported: '2026-11-15T15:00',
    respondedMin: 70,
    resolvedMin: 120,
  },
  {
    n: 7,
    site: '明湖小学',
    severity: 'C',
    device: 'blackboard',
    symptom: 'no_sound',
    warranty: 'in_warranty',
    reported: '2026-11-20T08:15',
    respondedMin: 14,
    onSiteMin: 115,
    resolvedMin: 240,
  },
  // Still open, answered late: its on-site clock runs at `now`.
  {
    n: 8,
    site: '明湖小学',
    severity: 'A',
    device: 'interactive_panel',
    symptom: 'no_power',
    warranty: 'in_warranty',
    reported: '2026-11-30T23:00',
    respondedMin: 16,
  },
  // 23:59 on the last day: in; never answered, so its response clock is breached at `now`.
  {
    n: 9,
    site: '示例市文化馆',
    severity: 'C',
    device: 'terminal',
    symptom: 'no_display',
    warranty: 'out_of_warranty',
    reported: '2026-11-30T23:59',
  },
];

/** Outside 1–30 November: not in the report (to= is the last day, included). */
export const OUTSIDE: readonly TicketSeed[] = [
  {
    n: 10,
    site: '明湖小学',
    severity: 'B',
    device: 'interactive_panel',
    symptom: 'no_display',
    warranty: 'in_warranty',
    reported: '2026-10-31T23:59',
    respondedMin: 5,
  },
  {
    n: 11,
    site: '东山中学',
    severity: 'A',
    device: 'computer',
    symptom: 'no_power',
    warranty: 'in_warranty',
    reported: '2026-12-01T00:00',
    respondedMin: 5,
  },
];

export const number = (n: number) => `FX-2026-9${String(n).padStart(5, '0')}`;
export const reportedAt = (t: TicketSeed) => new Date(`${t.reported}:00+08:00`);
const MIN = 60_000;
export const atMin = (t: TicketSeed, min: number | undefined) => (min === undefined ? null : new Date(reportedAt(t).getTime() + min * MIN));

export interface SurveySeed {
  readonly ticket: number;
  readonly score: number;
  readonly comment: string | null;
  readonly answered: string;
}
export const SURVEYS: readonly SurveySeed[] = [
  { ticket: 1, score: 5, comment: '工程师很专业，谢谢', answered: '2026-11-01T10:00' },
  { ticket: 2, score: 4, comment: null, answered: '2026-11-04T09:00' },
  { ticket: 3, score: 2, comment: '=来得太慢, "下次"早点', answered: '2026-11-06T12:00' },
  { ticket: 5, score: 5, comment: null, answered: '2026-11-14T12:00' },
  { ticket: 7, score: 3, comment: '一般', answered: '2026-11-21T12:00' },
  // Answered in December: outside the range.
  { ticket: 4, score: 1, comment: '太差', answered: '2026-12-01T00:30' },
];

export interface VisitSeed {
  readonly site: SiteName;
  readonly roundOn: string;
  readonly contact: number;
  readonly status: 'sent' | 'undelivered' | 'answered';
  /** Hours before NOW it was sent. */
  readonly sentHoursAgo: number | null;
  readonly called: boolean;
}
export const VISITS: readonly VisitSeed[] = [
  { site: '明湖小学', roundOn: '2026-11-09', contact: 1, status: 'answered', sentHoursAgo: 500, called: false },
  { site: '明湖小学', roundOn: '2026-11-09', contact: 2, status: 'sent', sentHoursAgo: 500, called: false },
  { site: '东山中学', roundOn: '2026-11-09', contact: 3, status: 'undelivered', sentHoursAgo: null, called: true },
  { site: '东山中学', roundOn: '2026-11-16', contact: 3, status: 'sent', sentHoursAgo: 300, called: false },
  { site: '示例市文化馆', roundOn: '2026-11-30', contact: 4, status: 'sent', sentHoursAgo: 10, called: false },
  // December: outside.
  { site: '示例市文化馆', roundOn: '2026-12-01', contact: 4, status: 'sent', sentHoursAgo: 1, called: false },
];

export interface InspectionSeed {
  readonly n: number;
  readonly site: SiteName;
  readonly dueOn: string;
  readonly status: 'planned' | 'in_progress' | 'done' | 'cancelled';
}
export const INSPECTIONS: readonly InspectionSeed[] = [
  { n: 1, site: '明湖小学', dueOn: '2026-11-05', status: 'done' },
  { n: 2, site: '东山中学', dueOn: '2026-11-20', status: 'planned' },
  { n: 3, site: '示例市文化馆', dueOn: '2026-11-30', status: 'in_progress' },
  { n: 4, site: '东山中学', dueOn: '2026-11-25', status: 'cancelled' },
  { n: 5, site: '明湖小学', dueOn: '2026-12-03', status: 'planned' },
];

type State = 'running' | 'met' | 'breached' | 'not_needed' | 'paused';

/**
 * The expected state of each clock at NOW, by the rules of SERVICE_TERMS.md written out for these
 * seeds (no reopenings, no loaner delivered), and its lateness when breached (ms).
 */
export function expectedClocks(t: TicketSeed, contract: Contract, now: Date): { key: string; state: State; lateMs?: number }[] {
  const row = contract.sla[t.warranty];
  const rep = reportedAt(t).getTime();
  const resolved = atMin(t, t.resolvedMin)?.getTime() ?? null;
  const at = now.getTime();
  const judge = (stop: number | null, allowance: number): { state: State; lateMs?: number } => {
    const due = rep + allowance;
    if (stop !== null) return stop <= due ? { state: 'met' } : { state: 'breached', lateMs: stop - due };
    return at <= due ? { state: 'running' } : { state: 'breached', lateMs: at - due };
  };
  const out: { key: string; state: State; lateMs?: number }[] = [];
  out.push({ key: 'response', ...judge(atMin(t, t.respondedMin)?.getTime() ?? resolved, row.response) });
  const visit = t.symptom !== 'question';
  if (!visit) out.push({ key: 'onSite', state: 'not_needed' });
  else {
    const arrived = atMin(t, t.onSiteMin)?.getTime() ?? null;
    if (arrived === null && resolved !== null) out.push({ key: 'onSite', state: resolved > rep + row.onSite ? 'breached' : 'paused' });
    else out.push({ key: 'onSite', ...judge(arrived, row.onSite) });
  }
  const repair = visit ? row.repair : undefined;
  if (repair !== undefined) out.push({ key: 'repair', ...judge(resolved, repair) });
  const loaner = visit ? row.loaner : undefined;
  if (loaner !== undefined) {
    const owed = rep + loaner;
    const within = row.loanerWithin ?? row.onSite;
    if ((resolved !== null && resolved <= owed) || (resolved === null && at < owed)) out.push({ key: 'loaner', state: 'not_needed' });
    else {
      const stop = resolved;
      const due = owed + within;
      if (stop !== null)
        out.push({ key: 'loaner', ...(stop <= due ? { state: 'met' as const } : { state: 'breached' as const, lateMs: stop - due }) });
      else out.push({ key: 'loaner', ...(at <= due ? { state: 'running' as const } : { state: 'breached' as const, lateMs: at - due }) });
    }
  }
  return out;
}

/** The nearest-rank p90 and the median, written out again for the expected values. */
export function expectedStats(values: number[]): { count: number; median: number | null; p90: number | null } {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { count: 0, median: null, p90: null };
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  return { count: n, median, p90: s[Math.ceil(0.9 * n) - 1]! };
}
