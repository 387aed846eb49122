import type { Logger } from 'pino';
import type { Catalog } from '../../catalog/catalog.js';
import { type Lang, LANGS, type LocalText } from '../../domain/i18n.js';
import type { ChannelName } from '../../domain/messages.js';
import type { TicketAlert } from '../../ports/operations.js';
import type { Repos, Store } from '../../ports/store.js';
import { chatLang } from '../chat-lang.js';
import { ConversationWriter } from '../conversation-writer.js';
import { liveClocks } from '../ticket-clocks.js';
import type { AlertComposers, AlertRecipient, SiteWorkComposers, SiteWorkOutcome, TeacherMessage, Written } from './types.js';
import { busyForDesk, quietUntil } from '../../flows/busy.js';
import { readState } from '../../flows/state.js';

export interface AlertWorkerDeps {
  readonly store: Store;
  readonly catalog: Catalog;
  /** Kind → composer (composition's registry). */
  readonly composers: AlertComposers;
  /** Kind → composer of site work (rows without a ticket: return visits, inspections). */
  readonly siteComposers?: SiteWorkComposers;
  /** Channels whose messages leave through the outbox: where staff chats can be written. */
  readonly pushChannels: ReadonlySet<ChannelName>;
  readonly clock: () => Date;
  readonly log: Logger;
  /** Wakes a channel's sender after messages were written for it. */
  readonly wake: (channel: ChannelName) => void;
  /** How long a claimed row is this instance's before another may take it (default 60 s). */
  readonly leaseMs?: number;
  /** Attempts before a failing row is given up (cancelled, its error kept; default 8). */
  readonly maxAttempts?: number;
  /** Rows claimed per round (default 50). */
  readonly batch?: number;
  /** The first moment at or after `at` a message may go to teachers (their quiet hours); default `at`. */
  readonly teacherSendable?: (at: Date) => Date;
}

export interface AlertRound {
  readonly sent: number;
  readonly cancelled: number;
  /** Rows that wait: claimed before their window, or a teacher they write to is busy (busyForDesk). */
  readonly postponed: number;
  readonly failed: number;
}

type Result = 'sent' | 'cancelled' | 'postponed' | 'lost';

const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 30 * 60_000;
/** How long a message for a busy teacher (in a report, with a person) waits before it is tried again. */
export const TEACHER_BUSY_RETRY_MS = 10 * 60_000;

/**
 * A teacher the row writes to may not be written to now: the transaction is undone and the row
 * waits (until the teacher's quiet spell is over, when that is what holds it).
 */
class TeacherBusy extends Error {
  constructor(
    readonly conversationId: string,
    readonly until: Date | null,
  ) {
    super(`conversation ${conversationId} is busy`);
  }
}

/**
 * One round of the alerts worker: claims the due rows (a lease, FOR UPDATE SKIP LOCKED: another
 * instance skips them), and sends each in a transaction of its own — the ticket and its clocks
 * read, the kind's composer asked, the recipients' chats locked in id order, the row locked and
 * checked still ours, each message written (the outbox), the row marked sent, the console told.
 * A row another instance finished meanwhile is left alone; a failure is tried again later.
 */
export async function sendDueAlerts(deps: AlertWorkerDeps): Promise<AlertRound> {
  const now = deps.clock();
  const leaseUntil = new Date(now.getTime() + (deps.leaseMs ?? 60_000));
  const due = await deps.store.transaction((r) => r.alerts.claim(now, leaseUntil, deps.batch ?? 50));
  let sent = 0;
  let cancelled = 0;
  let postponed = 0;
  let failed = 0;
  for (const alert of due) {
    try {
      const woken = new Set<ChannelName>();
      const result = await deps.store.transaction((r) => sendOne(deps, r, alert, leaseUntil, now, woken));
      for (const channel of woken) deps.wake(channel);
      if (result === 'sent') sent++;
      if (result === 'cancelled') cancelled++;
      if (result === 'postponed') postponed++;
    } catch (error) {
      if (error instanceof TeacherBusy) {
        postponed++;
        await waitForTeacher(deps, alert, leaseUntil, now, error);
        continue;
      }
      failed++;
      await giveBack(deps, alert, error, now);
    }
  }
  return { sent, cancelled, postponed, failed };
}

/**
 * A row whose teacher is busy: tried again later (within their quiet hours), the attempt not
 * counted; when only the teacher's quiet spell holds it, as that spell ends.
 */
async function waitForTeacher(deps: AlertWorkerDeps, alert: TicketAlert, leaseUntil: Date, now: Date, busy: TeacherBusy) {
  const conversationId = busy.conversationId;
  const retry = busy.until ?? new Date(now.getTime() + TEACHER_BUSY_RETRY_MS);
  const at = deps.teacherSendable ? deps.teacherSendable(retry) : retry;
  try {
    await deps.store.transaction(async (r) => {
      if (await r.alerts.hold(alert.id, leaseUntil)) await r.alerts.postpone(alert.id, at);
    });
    deps.log.debug({ alert: alert.key, conversation: conversationId, at }, 'the teacher is busy: the message waits');
  } catch (error) {
    // The lease runs out and the row is claimed again.
    deps.log.warn({ err: error, alert: alert.key }, 'postponing an alert failed');
  }
}

