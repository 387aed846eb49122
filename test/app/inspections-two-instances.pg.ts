import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAfterService } from '../../src/app/after-service/planner.js';
import { afterServicePlanners } from '../../src/compose/alerts.js';
import { DESK_START, Desk, seedDesk } from '../../src/conversation-tests/desk.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { inspections, ticketAlerts } from '../../src/storage/schema.js';
import { drizzleStore } from '../../src/storage/store.js';
import { testDatabase } from '../support/database.js';
import { shippedCatalog } from '../support/desk.js';

const log = pino({ level: 'silent' });

/**
 * Two instances (two pools on one PostgreSQL database) plan the inspections at the same moment:
 * each site and date gets one inspection and one notice, and no number is given twice.
 */
describe('inspections planned by two instances on one PostgreSQL', () => {
  let desk: Desk;
  let other: Database;

  beforeAll(async () => {
    const database = await testDatabase('postgres');
    const catalog = await shippedCatalog();
    await seedDesk(database.db, catalog, DESK_START);
    desk = new Desk(database, catalog, { now: DESK_START, closeDatabase: () => database.drop() });
    other = await openDatabase({ url: database.url!, poolSize: 5, migrate: false });
  });
  afterAll(async () => {
    await other?.close();
    await desk?.close();
  });

  it('plans each round once, with numbers unique, however the instances overlap', async () => {
    const stores = [desk.store, drizzleStore(other)];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => planAfterService(stores[i % 2]!, desk.catalog, afterServicePlanners(), DESK_START, log)),
    );
    const rows = await desk.database.db.select().from(inspections);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => `${r.siteId}:${r.dueOn}`)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    const notices = (await desk.database.db.select().from(ticketAlerts)).filter((a) => a.kind === 'inspection_due');
    expect(notices.map((n) => n.key).sort()).toEqual(rows.map((r) => `inspection_due:${r.id}`).sort());
  });
});
