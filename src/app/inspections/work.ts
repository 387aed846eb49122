import type { Catalog } from '../../catalog/catalog.js';
import type { Contract } from '../../domain/contract.js';
import { checklistItem, type InspectionItem, type InspectionResult, progressOf } from '../../domain/inspection.js';
import type { Agent } from '../../ports/console-store.js';
import type { Inspection } from '../../ports/inspections.js';
import type { Repos } from '../../ports/store.js';
import { can, Conflict, Forbidden, Invalid, NotFound } from '../permissions.js';
import { openInspectionTicket, type TicketOpened } from './ticket.js';

/**
 * The changes of an inspection, the same from the engineer's chat and the console, each in the
 * caller's transaction with the inspection locked: assign, start, mark a line, complete, cancel.
 * A line marked fault opens a ticket once its note is known (at once when it comes with it).
 */
export interface InspectionWork {
  readonly catalog: Catalog;
  readonly ticketOpened?: TicketOpened | undefined;
}

/** The site work row that puts the "Start inspection" card in the engineer's chat. */
export const assignedKey = (inspectionId: string, agentId: string) => `inspection_assigned:${inspectionId}:${agentId}`;

/** Who may fill lines in and complete: whoever manages tickets, and the engineer assigned to it. */
export function mayFill(agent: Pick<Agent, 'id' | 'role'>, inspection: Pick<Inspection, 'engineerId'>): boolean {
  return can(agent, 'tickets.manage') || (agent.role === 'engineer' && inspection.engineerId === agent.id);
}

/** Who assigns engineers and cancels: coordinators, supervisors, admins (those who keep the roster). */
export const mayPlan = (agent: Pick<Agent, 'role'>): boolean => can(agent, 'roster.manage');

export function contractOf(catalog: Catalog, inspection: Pick<Inspection, 'contractId'>): Contract {
  const contract = catalog.contracts.get(inspection.contractId);
  if (!contract) throw new Conflict('no_contract', `contract ${inspection.contractId} is not loaded`);
  return contract;
}

/** Writes a change and tells the open consoles (the inspection's page reloads: live while the engineer fills it in from chat). */
async function save(r: Repos, id: string, patch: Parameters<Repos['inspections']['update']>[1], now: Date): Promise<void> {
  await r.inspections.update(id, patch, now);
  await r.notify({ type: 'inspection', id });
}

async function locked(r: Repos, id: string): Promise<Inspection> {
  const inspection = await r.inspections.lock(id);
  if (!inspection) throw new NotFound('no such inspection');
  return inspection;
}

const open = (i: Inspection) => i.status === 'planned' || i.status === 'in_progress';

export async function assignEngineer(r: Repos, by: Agent, id: string, engineerId: string | null, now: Date): Promise<Inspection> {
  if (!mayPlan(by)) throw new Forbidden('forbidden', 'only a coordinator, a supervisor or an admin assigns inspections');
  const inspection = await locked(r, id);
  if (!open(inspection)) throw new Conflict('closed', `inspection ${inspection.number} is ${inspection.status}`);
  if (engineerId) {
    const engineer = await r.console.agents.get(engineerId);
    if (!engineer?.active || engineer.role !== 'engineer') throw new Invalid('not_engineer', 'assign an active engineer');
  }
  if (engineerId === inspection.engineerId) return inspection;
  await save(r, id, { engineerId }, now);
  // The engineer's chat gets the card with "Start inspection" (sent by the alerts worker, once).
  if (engineerId)
    await r.alerts.addSiteWork({
      key: assignedKey(id, engineerId),
      kind: 'inspection_assigned',
      at: now,
      data: { inspectionId: id, agentId: engineerId },
    });
  return (await r.inspections.get(id)) ?? inspection;
}

/** Starts it (the assigned engineer, or anyone who may fill it in); false when it had started already. */
export async function startInspection(r: Repos, by: Agent, id: string, now: Date): Promise<{ inspection: Inspection; started: boolean }> {
  const inspection = await locked(r, id);
  if (!mayFill(by, inspection)) throw new Forbidden('forbidden', `inspection ${inspection.number} is not assigned to you`);
  if (inspection.status === 'in_progress') return { inspection, started: false };
  if (inspection.status !== 'planned') throw new Conflict(inspection.status, `inspection ${inspection.number} is ${inspection.status}`);
  const engineerId = inspection.engineerId ?? (by.role === 'engineer' ? by.id : null);
  await save(r, id, { status: 'in_progress', startedAt: now, engineerId }, now);
  return { inspection: (await r.inspections.get(id)) ?? inspection, started: true };
}

