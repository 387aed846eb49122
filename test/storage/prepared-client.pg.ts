import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { preparing } from '../../src/storage/prepared-client.js';
import { POSTGRES_URL } from '../support/database.js';

/** What this connection has prepared (pg_prepared_statements is per session). */
const preparedCount = async (db: ReturnType<typeof drizzle>) => {
  const rows = await db.execute<{ n: string }>(
    sql`select count(*) as n from pg_prepared_statements where statement like '%fixline-prepared-probe%'`,
  );
  return Number(rows[0]!.n);
};

describe('statements kept prepared on PostgreSQL', () => {
  const client = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  const db = drizzle(preparing(client));
  afterAll(() => client.end({ timeout: 5 }));

  it('a statement with parameters is prepared once per connection and reused, inside transactions too', async () => {
    const probe = (n: number) => db.execute<{ v: number }>(sql`select ${n}::int + 1 as v /* fixline-prepared-probe */`);
    expect((await probe(1))[0]!.v).toBe(2);
    expect((await probe(41))[0]!.v).toBe(42);
    expect(await preparedCount(db)).toBe(1);
    const inTx = await db.transaction(async (tx) => {
      const r = await tx.execute<{ v: number }>(sql`select ${5}::int * 2 as v /* fixline-prepared-probe tx */`);
      return r[0]!.v;
    });
    expect(inTx).toBe(10);
    expect(await preparedCount(db)).toBe(2);
  });

  it('a statement without parameters runs as a simple query; a failed statement leaves the connection usable', async () => {
    await db.execute(sql`select 1 /* fixline-prepared-probe simple */`);
    expect(await preparedCount(db)).toBe(2);
    await expect(db.execute(sql`select ${'x'}::int /* fixline-prepared-probe bad */`)).rejects.toThrow();
    expect((await db.execute<{ v: number }>(sql`select ${2}::int + 1 as v /* fixline-prepared-probe */`))[0]!.v).toBe(3);
  });
});
