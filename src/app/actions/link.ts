import { randomInt } from 'node:crypto';
import type { LocalText } from '../../domain/i18n.js';
import { render } from '../../domain/i18n.js';
import type { ChannelName } from '../../domain/messages.js';
import { COMMAND_CHOICE_PREFIX } from '../../flows/commands.js';
import { readState } from '../../flows/state.js';
import { ConversationWriter } from '../conversation-writer.js';
import { writeDeskNotices } from '../desk-notice.js';
import { keyPart, LINK_WINDOW_MS, reserve, rule, waitWords } from '../guessing.js';
import type { ContactLink } from '../../ports/contact-links.js';
import { formatTime } from '../present.js';
import type { ActionResult } from '../../flows/input.js';
import type { ActionContext, ActionHandler } from './context.js';
import { idOf } from './context.js';

const VALID_MINUTES = 10;
/** Where a staff account's chat may be: apps that keep the chat (not a web chat session). */
const STAFF_CHANNELS: readonly ChannelName[] = ['telegram', 'line'];
const CODE_DIGITS = 8;
/** Links offered for undoing at a time (the newest). */
const UNDO_LIST = 5;

/** A code as typed: full-width digits, spaces and dashes allowed ("1234 5678", "１２３４-５６７８"). */
function normaliseCode(typed: unknown): string | null {
  if (typeof typed !== 'string') return null;
  const digits = typed.normalize('NFKC').replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/**
 * A one-time 8-digit code that links this contact with the one that enters it elsewhere. A contact
 * has one code in force: a new one replaces it. Shown in two groups of four, easy to type.
 */
export const issueLinkCode: ActionHandler = async ({ repos, contact, conversation, now }) => {
  const issued = await newCode(now, (code, expiresAt) => repos.links.issue(contact.id, conversation.id, code, expiresAt, now));
  return { outcome: 'ok', value: { code: issued.code, minutes: issued.minutes } };
};

/** A code as it is shown ("1234 5678"), how long it is valid, and until when. */
export interface IssuedCode {
  readonly code: string;
  readonly minutes: number;
  readonly expiresAt: Date;
}

/**
 * Draws fresh 8-digit codes until `store` keeps one (false: that code is in force for someone
 * else). The same codes for users (issueLinkCode) and staff accounts (the console).
 */
export async function newCode(now: Date, store: (code: string, expiresAt: Date) => Promise<boolean>): Promise<IssuedCode> {
  const expiresAt = new Date(now.getTime() + VALID_MINUTES * 60_000);
  for (;;) {
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    if (await store(code, expiresAt)) return { code: `${code.slice(0, 4)} ${code.slice(4)}`, minutes: VALID_MINUTES, expiresAt };
  }
}

/**
 * Enters a code issued in another app: this identity joins the contact that issued it, whose owner
 * is told in the chat the code came from, with a button to undo it. Wrong codes are limited per
 * contact, per address (web chat) and for everyone together: each attempt is counted before the
 * code is looked at, and a right one gives its attempt back.
 */
export const redeemLinkCode: ActionHandler = async (ctx, input) => {
  const { repos, contact, now, sender, limits } = ctx;
  const rules = [
    rule(`link:contact:${contact.id}`, limits.linkPerContact, LINK_WINDOW_MS),
    ...(sender.address ? [rule(`link:address:${keyPart(sender.address)}`, limits.linkPerAddress, LINK_WINDOW_MS)] : []),
    rule('link:all', limits.linkTotal, LINK_WINDOW_MS),
  ];
  const reservation = await reserve(repos.attempts, rules, now);
  if (!reservation.allowed) return { outcome: 'limited', value: waitWords(reservation.retryAfterMs) };
  const code = normaliseCode(input.code);
  const owner = code ? await repos.links.redeem(code, now) : null;
  if (!owner) return { outcome: 'invalid' };
  await repos.attempts.refund(reservation.keys, now);
  if (owner.kind === 'staff') return linkStaffChat(ctx, owner.agentId);
  if (owner.contactId === contact.id) return { outcome: 'linked' };
  const link = await repos.links.link(contact.id, owner.contactId, now);
  if (owner.conversationId && owner.conversationId !== ctx.conversation.id) await tellOwner(ctx, owner.conversationId, link);
  return { outcome: 'linked' };
};

/**
 * A staff account's code (given in the console): this chat becomes the account's own, where its
 * tickets and warnings reach it. Only Telegram and LINE: a web chat session does not last.
 */
async function linkStaffChat(ctx: ActionContext, agentId: string): Promise<ActionResult> {
  if (!STAFF_CHANNELS.includes(ctx.sender.channel)) return { outcome: 'staff_app' };
  const agent = await ctx.repos.console.agents.get(agentId);
  if (!agent?.active) return { outcome: 'invalid' };
  await ctx.repos.staff.linkChat(agent.id, ctx.contact.id);
  return { outcome: 'staff_linked', value: { name: agent.displayName } };
}

/**
 * Whether the person asking may undo links: only from an app that did not itself join by a link
 * code still in force. Whoever got in with someone's code can neither undo the owner's later links
 * nor their own (the owner decides that).
 */
async function mayUndo(ctx: ActionContext): Promise<boolean> {
  return (await ctx.repos.links.joinedAt(ctx.contact.id, ctx.sender.channel, ctx.sender.userId)) === null;
}

/** The links into this contact that the person asking may undo. */
async function undoable(ctx: ActionContext, limit: number): Promise<ContactLink[]> {
  return (await mayUndo(ctx)) ? ctx.repos.links.recent(ctx.contact.id, limit) : [];
}

/** The recent links another of this person's apps may undo, as options: which app, and when. */
export const listLinks: ActionHandler = async (ctx) => {
  const links = await undoable(ctx, UNDO_LIST);
  const items = links.map((l) => ({ id: l.id, label: describe(ctx, l) }));
  return { outcome: items.length > 0 ? 'some' : 'none', value: items };
};

/** Undoes a link: the identities it brought become a contact of their own, with their chats and tickets. */
export const undoLink: ActionHandler = async (ctx, input) => {
  const id = idOf(input.link) ?? (typeof input.link === 'string' ? input.link : null);
  const undone = id && (await mayUndo(ctx)) ? await ctx.repos.links.undo(id, ctx.contact.id, ctx.now) : null;
  return undone ? { outcome: 'undone', value: { label: describe(ctx, undone) } } : { outcome: 'gone' };
};

function channelName(ctx: ActionContext, channel: ChannelName): LocalText {
  return ctx.catalog.desk.labels.texts[`channel_${channel}`];
}

/** "Telegram · 12 Oct, 14:05" in both languages. */
function describe(ctx: ActionContext, link: ContactLink): LocalText {
  const tz = ctx.catalog.desk.desk.timeZone;
  const entry = ctx.catalog.desk.labels.texts.link_entry;
  const text = (lang: 'zh-CN' | 'en') => {
    const channels = [...new Set(link.identities.map((i) => render(channelName(ctx, i.channel), lang)))].join(lang === 'en' ? ', ' : '、');
    return render(entry, lang, { channel: channels, at: formatTime(link.linkedAt, lang, tz) });
  };
  return { 'zh-CN': text('zh-CN'), en: text('en') };
}

/** Tells the code's owner, in the chat the code was given in and in its language, with a button to undo. */
async function tellOwner(ctx: ActionContext, conversationId: string, link: ContactLink): Promise<void> {
  const found = await ctx.repos.conversations.get(conversationId);
  if (!found) return;
  const conversation = await ctx.repos.conversations.lock(found.channel, found.externalKey);
  if (!conversation) return;
  const lang = readState(conversation.state).lang;
  const texts = ctx.catalog.desk.labels.texts;
  const channels = [...new Set(link.identities.map((i) => render(channelName(ctx, i.channel), lang)))].join(lang === 'en' ? ', ' : '、');
  const at = formatTime(link.linkedAt, lang, ctx.catalog.desk.desk.timeZone);
  const writer = new ConversationWriter(ctx.repos, conversation, ctx.pushChannels.has(conversation.channel), ctx.now);
  const notice = {
    text: render(texts.notice_identity_linked, lang, { channel: channels, at }),
    notBefore: ctx.now,
    choices: [{ id: `${COMMAND_CHOICE_PREFIX}link:undo`, label: render(texts.link_undo_button, lang) }],
  };
  // A notice of the desk's, with its own button: the helper writes it and asks nothing after it.
  const state = writeDeskNotices(writer, ctx.catalog.flowSet, [notice], ctx.now);
  await writer.flush(state ? { state } : {});
}