async function sendOne(
  deps: AlertWorkerDeps,
  r: Repos,
  alert: TicketAlert,
  leaseUntil: Date,
  now: Date,
  woken: Set<ChannelName>,
): Promise<Result> {
  if (alert.ticketId === null) return sendSiteWork(deps, r, alert, leaseUntil, now, woken);
  const composer = deps.composers[alert.kind];
  if (!composer) throw new Error(`no composer for alerts of kind "${alert.kind}"`);
  const ticket = await r.console.tickets.detail(alert.ticketId);
  const outcome = ticket
    ? await composer(alert, {
        repos: r,
        catalog: deps.catalog,
        now,
        ticket,
        clocks: liveClocks(deps.catalog.contracts, ticket, now),
      })
    : { cancel: 'the ticket is gone' };
  if ('later' in outcome) {
    if (!(await r.alerts.hold(alert.id, leaseUntil))) return 'lost';
    await r.alerts.postpone(alert.id, outcome.later);
    return 'postponed';
  }
  if ('cancel' in outcome) {
    if (!(await r.alerts.hold(alert.id, leaseUntil))) return 'lost';
    await r.alerts.cancel(alert.id);
    deps.log.debug({ alert: alert.key, ticket: alert.ticketId, why: outcome.cancel }, 'alert no longer applies');
    return 'cancelled';
  }
  const teachers = outcome.teacher ? [outcome.teacher] : [];
  if (!(await deliver(deps, r, alert, leaseUntil, now, woken, outcome.send, teachers, outcome.summary))) return 'lost';
  await r.notify({ type: 'ticket', id: alert.ticketId });
  return 'sent';
}

/** A row of site work: its composer asked (no ticket to read), then sent, cancelled or postponed like a ticket's. */
async function sendSiteWork(
  deps: AlertWorkerDeps,
  r: Repos,
  alert: TicketAlert,
  leaseUntil: Date,
  now: Date,
  woken: Set<ChannelName>,
): Promise<Result> {
  const composer = deps.siteComposers?.[alert.kind];
  if (!composer) throw new Error(`no composer for site work of kind "${alert.kind}"`);
  const outcome: SiteWorkOutcome = await composer(alert, { repos: r, catalog: deps.catalog, now });
  if ('cancel' in outcome || 'later' in outcome) {
    if (!(await r.alerts.hold(alert.id, leaseUntil))) return 'lost';
    if ('later' in outcome) {
      await r.alerts.postpone(alert.id, outcome.later);
      return 'postponed';
    }
    await r.alerts.cancel(alert.id);
    deps.log.debug({ alert: alert.key, why: outcome.cancel }, 'site work no longer applies');
    return 'cancelled';
  }
  const written = await deliver(deps, r, alert, leaseUntil, now, woken, outcome.send, outcome.teachers ?? [], outcome.summary);
  if (!written) return 'lost';
  await outcome.recorded?.(written);
  return 'sent';
}

/**
 * Writes the messages and marks the row sent: the chats first, locked in id order (as every writer
 * of two chats does), then the row (a turn in a staff chat that changes the ticket locks its chat
 * before the ticket's alert rows, as this does). Returns where each teacher's message went, or null
 * when the row is no longer ours.
 */
async function deliver(
  deps: AlertWorkerDeps,
  r: Repos,
  alert: TicketAlert,
  leaseUntil: Date,
  now: Date,
  woken: Set<ChannelName>,
  send: readonly AlertRecipient[],
  teachers: readonly TeacherMessage[],
  summary: ((lang: Lang) => string) | undefined,
): Promise<ReadonlyMap<string, Written> | null> {
  const chats = await chatsOf(deps, r, send, teachers);
  // A question of the desk's own, with its buttons, never lands in the middle of a report or a person's conversation.
  const skipped = await heldBack(deps, r, chats, now);
  if (!(await r.alerts.hold(alert.id, leaseUntil))) return null;
  const written = new Map<string, Written>();
  for (const chat of chats) {
    const { conversation, recipients } = chat;
    const teacher = skipped.has(conversation.id) ? undefined : chat.teacher;
    if (recipients.length === 0 && !teacher) continue;
    // Staff chats are on push channels; a teacher's web chat reads its transcript.
    const writer = new ConversationWriter(r, conversation, deps.pushChannels.has(conversation.channel), now);
    for (const recipient of recipients) writer.outbound(recipient.reply(recipient.agent.lang), { lang: recipient.agent.lang });
    if (teacher) {
      const lang = await chatLang(r, conversation);
      writer.outbound(teacher.reply(lang), { lang });
      written.set(conversation.id, { conversationId: conversation.id, seq: writer.lastSeq });
    }
    await writer.flush();
    woken.add(conversation.channel);
  }
  const first = send[0];
  const line = summary ?? ((lang: Lang) => (first ? first.reply(lang).text : (teachers[0]?.reply(lang).text ?? alert.kind)));
  const text = Object.fromEntries(LANGS.map((lang) => [lang, line(lang)])) as LocalText;
  await r.alerts.markSent(alert.id, now, { to: send.map((s) => s.agent.id), text });
  return written;
}

