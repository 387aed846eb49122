import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleTicketAlerts } from '../../src/app/alerts/schedule.js';
import { sendDueAlerts } from '../../src/app/alerts/worker.js';
import { TicketService } from '../../src/app/ticket-service.js';
import { DEFAULT_ALERT_SETTINGS } from '../../src/config.js';
import { DESK_START, Desk, seedDesk } from '../../src/conversation-tests/desk.js';
import type { ChannelName } from '../../src/domain/messages.js';
import type { Agent } from '../../src/ports/console-store.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { drizzleStore } from '../../src/storage/store.js';
import { testDatabase } from '../support/database.js';
import { shippedCatalog } from '../support/desk.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';
import { chatTexts, nextNumber, staffWithChat, workerDeps } from './alerts-suite.js';

const MIN = 60_000;

/**
 * Two instances (two pools on one PostgreSQL database) run the alerts worker at the same moments
 * on tickets crossing their warning point: each warning reaches each chat exactly once.
 */
describe('alerts with two instances on one PostgreSQL', () => {
  let desk: Desk;
  let other: Database;
  let admin: Agent;
  let engineer: { agent: Agent; conversationId: string };
  let coordinator: { agent: Agent; conversationId: string };

  beforeAll(async () => {
    const database = await testDatabase('postgres');
    const catalog = await shippedCatalog();
    await seedDesk(database.db, catalog, DESK_START);
    desk = new Desk(database, catalog, { now: DESK_START, closeDatabase: () => database.drop() });
    other = await openDatabase({ url: database.url!, poolSize: 5, migrate: false });
    const found = await desk.store.read.console.agents.byUsername('admin');
    const { passwordHash: _hash, ...rest } = found!;
    admin = rest;
    engineer = await staffWithChat(desk, 'engineer', 'en', 'telegram', 'Zhao Engineer');
    coordinator = await staffWithChat(desk, 'coordinator', 'zh-CN', 'line', '陈协调');
  });
  afterAll(async () => {
    await other?.close();
    await desk?.close();
  });

  it('sends each warning once however the rounds of the two instances overlap', async () => {
    const service = new TicketService(
      desk.store,
      desk.catalog,
      new Set<ChannelName>(['telegram', 'line']),
      () => desk.now,
      () => {},
      async (r, id, now) => {
        await scheduleTicketAlerts(r, desk.catalog.contracts, DEFAULT_ALERT_SETTINGS, id, now);
      },
    );
    const first = workerDeps(desk);
    const second = { ...first, store: drizzleStore(other) };
    const ROUNDS = 12;
    const numbers: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const seeded = await seedTriagedTicket(desk.database.db, desk.catalog, desk.now, { number: nextNumber() });
      numbers.push(seeded.number);
      await service.command(admin, seeded.ticketId, { kind: 'responded' });
      await service.command(admin, seeded.ticketId, {
        kind: 'dispatch',
        engineerId: engineer.agent.id,
        engineerName: engineer.agent.displayName,
        appointmentAt: new Date(desk.now.getTime() + 60 * MIN),
      });
      desk.advance(90 * MIN); // the 75% point of its 2-hour on-site clock
      const rounds = await Promise.all([
        sendDueAlerts(first),
        sendDueAlerts(second),
        sendDueAlerts(first),
        sendDueAlerts(second),
        sendDueAlerts(second),
        sendDueAlerts(first),
      ]);
      expect(rounds.reduce((n, r) => n + r.failed, 0)).toBe(0);
      await service.command(admin, seeded.ticketId, { kind: 'check_in' });
    }
    const engineerChat = await chatTexts(desk, engineer.conversationId);
    const coordinatorChat = await chatTexts(desk, coordinator.conversationId);
    for (const number of numbers) {
      expect(engineerChat.filter((t) => t.includes(number))).toEqual([expect.stringMatching(/30 min left on the on-site deadline/)]);
      expect(coordinatorChat.filter((t) => t.includes(number))).toEqual([expect.stringMatching(/上门时限还剩/)]);
    }
    expect(engineerChat).toHaveLength(ROUNDS);
  });
});
