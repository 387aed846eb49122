import type { ContractSet } from '../../catalog/contracts.js';
import type { ClockKey } from '../../domain/clocks.js';
import { inPeriod, isLowScore, quarterOf, type ReportPeriod, type SurveyStats, surveyStats } from '../../domain/satisfaction-report.js';
import type { ReportEventRow, ReportSurveyRow, ReportTicketRow, ReportVisitRow } from '../../ports/satisfaction-report.js';
import { liveClocks } from '../ticket-clocks.js';

/** An event of a ticket's log as the report lists it (what was done). */
export interface ReportEvent {
  readonly at: string;
  readonly kind: string;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ReportComment {
  readonly ticketId: string;
  readonly ticketNumber: string;
  readonly site: string | null;
  readonly score: number;
  readonly at: string;
  readonly comment: string;
}

/** A low score (1–2) and what followed it: whether the ticket was reopened, its events since. */
export interface ReportLowScore {
  readonly ticketId: string;
  readonly ticketNumber: string;
  readonly site: string | null;
  readonly engineer: string | null;
  readonly score: number;
  readonly comment: string | null;
  readonly at: string;
  readonly reopened: boolean;
  readonly solution: string | null;
  readonly after: readonly ReportEvent[];
}

/** A clock breached in the period and what was done about it. */
export interface ReportBreach {
  readonly ticketId: string;
  readonly ticketNumber: string;
  readonly site: string | null;
  readonly clock: ClockKey;
  readonly dueAt: string;
  /** When the clock stopped late; null while it still runs past its due time. */
  readonly stoppedAt: string | null;
  readonly solution: string | null;
  /** The ticket's events from the due time on. */
  readonly actions: readonly ReportEvent[];
}

/** One round of return visits (the feedback form): how many contacts were written to, and their answers. */
export interface FeedbackRound {
  readonly roundOn: string;
  readonly sites: number;
  readonly written: number;
  readonly undelivered: number;
  readonly answered: number;
  readonly answers: { readonly ok: number; readonly fault: number; readonly call: number };
  readonly called: number;
}

export interface SatisfactionReport {
  readonly contract: { readonly id: string; readonly name: { readonly 'zh-CN': string; readonly en: string } };
  readonly clause: string | null;
  readonly year: number;
  readonly half: 1 | 2 | null;
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly overall: SurveyStats;
  readonly byQuarter: readonly { readonly quarter: number; readonly stats: SurveyStats }[];
  readonly bySite: readonly { readonly siteId: string | null; readonly site: string | null; readonly stats: SurveyStats }[];
  readonly byEngineer: readonly { readonly engineerId: string | null; readonly engineer: string | null; readonly stats: SurveyStats }[];
  readonly comments: readonly ReportComment[];
  readonly lowScores: readonly ReportLowScore[];
  readonly breaches: readonly ReportBreach[];
  readonly feedback: { readonly rounds: readonly FeedbackRound[]; readonly total: Omit<FeedbackRound, 'roundOn'> };
}

/** What the report is made from: the period's surveys, the tickets that may have breached, the visits. */
export interface ReportInput {
  readonly contract: SatisfactionReport['contract'] & { readonly timeZone: string; readonly clause: string | null };
  readonly period: ReportPeriod;
  readonly sites: readonly { readonly id: string; readonly name: string }[];
  readonly surveys: readonly ReportSurveyRow[];
  /** The tickets that may have breached in the period, and the surveyed tickets (for their solution). */
  readonly tickets: readonly ReportTicketRow[];
  readonly visits: readonly ReportVisitRow[];
}

const iso = (d: Date) => d.toISOString();
const event = (e: ReportEventRow): ReportEvent => ({ at: iso(e.at), kind: e.kind, actor: e.actor, data: e.data });
const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);

/** The clocks breached with their due time in the period (the clocks as the desk computes them, never recomputed here). */
export function periodBreaches(contracts: ContractSet, input: Pick<ReportInput, 'period' | 'tickets'>, now: Date) {
  return input.tickets.flatMap((t) =>
    liveClocks(contracts, t, now).flatMap((c) =>
      c.state === 'breached' && c.dueAt && inPeriod(input.period, c.dueAt)
        ? [{ ticket: t, clock: c.key, dueAt: c.dueAt, stoppedAt: c.stoppedAt }]
        : [],
    ),
  );
}

/** The tickets whose events the report lists: the breached ones and those with a low score. */
export function ticketsToFollow(contracts: ContractSet, input: Pick<ReportInput, 'period' | 'tickets' | 'surveys'>, now: Date): string[] {
  const ids = new Set(periodBreaches(contracts, input, now).map((b) => b.ticket.id));
  for (const s of input.surveys) if (inPeriod(input.period, s.askedAt) && s.answeredAt && isLowScore(s.score)) ids.add(s.ticketId);
  return [...ids];
}

function grouped<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

const nameOrder = (a: string | null, b: string | null) => (a ?? '\uffff').localeCompare(b ?? '\uffff', 'zh-CN');

