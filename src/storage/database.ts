import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';
import { preparing } from './prepared-client.js';
import { makeFolder } from '../files/folders.js';
import { PROJECT_ROOT } from '../paths.js';
import { type DataDirLock, type LockOwner, lockDataDir } from './data-dir-lock.js';
import { PGLITE_START_PARAMS, startFromTemplate } from './pglite-template.js';

type Schema = typeof schema;
/** A database or a transaction: repositories take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = path.join(PROJECT_ROOT, 'migrations');

/** The database: PGlite in a folder by default, PostgreSQL when a URL is given. */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /**
   * Where webhooks record their events: a small pool of its own on PostgreSQL, so that
   * acknowledgements never wait behind processing for a connection (PGlite: the same database).
   */
  readonly ingest: Db;
  /** Calls back with each notification on the channel (PostgreSQL LISTEN/NOTIFY; PGlite in-process). */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Whether the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — when absent, PGlite. */
  readonly url?: string;
  /** PGlite's folder; `memory://` keeps it in memory (tests). */
  readonly dataDir?: string;
  /** A PGlite data dump to start from (tests start from a migrated template). */
  readonly loadDataDir?: Blob;
  /**
   * A migrated PGlite data folder (pglite-template.ts) that a DATA_DIR holding no database yet
   * starts as a copy of, when it is of the present migrations.
   */
  readonly template?: string;
  readonly poolSize?: number;
  /** Connections kept for recording webhook events (PostgreSQL). */
  readonly ingestPoolSize?: number;
  readonly migrate?: boolean;
  /** Called for every statement fixline sends (the /metrics statement counter). */
  readonly onStatement?: () => void;
  /** Called when PGlite's folder had a lock left by a fixline that is gone (worth a warning). */
  readonly onStaleLock?: (previous: LockOwner) => void;
}

const MIGRATION_LOCK = 727_274; // arbitrary, constant: serialises migrations of several instances

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const logger = options.onStatement ? { logQuery: options.onStatement } : undefined;
  const database = options.url
    ? await openPostgres(options.url, options.poolSize ?? 10, options.ingestPoolSize ?? 3, logger)
    : await openPglite(options, logger);
  if (options.migrate !== false) {
    try {
      await runMigrations(database, options);
    } catch (error) {
      await database.close().catch(() => undefined);
      throw error;
    }
  }
  return database;
}

type QueryLogger = { logQuery(): void } | undefined;

/** PGlite in a folder, which one process may open at a time (a lock file; see data-dir-lock.ts). */
async function openPglite(options: DatabaseOptions, logger: QueryLogger): Promise<Database> {
  const dataDir = options.dataDir ?? './data';
  let lock: DataDirLock | undefined;
  if (!dataDir.includes('://')) {
    await makeFolder(dataDir);
    lock = await lockDataDir(dataDir);
    if (lock.tookOver) options.onStaleLock?.(lock.tookOver);
  }
  let client: PGlite;
  try {
    if (lock && options.template && !options.loadDataDir) await startFromTemplate(dataDir, options.template, MIGRATIONS_FOLDER);
    client = await PGlite.create(dataDir, {
      startParams: [...PGLITE_START_PARAMS],
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { schema, ...(logger ? { logger } : {}) }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    ingest: db,
    async listen(channel, onPayload) {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    async ping() {
      return !client.closed;
    },
    async close() {
      if (!client.closed) await client.close();
      await lock?.release();
    },
  };
}

/**
 * Seconds before a pool connection that closed with an error is opened again. postgres.js's own
 * backoff grows with every such close of any connection of the pool (3^n / 100 s, up to 20 s):
 * after a restart of PostgreSQL ended ten connections, a query waited up to 20 s for one. Here:
 * 50 ms doubling, at most 2 s, jittered so that instances do not reconnect in step.
 */
export function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 2) * (0.5 + Math.random() / 2);
}

/** The options every PostgreSQL pool of fixline shares (notices are not logged). */
export const POOL_OPTIONS = { onnotice: () => {}, backoff: reconnectDelaySeconds } as const;

async function openPostgres(url: string, max: number, ingestMax: number, logger: QueryLogger): Promise<Database> {
  const client = postgres(url, { ...POOL_OPTIONS, max, connection: { application_name: 'fixline' } });
  const ingestClient = postgres(url, { ...POOL_OPTIONS, max: ingestMax, connection: { application_name: 'fixline-ingest' } });
  const db = drizzlePostgres(preparing(client), { schema, ...(logger ? { logger } : {}) }) as unknown as Db;
  const ingest = drizzlePostgres(preparing(ingestClient), { schema, ...(logger ? { logger } : {}) }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    ingest,
    async listen(channel, onPayload) {
      const sub = await client.listen(channel, (payload) => onPayload(payload));
      return () => sub.unlisten();
    },
    async ping() {
      try {
        await client`select 1`;
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.all([client.end({ timeout: 5 }), ingestClient.end({ timeout: 5 })]);
    },
  };
}

/** Applies the committed migrations; on PostgreSQL under an advisory lock, so instances can start together. */
async function runMigrations(database: Database, options: DatabaseOptions): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  if (options.url === undefined) throw new Error('migrating PostgreSQL needs its URL');
  const client = postgres(options.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Sends a notification when the surrounding transaction commits (or at once outside one). */
export async function notify(db: Db, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}
