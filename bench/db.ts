import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** The PostgreSQL the benchmark runs on: DATABASE_URL, or this machine's test database. */
export const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database of its own for one benchmark run; `drop()` removes it. */
export async function freshDatabase(prefix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Transactions committed and rolled back in a database so far (PostgreSQL's own count). */
export async function transactionCount(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_stat_clear_snapshot()`;
    const [row] = await sql<
      { n: string }[]
    >`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`;
    return Number(row?.n ?? 0);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Webhook events recorded in a database so far (acknowledged ones must all be here). */
export async function recordedEvents(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: string }[]>`select count(*) as n from inbound_events`;
    return Number(row?.n ?? 0);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Whether PostgreSQL answers at the base address. */
export async function postgresUp(): Promise<boolean> {
  const sql = postgres(BASE_URL, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 2 }).catch(() => undefined);
  }
}

/** Connections open to a database now, by application name (fixline's pools name themselves). */
export async function connectionCount(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: string }[]>`
      select count(*) as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and application_name like 'fixline%'`;
    return Number(row?.n ?? 0);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
