import type { ContractSet } from '../../catalog/contracts.js';
import { formatLocalDate, localDateOf } from '../../domain/calendar.js';
import { type Half, reportPeriod } from '../../domain/satisfaction-report.js';
import type { Agent } from '../../ports/console-store.js';
import type { Store } from '../../ports/store.js';
import { Invalid, requirePermission } from '../permissions.js';
import { type SatisfactionReport, satisfactionReport, ticketsToFollow } from './analysis.js';

/** Which report: a contract, a year, and optionally its half. */
export interface ReportRequest {
  readonly contract: string;
  readonly year: number;
  readonly half: Half | null;
}

/** The earliest year a report is made for (before the desk existed there is nothing stored). */
const FIRST_YEAR = 2000;

/**
 * The satisfaction report of a contract's year or half-year, read from the stored answers at `now`
 * (coordinators, supervisors and admins: `reports.view`).
 */
export async function buildSatisfactionReport(
  store: Store,
  contracts: ContractSet,
  agent: Pick<Agent, 'role'>,
  request: ReportRequest,
  now: Date,
): Promise<SatisfactionReport> {
  requirePermission(agent, 'reports.view');
  const contract = contracts.get(request.contract);
  if (!contract) throw new Invalid('unknown_contract', `no contract "${request.contract}" (known: ${[...contracts.keys()].join(', ')})`);
  const thisYear = localDateOf(now, contract.timeZone).year;
  if (!Number.isInteger(request.year) || request.year < FIRST_YEAR || request.year > thisYear)
    throw new Invalid('bad_year', `year: give a year from ${FIRST_YEAR} to ${thisYear}`);
  const period = reportPeriod(request.year, request.half, contract.timeZone);
  const r = store.read.satisfactionReport;
  const [sites, surveys, breachable, visits] = await Promise.all([
    r.sites(contract.id),
    r.surveys(contract.id, period.from, period.to),
    r.tickets(contract.id, period.from, period.to),
    r.visits(
      contract.id,
      formatLocalDate(localDateOf(period.from, contract.timeZone)),
      formatLocalDate(localDateOf(period.to, contract.timeZone)),
    ),
  ]);
  const known = new Set(breachable.map((t) => t.id));
  const surveyed = await r.ticketsById([...new Set(surveys.map((s) => s.ticketId))].filter((id) => !known.has(id)));
  const input = {
    contract: {
      id: contract.id,
      name: contract.name,
      timeZone: contract.timeZone,
      clause: contract.afterService.satisfactionReport?.clause ?? null,
    },
    period,
    sites,
    surveys,
    tickets: [...breachable, ...surveyed],
    visits,
  };
  const events = await r.events(ticketsToFollow(contracts, input, now));
  return satisfactionReport(contracts, input, events, now);
}
