import type { ContractSet } from '../../catalog/contracts.js';
import { type ClockKey, CLOCK_KEYS, type ClockState } from '../../domain/clocks.js';
import { formatLocalDate, localDateOf } from '../../domain/calendar.js';
import { countBy, type DurationStats, durationStats, share } from '../../domain/reports/stats.js';
import { REPORT_ZONE } from '../../domain/reports/range.js';
import type { ReportData, ReportFilter, ReportTicket } from '../../ports/reports.js';
import { liveClocks } from '../ticket-clocks.js';

/**
 * The console's reports for a range and optionally one contract or site, computed from the stored
 * rows at `now` (pure): tickets by severity, device, symptom and site; each SLA clock's state as
 * the ticket clocks compute it (not recomputed here) and the breaches; median and p90 times;
 * first aid's share; satisfaction; return visits; inspections.
 */
export interface Report {
  readonly range: { readonly from: string; readonly to: string };
  readonly contractId: string | null;
  readonly siteId: string | null;
  readonly at: string;
  readonly tickets: number;
  readonly bySeverity: readonly Group[];
  readonly byDevice: readonly Group[];
  readonly bySymptom: readonly Group[];
  readonly bySite: readonly Group[];
  readonly clocks: readonly ClockCompliance[];
  readonly breaches: readonly Breach[];
  readonly durations: readonly Duration[];
  readonly firstAid: { readonly solved: number; readonly tickets: number; readonly share: number | null };
  readonly satisfaction: Satisfaction;
  readonly visits: Visits;
  readonly inspections: Inspections;
}

/** A count under a key (a severity, a device kind, a symptom, a site id); `name` for sites. */
export interface Group {
  readonly key: string;
  readonly name?: string;
  readonly count: number;
}

export type ClockCompliance = { readonly key: ClockKey } & Readonly<Record<ClockState, number>>;

export interface Breach {
  readonly ticketId: string;
  readonly number: string;
  readonly site: string | null;
  readonly clock: ClockKey;
  readonly dueAt: string;
  /** When it stopped late; null: still not done. */
  readonly stoppedAt: string | null;
  /** How late it stopped, or is at `now` (ms). */
  readonly lateMs: number;
}

export type DurationKey = 'response' | 'onSite' | 'repair';
export type Duration = { readonly key: DurationKey } & DurationStats;

export interface Satisfaction {
  readonly answered: number;
  readonly mean: number | null;
  /** Levels 5 (very satisfied) down to 1. */
  readonly levels: readonly { readonly score: number; readonly count: number }[];
  /** By month answered (Asia/Shanghai), oldest first. */
  readonly trend: readonly { readonly month: string; readonly answered: number; readonly mean: number }[];
  readonly comments: readonly {
    readonly number: string;
    readonly ticketId: string;
    readonly site: string | null;
    readonly score: number;
    readonly comment: string;
    readonly at: string;
  }[];
}

export type VisitResult = 'done' | 'waiting' | 'missed';

/** A return visit round of a site: the teachers written to and what came of it. */
export interface VisitRound {
  readonly site: string;
  readonly roundOn: string;
  readonly written: number;
  readonly answered: number;
  readonly undelivered: number;
  readonly noAnswer: number;
  readonly called: number;
  /** done: answered or phoned; waiting: a question still within its answer time; missed: neither. */
  readonly result: VisitResult;
}

export interface Visits {
  readonly rounds: readonly VisitRound[];
  readonly totals: Readonly<Record<VisitResult, number>>;
}

export type InspectionState = 'done' | 'due' | 'overdue' | 'cancelled';

export interface Inspections {
  readonly list: readonly {
    readonly id: string;
    readonly number: string;
    readonly site: string;
    readonly dueOn: string;
    readonly state: InspectionState;
    readonly completedAt: string | null;
  }[];
  readonly totals: Readonly<Record<InspectionState, number>>;
}

export const SEVERITIES = ['A', 'B', 'C', 'D'] as const;
const DEFAULT_ANSWER_WITHIN = 2 * 86_400_000;

export function buildReport(data: ReportData, filter: ReportFilter, contracts: ContractSet, now: Date): Report {
  const tickets = data.tickets;
  const severities = countBy(tickets, (t) => t.severity);
  return {
    range: { from: filter.fromDay, to: filter.toDay },
    contractId: filter.contractId,
    siteId: filter.siteId,
    at: now.toISOString(),
    tickets: tickets.length,
    bySeverity: SEVERITIES.map((key) => ({ key, count: severities.find((g) => g.key === key)?.count ?? 0 })),
    byDevice: countBy(tickets, (t) => t.device ?? 'unknown'),
    bySymptom: countBy(tickets, (t) => t.symptom ?? 'unknown'),
    bySite: countBy(tickets, (t) => t.siteId ?? '').map((g) => ({
      ...g,
      name: tickets.find((t) => (t.siteId ?? '') === g.key)?.siteName ?? '',
    })),
    ...clockReport(tickets, contracts, now),
    durations: durations(tickets),
    firstAid: {
      solved: data.firstAidSolved,
      tickets: tickets.length,
      share: share(data.firstAidSolved, data.firstAidSolved + tickets.length),
    },
    satisfaction: satisfaction(data),
    visits: visits(data, contracts, now),
    inspections: inspections(data, now),
  };
}

