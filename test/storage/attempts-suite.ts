import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { AuthService } from '../../src/auth/auth-service.js';
import { openDatabase } from '../../src/storage/database.js';
import { ensureAdmin } from '../../src/storage/seed.js';
import { drizzleStore } from '../../src/storage/store.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';

const PASSWORD = 'a-long-test-password';
const rule = (key: string, free = 5) => ({ key, free, windowMs: 15 * 60_000, firstWaitMs: 60_000, maxWaitMs: 15 * 60_000 });

/**
 * Guessing counters hold under parallel attempts, on one database shared by several instances:
 * each instance here has a pool of its own (PostgreSQL) — PGlite has one connection, so its
 * "instances" share it.
 */
export function attemptsSuite(kind: TestDatabaseKind) {
  describe(`guessing counters on ${kind}`, () => {
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let other: Awaited<ReturnType<typeof openDatabase>> | undefined;
    let stores: [Store, Store];
    const now = new Date('2026-10-12T02:00:00Z');

    beforeAll(async () => {
      database = await testDatabase(kind);
      await ensureAdmin(database.db, { password: PASSWORD, generate: () => 'unused' });
      other = database.url ? await openDatabase({ url: database.url, poolSize: 10 }) : undefined;
      stores = [drizzleStore(database), drizzleStore(other ?? database)];
    });
    afterAll(async () => {
      await other?.close();
      await database?.drop();
    });

    it('150 attempts at once on one key, from two instances: exactly the free five get through', async () => {
      const verdicts = await Promise.all(Array.from({ length: 150 }, (_, i) => stores[i % 2]!.read.attempts.take(rule('race'), now)));
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
      expect(
        verdicts
          .filter((v) => v.allowed)
          .map((v) => v.count)
          .sort(),
      ).toEqual([1, 2, 3, 4, 5]);
      const refused = verdicts.find((v) => !v.allowed);
      expect(refused).toMatchObject({ allowed: false, count: 5, retryAfterMs: 60_000 });
    });

    it('waits double after each attempt past the free ones; a refund and a quiet window start over', async () => {
      const attempts = stores[0].read.attempts;
      for (let i = 1; i <= 3; i++) expect(await attempts.take(rule('grow', 3), now)).toMatchObject({ allowed: true, count: i });
      expect(await attempts.take(rule('grow', 3), now)).toMatchObject({ allowed: false, retryAfterMs: 60_000 });
      const later = new Date(now.getTime() + 60_000);
      expect(await attempts.take(rule('grow', 3), later)).toMatchObject({ allowed: true, count: 4, waitMs: 120_000 });
      expect(await attempts.take(rule('grow', 3), later)).toMatchObject({ allowed: false, retryAfterMs: 120_000 });
      // Giving two attempts back brings the count under the free ones: no wait is owed.
      await attempts.refund(['grow'], later);
      await attempts.refund(['grow'], later);
      expect(await attempts.take(rule('grow', 3), later)).toMatchObject({ allowed: true, count: 3 });
      // After the window, with nothing owed, it starts again at one (and pruning forgets it).
      const quiet = new Date(later.getTime() + 16 * 60_000);
      expect(await attempts.prune(quiet)).toBeGreaterThan(0);
      expect(await attempts.take(rule('grow', 3), quiet)).toMatchObject({ allowed: true, count: 1 });
    });

    it('150 sign-ins at once from one address through two instances check at most five passwords', async () => {
      const services = stores.map(
        (s) =>
          new AuthService(
            s,
            () => now,
            undefined,
            async () => {},
          ),
      );
      const passwords = [...Array.from({ length: 149 }, (_, i) => `wrong-${i}`), PASSWORD];
      const results = await Promise.all(passwords.map((p, i) => services[i % 2]!.signIn('admin', p, '203.0.113.5', null)));
      const checked = results.filter((r) => r.ok || r.reason === 'invalid');
      expect(checked.length).toBe(5);
      expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(145);
      // The right password from another address is not held up.
      expect((await services[1]!.signIn('admin', PASSWORD, '198.51.100.5', null)).ok).toBe(true);
    }, 30_000);
  });
}
