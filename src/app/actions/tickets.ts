import { localDateOf } from '../../domain/calendar.js';
import { Facts } from '../../domain/facts.js';
import { isOpen, nextOpening } from '../../domain/hours.js';
import type { TicketTriage } from '../../domain/triage-record.js';
import type { Json } from '../../flows/schema.js';
import { assess } from '../../domain/policy.js';
import { eventApplies } from '../../domain/severity.js';
import { parseTicketNumber } from '../../domain/ticket-number.js';
import { ticketDetail, ticketLine, ticketSummary } from '../present.js';
import { labelText } from '../present.js';
import { assetFacts, contractFor, declaredEvent, loadAsset, markEvent } from './assessment.js';
import type { ActionHandler } from './context.js';
import { idOf } from './context.js';
import { tagOf } from './understand.js';

const LIST_LIMIT = 10;
/** A report finished this long after a return visit's "report a fault" is that visit's ticket. */
const VISIT_REPORT_WITHIN_MS = 24 * 3_600_000;

/** The triage record the report's triage step made (see runTriage), if it is one. */
function ticketTriage(value: Json | undefined): TicketTriage | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return typeof value.text === 'string' && value.origins && typeof value.origins === 'object' ? (value as unknown as TicketTriage) : null;
}

/**
 * Opens the ticket. The contract is applied again at this moment, so the clocks run from the
 * registration (the first assessment only informed the confirmation).
 */
export const createTicket: ActionHandler = async (ctx, input) => {
  const triage = input.triage && typeof input.triage === 'object' && !Array.isArray(input.triage) ? input.triage : {};
  const asset = await loadAsset(ctx, input.asset);
  const contract = await contractFor(ctx, asset, input.site);
  // A major event declared for the site now (GX-EDU 5.14, CG-CULTURE 4.5.3) makes the fault A.
  const event = await declaredEvent(ctx, asset, input.site);
  const record = ticketTriage(triage.record);
  const marked = markEvent(Facts.parse(triage.facts), record?.origins ?? {}, event);
  const facts = marked.facts;
  const assessment = assess(facts, asset ? assetFacts(asset) : null, contract, ctx.now, event);
  const photo = typeof input.photo === 'string' && input.photo ? [input.photo] : [];
  const siteId = asset?.site.id ?? idOf(input.site);
  const roomId = asset?.room?.id ?? idOf(input.room);
  // An anonymous group member's ticket gets a reporter of its own, whom nobody's "my tickets" reaches.
  const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim() : undefined;
  const reporterId = ctx.contact.anonymous ? await ctx.repos.contacts.createUnlinked(ctx.lang, name) : ctx.contact.id;
  const { id, number } = await ctx.repos.tickets.create(
    {
      reporterId,
      conversationId: ctx.conversation.id,
      assetId: asset?.id ?? null,
      siteId,
      roomId,
      contractId: contract.id,
      description: typeof input.description === 'string' ? input.description : '',
      facts,
      severity: assessment.severity,
      warranty: assessment.warranty,
      billable: assessment.billable,
      reasons: assessment.reasons,
      reportedAt: ctx.now,
      responseDueAt: assessment.sla.responseDueAt,
      onSiteDueAt: assessment.sla.onSiteDueAt,
      repairDueAt: assessment.sla.repairDueAt,
      loanerDueAt: assessment.sla.loanerDueAt,
      attachmentIds: photo,
      triage: record ? { ...record, origins: marked.origins } : null,
      numberPrefix: ctx.catalog.desk.desk.ticketPrefix,
      year: localDateOf(ctx.now, contract.timeZone).year,
    },
    'bot',
  );
  // A tag the register does not know (typed, or on a scanned label): kept for the coordinator to confirm, once per tag.
  const unknownTag = asset ? null : tagOf(input.unknownTag);
  if (unknownTag) {
    await ctx.repos.assets.pending.report({
      tag: unknownTag,
      siteId,
      roomId,
      kind: facts.device,
      contactId: reporterId,
      ticketId: id,
      at: ctx.now,
    });
  }
  // The on-duty staff are told at once (the alerts worker sends the row); it is the ticket's one page.
  if (eventApplies(facts, event)) {
    await ctx.repos.alerts.add(id, { key: 'page', kind: 'page', at: ctx.now, data: { reason: 'event', event: event.name } });
  }
  await ctx.repos.notify({ type: 'ticket', id });
  await ctx.ticketOpened?.(ctx.repos, id, ctx.now);
  // Opened from a return visit's "report a fault" (app/visits): the visit records its ticket.
  await ctx.repos.returnVisits.linkTicket(id, new Date(ctx.now.getTime() - VISIT_REPORT_WITHIN_MS));
  // Outside the agents' hours the on-duty staff keep the response promise (they are paged); with nobody on duty it is not made.
  const { agentHours, timeZone } = ctx.catalog.desk.desk;
  const unkept = !isOpen(agentHours, timeZone, ctx.now) && (await ctx.repos.roster.onDuty(ctx.now)).length === 0;
  const responseFrom = unkept ? nextOpening(agentHours, timeZone, ctx.now) : null;
  return { outcome: 'created', value: { number, summary: ticketSummary(ctx.catalog.desk, contract, assessment, responseFrom) } };
};

export const listMyTickets: ActionHandler = async ({ repos, contact, catalog }) => {
  const tickets = await repos.tickets.listByReporter(contact.id, LIST_LIMIT);
  if (tickets.length === 0) return { outcome: 'none' };
  const header = labelText(catalog.desk, 'tickets_header', () => ({ count: tickets.length }));
  const lines = tickets.map((t) => ticketLine(catalog.desk, catalog.contracts, t));
  return {
    outcome: 'some',
    value: {
      text: {
        'zh-CN': [header['zh-CN'], ...lines.map((l) => l['zh-CN'])].join('\n'),
        en: [header.en, ...lines.map((l) => l.en)].join('\n'),
      },
      items: tickets.map((t) => ({ id: t.number, label: t.number, value: t.number })),
    },
  };
};

/** One of the user's own tickets; another person's ticket number finds nothing. */
export const ticketDetailAction: ActionHandler = async ({ repos, contact, catalog, now }, input) => {
  const number = typeof input.number === 'string' ? parseTicketNumber(input.number, catalog.desk.desk.ticketPrefix) : null;
  const ticket = number ? await repos.tickets.findByNumberForReporter(number, contact.id) : null;
  return ticket
    ? { outcome: 'found', value: { text: ticketDetail(catalog.desk, catalog.contracts, ticket, now) } }
    : { outcome: 'not_found' };
};
