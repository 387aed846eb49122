import type { Catalog } from '../../catalog/catalog.js';
import { localDateOf } from '../../domain/calendar.js';
import type { ChecklistItem, Contract } from '../../domain/contract.js';
import { completeFacts } from '../../domain/facts.js';
import { render } from '../../domain/i18n.js';
import { assess } from '../../domain/policy.js';
import { eventApplies } from '../../domain/severity.js';
import type { Agent } from '../../ports/console-store.js';
import type { Repos } from '../../ports/store.js';
import { assetFacts, markEvent } from '../actions/assessment.js';

/** What follows the opening of a ticket, in its transaction (its alerts are scheduled). */
export type TicketOpened = (r: Repos, ticketId: string, now: Date) => Promise<void>;

const ALL_CHANNELS = ['telegram', 'line', 'webchat'] as const;

/**
 * The reporter of a fault an engineer found: their own chat's contact (the ticket reads as theirs in
 * "my tickets"), or, with no chat linked, a contact of their own named after them.
 */
async function reporterOf(r: Repos, engineer: Agent): Promise<{ contactId: string; conversationId: string | null }> {
  const chat = await r.staff.chatOf(engineer.id, ALL_CHANNELS);
  const conversation = chat ? await r.conversations.get(chat.conversationId) : null;
  if (conversation) return { contactId: conversation.contactId, conversationId: conversation.id };
  return { contactId: await r.contacts.createUnlinked(engineer.lang, engineer.displayName), conversationId: null };
}

/**
 * Opens the ticket of a fault found on an inspection, as the report flow opens a teacher's
 * (actions/tickets.ts createTicket): the device and symptom of the checklist item, the asset, the
 * contract's severity, warranty and clocks from this moment, a declared event applied, the page
 * and the alerts scheduled. Description "巡检发现：<item>：<note>".
 */
export async function openInspectionTicket(
  r: Repos,
  catalog: Catalog,
  found: {
    readonly engineer: Agent;
    readonly siteId: string;
    readonly assetId: string | null;
    readonly contract: Contract;
    readonly item: ChecklistItem;
    readonly note: string | null;
    readonly photos: readonly string[];
    readonly now: Date;
  },
  ticketOpened?: TicketOpened,
): Promise<{ id: string; number: string }> {
  const { now, contract, item } = found;
  const asset = found.assetId ? await r.places.getAsset(found.assetId) : null;
  const event = await r.roster.activeEvent(found.siteId, now);
  const marked = markEvent(completeFacts({ device: item.device, symptom: item.symptom }, asset?.kind), {}, event);
  const assessment = assess(marked.facts, asset ? assetFacts(asset) : null, contract, now, event);
  const reporter = await reporterOf(r, found.engineer);
  const description = render(catalog.desk.labels.texts.inspection_ticket_description, 'zh-CN', {
    item: item.name['zh-CN'],
    note: found.note ?? '',
  }).replace(/：$/, '');
  const ticket = await r.tickets.create(
    {
      reporterId: reporter.contactId,
      conversationId: reporter.conversationId,
      assetId: asset?.id ?? null,
      siteId: found.siteId,
      roomId: asset?.room?.id ?? null,
      contractId: contract.id,
      description,
      facts: marked.facts,
      severity: assessment.severity,
      warranty: assessment.warranty,
      billable: assessment.billable,
      reasons: assessment.reasons,
      reportedAt: now,
      responseDueAt: assessment.sla.responseDueAt,
      onSiteDueAt: assessment.sla.onSiteDueAt,
      repairDueAt: assessment.sla.repairDueAt,
      loanerDueAt: assessment.sla.loanerDueAt,
      attachmentIds: found.photos,
      triage: null,
      numberPrefix: catalog.desk.desk.ticketPrefix,
      year: localDateOf(now, contract.timeZone).year,
    },
    'bot',
  );
  if (eventApplies(marked.facts, event)) {
    await r.alerts.add(ticket.id, { key: 'page', kind: 'page', at: now, data: { reason: 'event', event: event.name } });
  }
  await r.notify({ type: 'ticket', id: ticket.id });
  await ticketOpened?.(r, ticket.id, now);
  return ticket;
}
