import type { LocalText } from '../../domain/i18n.js';
import { applyTicketCommand, isStatus, OPEN_STATUSES, REOPEN, type Status } from '../../domain/ticket-life.js';
import { classifyIntent } from '../../flows/intents.js';
import type { TicketRecord } from '../../ports/store.js';
import type { Desk } from '../../catalog/desk.js';
import type { ActionContext, ActionHandler } from './context.js';
import { idOf } from './context.js';
import { TAG, wordLists } from './understand.js';

const DAY_MS = 86_400_000;
const RECENT_LIMIT = 10;
/** Without flows/intents.yaml, a ticket resolved this many days ago still counts as recent. */
const DEFAULT_RECENT_DAYS = 14;

const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

function statusText(desk: Desk, status: string): LocalText {
  return isStatus(status) ? desk.labels.statuses[status] : { 'zh-CN': status, en: status };
}

/** A ticket as the follow-up flows show it: number, status, device tag, whether it is open or can be reopened. */
function ticketValue(desk: Desk, t: TicketRecord) {
  const status = statusText(desk, t.status);
  return {
    number: t.number,
    status,
    /** "FX-2026-000003（处理中）" */
    summary: { 'zh-CN': `${t.number}（${status['zh-CN']}）`, en: `${t.number} (${status.en})` },
    tag: t.asset?.tag ?? '',
    open: isOpen(t.status),
    reopenable: (REOPEN.from as readonly string[]).includes(t.status),
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const photos = (value: unknown) => (typeof value === 'string' && value ? [value] : []);

export const classifyIntentAction: ActionHandler = async ({ catalog }, input) => {
  const intents = catalog.flowSet.intents;
  return { outcome: intents ? classifyIntent(text(input.text), intents) : 'report' };
};

/**
 * Whether the teacher's words name another device than the ticket's: an asset tag, or a kind of
 * device ("一体机又黑屏了" about a ticket on the blackboard is a new fault, not that ticket's).
 */
async function namesOtherDevice(ctx: ActionContext, words: string, ticket: TicketRecord): Promise<boolean> {
  if (!words || !ticket.asset) return false;
  const tag = TAG.exec(words.normalize('NFKC'));
  const tagged = tag ? await ctx.repos.places.findAssetByTag(`${tag[1]}-${tag[2]}-${tag[3]}`) : null;
  if (tagged) return tagged.tag !== ticket.asset.tag;
  const kind = (await wordLists(ctx).extract(words)).facts.device;
  return kind !== undefined && kind !== ticket.asset.kind;
}

/**
 * The sender's newest open ticket, or (unless `open` is asked) the newest resolved or closed within
 * the recent days; `none` when the `text` given names another device than that ticket's.
 */
export const recentTicket: ActionHandler = async (ctx, input) => {
  const { repos, contact, catalog, now } = ctx;
  const days = catalog.flowSet.intents?.recentDays ?? DEFAULT_RECENT_DAYS;
  const since = now.getTime() - days * DAY_MS;
  const tickets = await repos.tickets.listByReporter(contact.id, RECENT_LIMIT);
  const open = tickets.find((t) => isOpen(t.status));
  const recent =
    input.open === true ? undefined : tickets.find((t) => !isOpen(t.status) && t.resolvedAt && t.resolvedAt.getTime() >= since);
  const found = open && recent ? (open.reportedAt >= recent.reportedAt ? open : recent) : (open ?? recent);
  if (!found || (await namesOtherDevice(ctx, text(input.text), found))) return { outcome: 'none' };
  return { outcome: 'found', value: ticketValue(catalog.desk, found) };
};

/** An open ticket on the device being reported, whoever reported it: the teacher may add to it instead. */
export const openTicketOnAsset: ActionHandler = async ({ repos, catalog }, input) => {
  const assetId = idOf(input.asset);
  const found = assetId ? await repos.tickets.newestOnAsset(assetId, OPEN_STATUSES) : null;
  return found ? { outcome: 'found', value: ticketValue(catalog.desk, found) } : { outcome: 'none' };
};

/**
 * The ticket a follow-up flow names. Its number comes from an action of the same conversation
 * (the reporter's recent ticket, or the open one on the device being reported), never from text.
 */
async function namedTicket(ctx: ActionContext, number: unknown): Promise<TicketRecord | null> {
  return typeof number === 'string' && number ? ctx.repos.tickets.findByNumber(number) : null;
}

/** Logs what the reporter added on the ticket, files the photo, and tells the console (the assignee sees it live). */
async function record(ctx: ActionContext, ticketId: string, event: { kind: string; data: Record<string, unknown> }, photo: unknown) {
  await ctx.repos.console.tickets.apply(ticketId, {}, event, 'bot', ctx.now);
  await ctx.repos.tickets.attach(ticketId, photos(photo));
  await ctx.repos.notify({ type: 'ticket', id: ticketId });
}

export const addToTicket: ActionHandler = async (ctx, input) => {
  const ticket = await namedTicket(ctx, input.number);
  if (!ticket) return { outcome: 'not_found' };
  const added = text(input.text);
  await record(ctx, ticket.id, { kind: 'reporter_added', data: { text: added, photos: photos(input.photo).length } }, input.photo);
  return { outcome: 'added', value: { number: ticket.number } };
};

/** The fault came back: the ticket goes back to first-line support (5.10), the teacher's words as the reason. */
export const reopenTicket: ActionHandler = async (ctx, input) => {
  const ticket = await namedTicket(ctx, input.number);
  const state = ticket ? await ctx.repos.console.tickets.lockState(ticket.id) : null;
  if (!ticket || !state) return { outcome: 'not_reopened' };
  const reason = text(input.text);
  const change = applyTicketCommand(state, { kind: 'reopen', reason }, ctx.now);
  if (!change.ok) return { outcome: 'not_reopened' };
  await ctx.repos.console.tickets.apply(
    ticket.id,
    change.changes,
    { kind: change.event.kind, data: { ...change.event.data, by: 'reporter' } },
    'bot',
    ctx.now,
  );
  await ctx.repos.tickets.attach(ticket.id, photos(input.photo));
  await ctx.repos.notify({ type: 'ticket', id: ticket.id });
  const to: Status = REOPEN.to;
  return { outcome: 'reopened', value: { number: ticket.number, status: statusText(ctx.catalog.desk, to) } };
};