function clockReport(tickets: readonly ReportTicket[], contracts: ContractSet, now: Date): Pick<Report, 'clocks' | 'breaches'> {
  const zero = (key: ClockKey): ClockCompliance => ({ key, running: 0, met: 0, breached: 0, not_needed: 0, paused: 0 });
  const counts = new Map<ClockKey, Record<ClockState, number>>(CLOCK_KEYS.map((k) => [k, { ...zero(k) }]));
  const breaches: Breach[] = [];
  for (const t of tickets) {
    for (const clock of liveClocks(contracts, t, now)) {
      const row = counts.get(clock.key);
      if (row) row[clock.state] += 1;
      if (clock.state !== 'breached' || !clock.dueAt) continue;
      const end = clock.stoppedAt ?? now;
      breaches.push({
        ticketId: t.id,
        number: t.number,
        site: t.siteName,
        clock: clock.key,
        dueAt: clock.dueAt.toISOString(),
        stoppedAt: clock.stoppedAt ? clock.stoppedAt.toISOString() : null,
        lateMs: end.getTime() - clock.dueAt.getTime(),
      });
    }
  }
  return {
    clocks: CLOCK_KEYS.map((key) => ({ ...zero(key), ...counts.get(key), key })),
    breaches: breaches.sort((a, b) => a.number.localeCompare(b.number) || CLOCK_KEYS.indexOf(a.clock) - CLOCK_KEYS.indexOf(b.clock)),
  };
}

/** The standing resolution (a resolved or closed ticket's), else none. */
function resolvedAt(t: ReportTicket): Date | null {
  return t.status === 'resolved' || t.status === 'closed' ? t.resolvedAt : null;
}

/** From the report to the first response, to the engineer's arrival, to the standing resolution (wall time). */
function durations(tickets: readonly ReportTicket[]): Duration[] {
  const since = (t: ReportTicket, at: Date | null) => (at ? [at.getTime() - t.reportedAt.getTime()] : []);
  return [
    { key: 'response', ...durationStats(tickets.flatMap((t) => since(t, t.respondedAt))) },
    { key: 'onSite', ...durationStats(tickets.flatMap((t) => since(t, t.onSiteAt))) },
    { key: 'repair', ...durationStats(tickets.flatMap((t) => since(t, resolvedAt(t)))) },
  ];
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

function satisfaction(data: ReportData): Satisfaction {
  const scores = data.surveys.map((s) => s.score);
  const months = new Map<string, number[]>();
  for (const s of data.surveys) {
    const month = formatLocalDate(localDateOf(s.answeredAt, REPORT_ZONE)).slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), s.score]);
  }
  return {
    answered: scores.length,
    mean: mean(scores),
    levels: [5, 4, 3, 2, 1].map((score) => ({ score, count: scores.filter((s) => s === score).length })),
    trend: [...months]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, values]) => ({ month, answered: values.length, mean: mean(values) ?? 0 })),
    comments: data.surveys
      .filter((s) => s.comment && s.comment.trim() !== '')
      .sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime())
      .map((s) => ({
        number: s.ticketNumber,
        ticketId: s.ticketId,
        site: s.siteName,
        score: s.score,
        comment: s.comment ?? '',
        at: s.answeredAt.toISOString(),
      })),
  };
}

function visits(data: ReportData, contracts: ContractSet, now: Date): Visits {
  const rounds = new Map<string, { first: ReportData['visits'][number]; rows: ReportData['visits'][number][] }>();
  for (const v of data.visits) {
    const key = `${v.roundOn}\u0000${v.siteId}`;
    const round = rounds.get(key);
    if (round) round.rows.push(v);
    else rounds.set(key, { first: v, rows: [v] });
  }
  const list: VisitRound[] = [...rounds.values()].map(({ first, rows }) => {
    const within = contracts.get(first.contractId)?.afterService.returnVisits.answerWithin ?? DEFAULT_ANSWER_WITHIN;
    const answered = rows.filter((v) => v.status === 'answered').length;
    const called = rows.filter((v) => v.calledAt).length;
    const waiting = rows.some((v) => v.status === 'sent' && v.sentAt && v.sentAt.getTime() + within > now.getTime());
    return {
      site: first.siteName,
      roundOn: first.roundOn,
      written: rows.length,
      answered,
      undelivered: rows.filter((v) => v.status === 'undelivered').length,
      noAnswer: rows.filter((v) => v.status === 'sent').length,
      called,
      result: answered + called > 0 ? 'done' : waiting ? 'waiting' : 'missed',
    } satisfies VisitRound;
  });
  list.sort((a, b) => a.roundOn.localeCompare(b.roundOn) || a.site.localeCompare(b.site, 'zh-CN'));
  const totals = { done: 0, waiting: 0, missed: 0 };
  for (const r of list) totals[r.result] += 1;
  return { rounds: list, totals };
}

/** Done or cancelled as recorded; otherwise due until its day has passed (Asia/Shanghai), then overdue. */
function inspectionState(status: ReportData['inspections'][number]['status'], dueOn: string, today: string): InspectionState {
  if (status === 'done' || status === 'cancelled') return status;
  return dueOn < today ? 'overdue' : 'due';
}

function inspections(data: ReportData, now: Date): Inspections {
  const today = formatLocalDate(localDateOf(now, REPORT_ZONE));
  const list = [...data.inspections]
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.number.localeCompare(b.number))
    .map((i) => ({
      id: i.id,
      number: i.number,
      site: i.siteName,
      dueOn: i.dueOn,
      state: inspectionState(i.status, i.dueOn, today),
      completedAt: i.completedAt ? i.completedAt.toISOString() : null,
    }));
  const totals = { done: 0, due: 0, overdue: 0, cancelled: 0 };
  for (const i of list) totals[i.state] += 1;
  return { list, totals };
}
