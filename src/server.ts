import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { startEscalation } from './app/escalation-job.js';
import { EventHub } from './app/event-hub.js';
import type { Store } from './app/ports.js';
import { ConversationProcessor } from './app/processor.js';
import { generatePassword } from './auth/password.js';
import { type Catalog, loadCatalog } from './catalog/catalog.js';
import { DataFileError } from './catalog/problems.js';
import { WebchatService } from './channels/webchat/service.js';
import type { Config } from './config.js';
import type { ChannelName } from './domain/messages.js';
import { FileBlobStore } from './files/blob-store.js';
import { buildHttpApp } from './http/app.js';
import { type Database, openDatabase } from './storage/database.js';
import { seedDemo, syncContracts } from './storage/seed.js';
import { drizzleStore } from './storage/store.js';
import { RulesExtractor } from './triage/rules-extractor.js';

export interface Fixline {
  readonly url: string;
  readonly log: Logger;
  readonly catalog: Catalog;
  readonly database: Database;
  readonly store: Store;
  readonly processor: ConversationProcessor;
  /** Set when the admin was created with a generated password (shown once). */
  readonly adminPassword?: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly clock?: () => Date;
  readonly log?: Logger;
  /** A PGlite data dump to start from (tests). */
  readonly loadDataDir?: Blob;
}

/**
 * The composition root: config → data files → database → repositories → pipeline → HTTP.
 * Refuses to start, naming file and problem, when a flow or contract is invalid.
 */
export async function startFixline(config: Config, options: StartOptions = {}): Promise<Fixline> {
  const log = options.log ?? pino({ level: config.LOG_LEVEL });
  const clock = options.clock ?? (() => new Date());

  const { catalog, problems } = await loadCatalog(config.FLOWS_DIR);
  if (!catalog) throw new DataFileError(problems);

  const database = await openDatabase({
    ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
    poolSize: config.DATABASE_POOL_SIZE,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  let ready = false;
  try {
    await syncContracts(database.db, catalog.contracts);
    const seed = config.SEED_DEMO
      ? await seedDemo(database.db, clock(), { ...(config.ADMIN_PASSWORD ? { password: config.ADMIN_PASSWORD } : {}), generate: generatePassword })
      : { seeded: false };

    const store = drizzleStore(database);
    const pushChannels = new Set<ChannelName>();
    const processor = new ConversationProcessor(
      { store, catalog, extractor: new RulesExtractor(catalog.lexicons), clock, pushChannels },
      log,
      { sweepEveryMs: 5_000, stalledAfterMs: 10_000, maxAttempts: 3 },
    );
    const hub = new EventHub(log);
    await hub.start(database);
    const webchat = new WebchatService(store, processor, new FileBlobStore(config.attachmentsDir), clock);
    const app = buildHttpApp({ log, database, webchat, hub, ready: () => ready, trustProxy: config.TRUST_PROXY });

    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    processor.start();
    void processor.sweep();
    const stopEscalation = startEscalation(store, catalog.contracts, clock, log);
    ready = true;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        ready = false;
        stopEscalation();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await processor.stop();
        await hub.close();
        await database.close();
      })());

    return {
      url: `http://${host}:${port}`,
      log,
      catalog,
      database,
      store,
      processor,
      ...(seed.adminPassword ? { adminPassword: seed.adminPassword } : {}),
      stop,
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