export interface LineChange {
  readonly result?: InspectionResult | undefined;
  /** The line's note (a fault's description); undefined: unchanged. */
  readonly note?: string | null | undefined;
  readonly photos?: readonly string[] | undefined;
}

export interface LineOutcome {
  readonly inspection: Inspection;
  /** False when the press repeated what was recorded (nothing changed). */
  readonly changed: boolean;
  /** The ticket opened by this change. */
  readonly ticket: { readonly id: string; readonly number: string } | null;
  /**
   * A fault line changed to OK or a note whose ticket is still open: it stays open (not closed
   * with the line: its repair, or its closing as a mistake, is the ticket's), and the person is told.
   */
  readonly stillOpen?: { readonly id: string; readonly number: string } | null;
}

/**
 * Marks one line (a planned inspection starts with it). A fault opens its ticket when it has its
 * note (`openNow`: the console, where the note comes with the press, and a fault without one is
 * refused); one ticket per line.
 */
export async function markLine(
  r: Repos,
  work: InspectionWork,
  by: Agent,
  id: string,
  index: number,
  change: LineChange,
  now: Date,
  options: { readonly openNow?: boolean } = {},
): Promise<LineOutcome> {
  let inspection = await locked(r, id);
  if (!mayFill(by, inspection)) throw new Forbidden('forbidden', `inspection ${inspection.number} is not assigned to you`);
  if (!open(inspection)) throw new Conflict(inspection.status, `inspection ${inspection.number} is ${inspection.status}`);
  const line = inspection.items[index];
  if (!line) throw new Invalid('no_line', `inspection ${inspection.number} has no line ${index + 1}`);
  const note = change.note === undefined ? line.note : change.note?.trim() || null;
  const next: InspectionItem = {
    ...line,
    result: change.result ?? line.result,
    note,
    photos: change.photos ? [...line.photos, ...change.photos.filter((p) => !line.photos.includes(p))] : line.photos,
  };
  const same = next.result === line.result && next.note === line.note && next.photos.length === line.photos.length;
  if (same && !(options.openNow && next.result === 'fault' && !line.ticketId)) return { inspection, changed: false, ticket: null };
  const checked = next.result !== line.result || next.note !== line.note;
  let updated: InspectionItem = checked ? { ...next, checkedAt: now.toISOString(), checkedBy: by.id } : next;
  let ticket: LineOutcome['ticket'] = null;
  // The console marks a fault with its description (it opens the ticket at once): none, refused.
  if (options.openNow && updated.result === 'fault' && !updated.ticketId && updated.note === null)
    throw new Invalid('fault_undescribed', `a fault on line ${index + 1} of ${inspection.number} needs its description`);
  if (updated.result === 'fault' && !updated.ticketId && updated.note !== null) {
    ticket = await openFor(r, work, by, inspection, updated, now);
    updated = { ...updated, ticketId: ticket.id };
  } else if (updated.ticketId && change.photos?.length) {
    await r.tickets.attach(updated.ticketId, change.photos);
  }
  const stillOpen = line.result === 'fault' && updated.result !== 'fault' ? await openTicket(r, updated.ticketId) : null;
  const items = inspection.items.map((i, n) => (n === index ? updated : i));
  const startNow = inspection.status === 'planned';
  await save(
    r,
    id,
    {
      items,
      ...(startNow
        ? {
            status: 'in_progress' as const,
            startedAt: now,
            ...(inspection.engineerId ? {} : by.role === 'engineer' ? { engineerId: by.id } : {}),
          }
        : {}),
    },
    now,
  );
  inspection = (await r.inspections.get(id)) ?? inspection;
  return { inspection, changed: true, ticket, stillOpen };
}

/** The line's ticket while it is not resolved or closed. */
async function openTicket(r: Repos, ticketId: string | null): Promise<{ id: string; number: string } | null> {
  const ticket = ticketId ? await r.console.tickets.detail(ticketId) : null;
  return ticket && ticket.status !== 'resolved' && ticket.status !== 'closed' ? { id: ticket.id, number: ticket.number } : null;
}

/**
 * "All OK on this unit": every line of the asset of line `index` without a result is marked OK (a
 * planned inspection starts with it). Returns how many lines it marked (0: none was left).
 */
