import type { Catalog } from '../../catalog/catalog.js';
import type { ContractSet } from '../../catalog/contracts.js';
import type { Severity } from '../../domain/contract.js';
import { isOpen } from '../../domain/hours.js';
import type { Reason } from '../../domain/reason.js';
import type { Repos } from '../../ports/store.js';
import { termsOf, timelineOf } from '../ticket-clocks.js';
import { PLANNED_KINDS, planAlerts } from './plan.js';

/** What scheduling reads of the settings (config.ts AlertSettings). */
export interface ScheduleSettings {
  readonly percents: readonly number[];
}

/**
 * Makes the ticket's pending warning rows (kinds clock and unassigned) what its clocks and people
 * call for now: new points are added, points of a stopped clock or a moved due time are cancelled.
 * Runs in the transaction that changed the ticket; sent rows are never touched.
 */
export async function scheduleTicketAlerts(
  r: Repos,
  contracts: ContractSet,
  settings: ScheduleSettings,
  ticketId: string,
  now: Date,
): Promise<{ readonly severity: Severity } | null> {
  const ticket = await r.console.tickets.detail(ticketId);
  if (!ticket) return null;
  const wanted = planAlerts(ticket, termsOf(contracts, ticket), timelineOf(ticket), settings.percents, now);
  await r.alerts.sync(ticketId, PLANNED_KINDS, wanted);
  return ticket;
}

/** Severities whose report out of the agents' hours pages the on-duty staff at once. */
const PAGED: readonly Severity[] = ['A', 'B'];

/**
 * After a ticket is opened: its warnings are scheduled, and an A or B ticket opened outside the
 * agents' hours (desk.yaml agentHours) pages the on-duty staff at once, so that a person keeps
 * the response promise.
 */
export async function ticketOpened(r: Repos, catalog: Catalog, settings: ScheduleSettings, ticketId: string, now: Date): Promise<void> {
  const ticket = await scheduleTicketAlerts(r, catalog.contracts, settings, ticketId, now);
  const { agentHours, timeZone } = catalog.desk.desk;
  if (!ticket || !PAGED.includes(ticket.severity) || isOpen(agentHours, timeZone, now)) return;
  // One page per ticket: a fault during a declared event has had its own (key 'page', app/actions/tickets.ts).
  await r.alerts.add(ticketId, { key: 'page', kind: 'page', at: now, data: { reason: 'out_of_hours' } });
}

/** A 'raised' row for one step of the severity ladder (clause 5.14): the same people as the warnings are told. */
export async function severityRaised(
  r: Repos,
  ticketId: string,
  step: { from: Severity; to: Severity; at: Date; reason: Reason },
): Promise<void> {
  await r.alerts.add(ticketId, {
    key: `raised:${step.to}`,
    kind: 'raised',
    at: step.at,
    data: { from: step.from, to: step.to, reason: step.reason.text },
  });
}