/** The feedback form's rounds (CG-CULTURE's return visits), by round date. */
function feedbackOf(visits: readonly ReportVisitRow[]): SatisfactionReport['feedback'] {
  const count = (rows: readonly ReportVisitRow[]): Omit<FeedbackRound, 'roundOn'> => ({
    sites: new Set(rows.map((v) => v.siteId)).size,
    written: rows.length,
    undelivered: rows.filter((v) => v.status === 'undelivered').length,
    answered: rows.filter((v) => v.status === 'answered').length,
    answers: {
      ok: rows.filter((v) => v.answer === 'ok').length,
      fault: rows.filter((v) => v.answer === 'fault').length,
      call: rows.filter((v) => v.answer === 'call').length,
    },
    called: rows.filter((v) => v.calledAt).length,
  });
  const rounds = [...new Set(visits.map((v) => v.roundOn))].sort();
  return { rounds: rounds.map((roundOn) => ({ roundOn, ...count(visits.filter((v) => v.roundOn === roundOn)) })), total: count(visits) };
}

/**
 * The yearly (or half-year) satisfaction report at `now` from the period's stored answers: the
 * figures overall, by quarter (of the question), by site and by engineer; the comments; the low
 * scores and what followed; the clocks breached and what was done; the feedback form's rounds.
 */
export function satisfactionReport(
  contracts: ContractSet,
  input: ReportInput,
  events: readonly ReportEventRow[],
  now: Date,
): SatisfactionReport {
  const { period, contract } = input;
  const surveys = input.surveys.filter((s) => inPeriod(period, s.askedAt));
  const tickets = new Map(input.tickets.map((t) => [t.id, t]));
  const log = grouped(events, (e) => e.ticketId);
  const since = (ticketId: string, at: Date) => (log.get(ticketId) ?? []).filter((e) => e.at.getTime() >= at.getTime()).map(event);

  const quarters = grouped(surveys, (s) => quarterOf(s.askedAt, contract.timeZone));
  const sites = grouped(surveys, (s) => s.siteId);
  const siteRows: { siteId: string | null; site: string | null }[] = [
    ...input.sites.map((site) => ({ siteId: site.id, site: site.name })),
    ...[...sites.keys()]
      .filter((id) => !input.sites.some((s) => s.id === id))
      .map((id) => ({ siteId: id, site: sites.get(id)?.[0]?.siteName ?? null })),
  ].sort((a, b) => nameOrder(a.site, b.site));
  const engineers = grouped(surveys, (s) => s.engineerId);

  const answered = surveys.filter((s): s is ReportSurveyRow & { answeredAt: Date; score: number } => !!s.answeredAt && s.score !== null);
  const comments = answered
    .filter((s) => s.comment)
    .map((s) => ({
      ticketId: s.ticketId,
      ticketNumber: s.ticketNumber,
      site: s.siteName,
      score: s.score,
      at: iso(s.answeredAt),
      comment: s.comment ?? '',
    }))
    .sort(byTime);
  const lowScores = answered
    .filter((s) => isLowScore(s.score))
    .map((s) => {
      const after = since(s.ticketId, s.answeredAt);
      return {
        ticketId: s.ticketId,
        ticketNumber: s.ticketNumber,
        site: s.siteName,
        engineer: s.engineerName,
        score: s.score,
        comment: s.comment,
        at: iso(s.answeredAt),
        reopened: after.some((e) => e.kind === 'reopened'),
        solution: tickets.get(s.ticketId)?.solution ?? null,
        after,
      };
    })
    .sort(byTime);
  const breaches = periodBreaches(contracts, input, now)
    .map((b) => ({
      ticketId: b.ticket.id,
      ticketNumber: b.ticket.number,
      site: b.ticket.siteName,
      clock: b.clock,
      dueAt: iso(b.dueAt),
      stoppedAt: b.stoppedAt ? iso(b.stoppedAt) : null,
      solution: b.ticket.solution,
      actions: since(b.ticket.id, b.dueAt),
    }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.clock.localeCompare(b.clock));

  return {
    contract: { id: contract.id, name: contract.name },
    clause: contract.clause,
    year: period.year,
    half: period.half,
    from: iso(period.from),
    to: iso(period.to),
    generatedAt: iso(now),
    overall: surveyStats(surveys, now),
    byQuarter: period.quarters.map((quarter) => ({ quarter, stats: surveyStats(quarters.get(quarter) ?? [], now) })),
    bySite: siteRows.map((row) => ({ ...row, stats: surveyStats(sites.get(row.siteId) ?? [], now) })),
    byEngineer: [...engineers.entries()]
      .map(([engineerId, rows]) => ({ engineerId, engineer: rows[0]?.engineerName ?? null, stats: surveyStats(rows, now) }))
      .sort((a, b) => nameOrder(a.engineer, b.engineer)),
    comments,
    lowScores,
    breaches,
    feedback: feedbackOf(input.visits),
  };
}