export async function markUnitOk(
  r: Repos,
  by: Agent,
  id: string,
  index: number,
  now: Date,
): Promise<{ inspection: Inspection; marked: number }> {
  const inspection = await locked(r, id);
  if (!mayFill(by, inspection)) throw new Forbidden('forbidden', `inspection ${inspection.number} is not assigned to you`);
  if (!open(inspection)) throw new Conflict(inspection.status, `inspection ${inspection.number} is ${inspection.status}`);
  const assetId = inspection.items[index]?.assetId;
  if (!assetId) throw new Invalid('no_line', `inspection ${inspection.number} has no asset on line ${index + 1}`);
  let marked = 0;
  const items = inspection.items.map((line) => {
    if (line.assetId !== assetId || line.result !== null) return line;
    marked++;
    return { ...line, result: 'ok' as const, checkedAt: now.toISOString(), checkedBy: by.id };
  });
  if (marked === 0) return { inspection, marked };
  const start = inspection.status === 'planned' ? { status: 'in_progress' as const, startedAt: now } : {};
  await save(r, id, { items, ...start }, now);
  return { inspection: (await r.inspections.get(id)) ?? inspection, marked };
}

/** Adds a line to the summary (the engineer's text once every line is checked); the console can still rewrite it. */
export async function addToSummary(r: Repos, by: Agent, id: string, text: string, now: Date): Promise<Inspection> {
  const inspection = await locked(r, id);
  if (!mayFill(by, inspection)) throw new Forbidden('forbidden', `inspection ${inspection.number} is not assigned to you`);
  if (!open(inspection)) throw new Conflict(inspection.status, `inspection ${inspection.number} is ${inspection.status}`);
  const line = text.trim();
  if (!line) return inspection;
  await save(r, id, { summary: inspection.summary ? `${inspection.summary}\n${line}` : line }, now);
  return (await r.inspections.get(id)) ?? inspection;
}

async function openFor(r: Repos, work: InspectionWork, by: Agent, inspection: Inspection, line: InspectionItem, now: Date) {
  const contract = contractOf(work.catalog, inspection);
  const item = checklistItem(contract.afterService.inspections.checklist, line);
  if (!item) throw new Conflict('no_item', `the checklist of ${contract.id} has no item ${line.item}`);
  const engineer = inspection.engineerId ? ((await r.console.agents.get(inspection.engineerId)) ?? by) : by;
  return openInspectionTicket(
    r,
    work.catalog,
    { engineer, siteId: inspection.siteId, assetId: line.assetId, contract, item, note: line.note, photos: line.photos, now },
    work.ticketOpened,
  );
}

/** The first line marked fault whose ticket waits for its description (null: none). */
export function undescribedFault(inspection: Pick<Inspection, 'items'>): number | null {
  const index = inspection.items.findIndex((i) => i.result === 'fault' && !i.ticketId && !i.note);
  return index < 0 ? null : index;
}

/** Completes it once every line has a result and every fault its description; faults still without a ticket get theirs. False when it was done already. */
export async function completeInspection(
  r: Repos,
  work: InspectionWork,
  by: Agent,
  id: string,
  summary: string | null | undefined,
  now: Date,
): Promise<{ inspection: Inspection; completed: boolean }> {
  const inspection = await locked(r, id);
  if (!mayFill(by, inspection)) throw new Forbidden('forbidden', `inspection ${inspection.number} is not assigned to you`);
  if (inspection.status === 'done') return { inspection, completed: false };
  if (!open(inspection)) throw new Conflict(inspection.status, `inspection ${inspection.number} is ${inspection.status}`);
  const progress = progressOf(inspection.items);
  if (!progress.complete)
    throw new Conflict('items_left', `${progress.total - progress.checked} items of ${inspection.number} have no result yet`);
  // A fault's ticket is opened with its description: none yet, the record is not complete (ask for it).
  const undescribed = undescribedFault(inspection);
  if (undescribed !== null)
    throw new Invalid('fault_undescribed', `line ${undescribed + 1} of ${inspection.number} is a fault with no description yet`);
  const items: InspectionItem[] = [];
  for (const line of inspection.items) {
    if (line.result === 'fault' && !line.ticketId)
      items.push({ ...line, ticketId: (await openFor(r, work, by, inspection, line, now)).id });
    else items.push(line);
  }
  await save(
    r,
    id,
    {
      status: 'done',
      completedAt: now,
      items,
      ...(inspection.startedAt ? {} : { startedAt: now }),
      ...(summary !== undefined ? { summary: summary?.trim() || null } : {}),
    },
    now,
  );
  return { inspection: (await r.inspections.get(id)) ?? inspection, completed: true };
}

export async function cancelInspection(r: Repos, by: Agent, id: string, now: Date): Promise<Inspection> {
  if (!mayPlan(by)) throw new Forbidden('forbidden', 'only a coordinator, a supervisor or an admin cancels inspections');
  const inspection = await locked(r, id);
  if (inspection.status === 'cancelled') return inspection;
  if (inspection.status === 'done') throw new Conflict('done', `inspection ${inspection.number} is done`);
  await save(r, id, { status: 'cancelled' }, now);
  return (await r.inspections.get(id)) ?? inspection;
}
