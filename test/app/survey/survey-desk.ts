import { asc, eq } from 'drizzle-orm';
import { sendDueAlerts } from '../../../src/app/alerts/worker.js';
import { TicketService } from '../../../src/app/ticket-service.js';
import { DEFAULT_ALERT_SETTINGS } from '../../../src/config.js';
import type { ChannelName } from '../../../src/domain/messages.js';
import type { Agent } from '../../../src/ports/console-store.js';
import type { OutboxPayload } from '../../../src/ports/outbox.js';
import { outbox, surveys, ticketAlerts, tickets } from '../../../src/storage/schema.js';
import type { TestDatabaseKind } from '../../support/database.js';
import { type TestDesk, testDesk } from '../../support/desk.js';
import { seedTriagedTicket } from '../../support/triaged-ticket.js';
import { adminOf, nextNumber, staffWithChat, workerDeps } from '../alerts-suite.js';

const PUSH = new Set<ChannelName>(['telegram', 'line']);

/** A teacher's ticket, solved: their chat's key and channel, its conversation, the ticket. */
export interface SolvedTicket {
  readonly key: string;
  readonly channel: ChannelName;
  readonly conversationId: string;
  readonly ticketId: string;
  readonly number: string;
}

/** A ticket service as the console's, on the test desk's clock: Telegram and LINE pushed, the default quiet hours. */
export function pushingTicketService(desk: TestDesk): TicketService {
  return new TicketService(
    desk.store,
    desk.catalog,
    PUSH,
    () => desk.now,
    () => {},
    undefined,
    DEFAULT_ALERT_SETTINGS.quietHours,
  );
}

/**
 * A desk for the satisfaction survey's suites: a coordinator with a LINE chat, tickets solved by an
 * admin in the console, the alerts worker run by hand, and readers of what the teacher was sent.
 */
export async function surveyDesk(kind: TestDatabaseKind) {
  const desk: TestDesk = await testDesk(kind);
  const admin: Agent = await adminOf(desk);
  const coordinator = await staffWithChat(desk, 'coordinator', 'zh-CN', 'line', '李协调');
  const service = pushingTicketService(desk);
  let teachers = 0;

  /** A teacher's chat on a channel (begun with a greeting, or `key`'s chat already begun) and a ticket of theirs, solved now. */
  async function solvedTicket(channel: ChannelName, lang: 'zh-CN' | 'en', key = `survey-${channel}-${++teachers}`): Promise<SolvedTicket> {
    if (!(await desk.conversation(key))) await desk.send(key, lang === 'en' ? 'hello' : '你好', { channel, langHint: lang });
    const conversation = (await desk.conversation(key))!;
    const seeded = await seedTriagedTicket(desk.database.db, desk.catalog, desk.now, { number: nextNumber() });
    await desk.database.db.update(tickets).set({ conversationId: conversation.id }).where(eq(tickets.id, seeded.ticketId));
    await service.command(admin, seeded.ticketId, { kind: 'responded' });
    await service.command(admin, seeded.ticketId, { kind: 'move', to: 'resolved' });
    return { key, channel, conversationId: conversation.id, ticketId: seeded.ticketId, number: seeded.number };
  }

  return {
    desk,
    admin,
    coordinator,
    service,
    solvedTicket,
    run: () => sendDueAlerts(workerDeps(desk)),
    payloads: async (t: SolvedTicket) =>
      (await desk.database.db.select().from(outbox).where(eq(outbox.conversationId, t.conversationId)).orderBy(asc(outbox.id))).map(
        (r) => r.payload as unknown as OutboxPayload,
      ),
    surveyOf: async (t: SolvedTicket) => (await desk.database.db.select().from(surveys).where(eq(surveys.ticketId, t.ticketId)))[0]!,
    statusOf: async (t: SolvedTicket) =>
      (await desk.database.db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, t.ticketId)))[0]!.status,
    alertKinds: async (t: SolvedTicket) =>
      (await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, t.ticketId))).map((a) => a.kind),
    /** Bot messages after `seq`: their texts and the labels of their buttons. */
    saidSince: async (t: SolvedTicket, seq: number) =>
      (await desk.transcript(t.key))
        .filter((m) => m.seq > seq && m.direction === 'out')
        .map((m) => ({ text: m.text, labels: m.choices?.map((c) => c.label) ?? [] })),
  };
}
export type SurveyDesk = Awaited<ReturnType<typeof surveyDesk>>;
