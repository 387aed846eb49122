import type { Catalog } from '../catalog/catalog.js';
import { Facts, Symptom } from '../domain/facts.js';
import type { LocalText } from '../domain/i18n.js';
import { type Override, redecide } from '../domain/override.js';
import type { TicketCommand } from '../domain/ticket-life.js';
import type { Agent } from '../ports/console-store.js';
import type { Repos } from '../ports/store.js';
import { assetFacts } from './actions/assessment.js';
import { promisesText } from './present.js';

/**
 * An override decides the ticket again (domain/override.ts): its due times follow the new
 * warranty, its reasons lose what the override contradicts. Null when its contract is gone.
 */
export async function redecideTicket(
  r: Repos,
  catalog: Catalog,
  agent: Agent,
  id: string,
  command: Extract<TicketCommand, { kind: 'override_severity' | 'override_warranty' }>,
): Promise<{ changes: Record<string, unknown>; local: Record<string, LocalText> } | null> {
  const ticket = await r.console.tickets.detail(id);
  const contract = ticket ? catalog.contracts.get(ticket.contractId) : undefined;
  if (!ticket || !contract) return null;
  const facts = Facts.safeParse(ticket.facts);
  const symptom = Symptom.safeParse(ticket.symptom ?? ticket.facts.symptom);
  const asset = ticket.assetId ? await r.places.getAsset(ticket.assetId) : null;
  const labels = catalog.desk.labels;
  const o: Override =
    command.kind === 'override_severity'
      ? { what: 'severity', to: command.to, reason: command.reason, agent: agent.displayName }
      : { what: 'warranty', to: command.to, reason: command.reason, agent: agent.displayName, label: labels.warranty[command.to] };
  const d = redecide(
    {
      contract,
      facts: facts.success ? facts.data : null,
      symptom: symptom.success ? symptom.data : 'other',
      asset: asset ? assetFacts(asset) : null,
      reportedAt: ticket.reportedAt,
      severity: ticket.severity,
      warranty: ticket.warranty,
      reasons: ticket.reasons,
    },
    o,
  );
  return {
    changes: {
      responseDueAt: d.responseDueAt,
      onSiteDueAt: d.onSiteDueAt,
      repairDueAt: d.repairDueAt,
      loanerDueAt: d.loanerDueAt,
      reasons: d.reasons,
    },
    local: {
      warranty: labels.warranty[d.warranty],
      severity: contract.severity.levels[d.severity].name,
      promises: promisesText(catalog.desk, d.sla),
    },
  };
}
