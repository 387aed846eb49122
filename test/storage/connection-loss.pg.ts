import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { POOL_OPTIONS } from '../../src/storage/database.js';
import { preparing } from '../../src/storage/prepared-client.js';
import { POSTGRES_URL } from '../support/database.js';

const NAME = 'fixline-connection-loss-test';

/**
 * PostgreSQL ends the connections under the queries (a restart, a failover): the queries in flight
 * fail with a catchable error, the process lives on, and the pool's next queries run — the
 * defects of postgres.js 3.4.9 repaired at install made this crash the process or hang the pool;
 * its backoff (up to 20 s) is shortened by the pool options fixline uses (POOL_OPTIONS).
 */
describe('connections ended by the server', () => {
  const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  const client = postgres(POSTGRES_URL, { ...POOL_OPTIONS, max: 3, connection: { application_name: NAME } });
  const db = drizzle(preparing(client));
  afterAll(async () => {
    await client.end({ timeout: 5 });
    await admin.end({ timeout: 5 });
  });

  it('a transaction whose connection is ended fails with a catchable error, and the pool goes on', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const outcome = db
        .transaction(async (tx) => {
          await tx.execute(sql`select ${1}::int as v`);
          await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${NAME}`;
          await new Promise((r) => setTimeout(r, 200)); // the server's goodbye arrives
          await tx.execute(sql`select ${2}::int as v`); // on the closed connection the transaction holds
          return 'committed';
        })
        .then(
          (v) => v,
          () => 'failed',
        );
      expect(await Promise.race([outcome, new Promise((r) => setTimeout(() => r('hung'), 5_000))])).toBe('failed');
      expect(uncaught).toEqual([]);
      expect((await db.execute<{ v: number }>(sql`select ${3}::int as v`))[0]!.v).toBe(3);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('a new connection whose first, internal query fails does not end the process', async () => {
    // postgres.js fetches array types first on every connection and dropped that promise
    // (porsager/postgres#1192): a backend ended at that moment (here: the query cancelled by a
    // 1 ms statement_timeout) was an unhandled rejection, which ends a Node process.
    const unhandled: unknown[] = [];
    const onUnhandled = (error: unknown) => unhandled.push(error);
    process.on('unhandledRejection', onUnhandled);
    const impatient = postgres(POSTGRES_URL, { max: 1, onnotice: () => {}, connection: { statement_timeout: 1, application_name: NAME } });
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 3; i++)
        outcomes.push(
          await impatient`select 1 as v`.then(
            () => 'answered',
            (error: unknown) => (error as { code?: string }).code ?? 'error',
          ),
        );
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
      // The first query may carry the internal query's error; the connection then works.
      expect(outcomes.at(-1)).toBe('answered');
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await impatient.end({ timeout: 5 });
    }
  });

  it('queries in flight fail cleanly, and the pool answers again afterwards', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    try {
      // 20 rounds: a connection ended while it was opening, or handed a query between its socket's
      // error and close, left queries that never settled about once in 30 rounds (repaired at install).
      for (let round = 0; round < 20; round++) {
        expect((await db.execute<{ v: number }>(sql`select ${round}::int as v`))[0]!.v).toBe(round);
        // Small statements queued on every connection while their backends are ended.
        const inFlight = Array.from({ length: 60 }, (_, i) =>
          db.execute(sql`select pg_sleep(0.005), ${i}::int as v`).then(
            () => 'answered',
            // drizzle wraps the driver's error: its code is on the cause.
            (e: unknown) => {
              const error = e as { code?: string; cause?: { code?: string } };
              return error.cause?.code ?? error.code ?? 'error';
            },
          ),
        );
        await new Promise((r) => setTimeout(r, 5));
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${NAME}`;
        const outcomes = await Promise.all(inFlight);
        // A write to a socket the server already closed fails with EPIPE: as clean as the others.
        expect(
          outcomes.every((o) => o === 'answered' || /CONNECTION|57P01|ECONNRESET|EPIPE/.test(o)),
          outcomes.join(','),
        ).toBe(true);
        // Afterwards the pool answers again (a query may still meet a connection being closed and
        // fail, as the processor's retries expect; none may hang, and soon all are answered).
        let answered = false;
        for (let attempt = 0; attempt < 50 && !answered; attempt++) {
          const batch = await Promise.race([
            Promise.all(Array.from({ length: 20 }, (_, i) => db.execute<{ v: number }>(sql`select ${i}::int as v`))).then(
              (rows) => rows.every((r, i) => r[0]!.v === i),
              () => false,
            ),
            new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5_000)),
          ]);
          expect(batch).not.toBe('hung');
          answered = batch === true;
          if (!answered) await new Promise((r) => setTimeout(r, 100));
        }
        expect(answered).toBe(true);
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    }
  });
});