/**
 * Throws TeacherBusy for the first teacher the row may not write to now (busyForDesk): with the end
 * of their quiet spell when the message asks for one and nothing else holds it. A busy teacher whose
 * message says `ifBusy: 'skip'` is left out instead: their conversations are returned (not written).
 */
async function heldBack(
  deps: AlertWorkerDeps,
  r: Repos,
  chats: Awaited<ReturnType<typeof chatsOf>>,
  now: Date,
): Promise<ReadonlySet<string>> {
  const settings = deps.catalog.flowSet.settings;
  const skipped = new Set<string>();
  for (const { conversation, teacher } of chats) {
    if (!teacher) continue;
    const state = readState(conversation.state);
    // The teacher's own last message, not the state's lastActiveAt: a survey or visit answer, or an agent's handback, does not move that.
    const quiet = teacher.quietMs ? { lastHeardAt: await r.messages.lastInboundAt(conversation.id), ms: teacher.quietMs } : undefined;
    if (!busyForDesk(conversation, state, settings, now, quiet)) continue;
    if (teacher.ifBusy === 'skip') {
      skipped.add(conversation.id);
      continue;
    }
    const busy = busyForDesk(conversation, state, settings, now);
    throw new TeacherBusy(conversation.id, !busy && quiet ? quietUntil(quiet, now) : null);
  }
  return skipped;
}

interface Entry {
  readonly channel: ChannelName;
  readonly externalKey: string;
  readonly recipients: AlertRecipient[];
  readonly teacher?: TeacherMessage;
}

/** The recipients' chats (those who have one) and the teachers', each locked, in conversation id order. */
async function chatsOf(deps: AlertWorkerDeps, r: Repos, recipients: readonly AlertRecipient[], teachers: readonly TeacherMessage[]) {
  const channels = [...deps.pushChannels];
  const byChat = new Map<string, Entry>();
  for (const teacher of teachers) {
    const theirs = await r.conversations.get(teacher.conversationId);
    if (theirs) byChat.set(theirs.id, { channel: theirs.channel, externalKey: theirs.externalKey, recipients: [], teacher });
  }
  for (const recipient of recipients) {
    const chat = await r.staff.chatOf(recipient.agent.id, channels);
    if (!chat) continue;
    const entry = byChat.get(chat.conversationId) ?? { channel: chat.channel, externalKey: chat.externalKey, recipients: [] };
    entry.recipients.push(recipient);
    byChat.set(chat.conversationId, entry);
  }
  const locked = [];
  for (const id of [...byChat.keys()].sort()) {
    const entry = byChat.get(id);
    const conversation = entry ? await r.conversations.lock(entry.channel, entry.externalKey) : null;
    if (entry && conversation) locked.push({ conversation, recipients: entry.recipients, teacher: entry.teacher });
  }
  return locked;
}

/** A failed attempt: tried again later (backing off), or given up after maxAttempts, its error kept. */
async function giveBack(deps: AlertWorkerDeps, alert: TicketAlert, error: unknown, now: Date): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const last = alert.attempts >= (deps.maxAttempts ?? 8);
  const wait = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, alert.attempts - 1));
  deps.log.warn(
    { err: error, alert: alert.key, ticket: alert.ticketId, attempts: alert.attempts },
    last ? 'alert given up' : 'alert failed',
  );
  try {
    await deps.store.transaction(async (r) => {
      await r.alerts.retry(alert.id, message, new Date(now.getTime() + wait));
      if (last) await r.alerts.cancel(alert.id);
    });
  } catch (again) {
    // The lease runs out and the row is claimed again.
    deps.log.warn({ err: again, alert: alert.key }, 'recording a failed alert failed');
  }
}

/** Runs `sendDueAlerts` every interval (never two rounds at once) until the returned stop is awaited. */
export function startAlerts(deps: AlertWorkerDeps, everyMs: number): () => Promise<void> {
  let round: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (round) return;
    round = sendDueAlerts(deps)
      .then((n) => {
        if (n.sent + n.cancelled + n.failed > 0) deps.log.info(n, 'alerts sent');
      })
      .catch((error: unknown) => deps.log.warn({ err: error }, 'alerts round failed'))
      .finally(() => (round = null));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await round;
  };
}
