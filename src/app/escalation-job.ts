import type { Logger } from 'pino';
import type { ContractSet } from '../catalog/contracts.js';
import { dueEscalations } from '../domain/escalation.js';
import type { Store } from '../ports/store.js';
import { type ScheduleSettings, scheduleTicketAlerts, severityRaised } from './alerts/schedule.js';

const SHORTEST_WAIT_MS = 60_000;

/**
 * Raises the severity of unresolved tickets as the contract's ladder says (clause 5.14: C → B
 * after 48 h, B → A after 24 h), each step dated when it fell due and logged with its reason.
 * Safe with several instances: a step is applied only if the ticket is still at the old level.
 * Each raise is told to the engineer, coordinators and on-duty staff (a 'raised' alert), and the
 * ticket's warnings are scheduled again (an A or B ticket nobody has warns the on-duty staff).
 */
export async function escalateDue(store: Store, contracts: ContractSet, now: Date, alerts: ScheduleSettings): Promise<number> {
  let raised = 0;
  const candidates = await store.read.tickets.escalationCandidates(new Date(now.getTime() - SHORTEST_WAIT_MS), 500);
  for (const ticket of candidates) {
    const contract = contracts.get(ticket.contractId);
    if (!contract) continue;
    const steps = dueEscalations(contract, ticket.severity, ticket.severitySince, now);
    if (steps.length === 0) continue;
    await store.transaction(async (repos) => {
      let changed = false;
      for (const step of steps) {
        if (!(await repos.tickets.escalate(ticket.id, step.from, step.to, step.at, step.reason))) break;
        await severityRaised(repos, ticket.id, step);
        changed = true;
        raised++;
      }
      if (!changed) return;
      await repos.notify({ type: 'ticket', id: ticket.id });
      await scheduleTicketAlerts(repos, contracts, alerts, ticket.id, now);
    });
  }
  return raised;
}

/** Runs `escalateDue` every interval until stopped. */
export function startEscalation(
  store: Store,
  contracts: ContractSet,
  clock: () => Date,
  log: Logger,
  everyMs: number,
  alerts: ScheduleSettings,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    escalateDue(store, contracts, clock(), alerts)
      .then((n) => n > 0 && log.info({ raised: n }, 'tickets escalated'))
      .catch((error: unknown) => log.warn({ err: error }, 'escalation failed'))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
