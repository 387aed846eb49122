import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { startEscalation } from './app/escalation-job.js';
import { AgentAdmin } from './app/agent-admin.js';
import { Metrics } from './app/metrics.js';
import { EventHub } from './app/event-hub.js';
import { TakeoverService } from './app/takeover.js';
import { TicketService } from './app/ticket-service.js';
import { AuthService } from './auth/auth-service.js';
import { consoleApi as buildConsoleApi } from './http/console/index.js';
import { fetchPendingMedia } from './app/fetch-media.js';
import { OutboxSender } from './app/outbox-sender.js';
import { receiveMany } from './app/receive.js';
import type { ChannelContext, ChannelModule } from './channels/channel-module.js';
import { createChannels } from './channels/registry.js';
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
import { ensureAdmin, seedDemo, syncContracts } from './storage/seed.js';
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
  /** The channels to run instead of those the configuration turns on (tests). */
  readonly channels?: readonly ChannelModule[];
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

  const metrics = new Metrics();
  const database = await openDatabase({
    onStatement: () => metrics.inc('fixline_db_statements_total'),
    ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
    poolSize: config.DATABASE_POOL_SIZE,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  let ready = false;
  try {
    await syncContracts(database.db, catalog.contracts);
    if (config.SEED_DEMO) await seedDemo(database.db, clock());
    const admin = await ensureAdmin(database.db, { ...(config.ADMIN_PASSWORD ? { password: config.ADMIN_PASSWORD } : {}), generate: generatePassword });

    const store = drizzleStore(database, { onTransaction: () => metrics.inc('fixline_db_transactions_total'), placesTtlMs: 30_000 });
    const blobs = new FileBlobStore(config.attachmentsDir);
    const channels = options.channels ?? createChannels(config);
    const senders = new Map(
      channels.map((c) => [c.name, new OutboxSender(store, c.transport, log, {
          leaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
          conversationsPerRound: 50,
          maxAttempts: 10,
          idleMs: 1_000,
          gatherMs: 20,
          clock,
          onResult: (sent, failed, retried) => {
            metrics.inc('fixline_outbox_sent_total', { channel: c.name }, sent);
            metrics.inc('fixline_outbox_failed_total', { channel: c.name }, failed);
            metrics.inc('fixline_outbox_retries_total', { channel: c.name }, retried);
          },
        })]),
    );
    const fetchers = Object.fromEntries(channels.flatMap((c) => (c.media ? [[c.name, c.media]] : [])));
    const processor = new ConversationProcessor(
      { store, catalog, extractor: new RulesExtractor(catalog.lexicons), clock, pushChannels: new Set<ChannelName>(channels.map((c) => c.name)) },
      log,
      { sweepEveryMs: 5_000, stalledAfterMs: 10_000, maxAttempts: 3, concurrency: config.DATABASE_URL ? Math.max(1, config.DATABASE_POOL_SIZE - 2) : 4 },
      {
        fetchMedia: (channel, key) => fetchPendingMedia({ store, blobs, fetchers, log }, channel, key),
        after: (channel, events) => {
          metrics.inc('fixline_inbound_processed_total', { channel }, events);
          senders.get(channel)?.wake();
        },
        received: (channel, accepted, duplicates) => {
          metrics.inc('fixline_inbound_accepted_total', { channel }, accepted);
          metrics.inc('fixline_inbound_duplicates_total', { channel }, duplicates);
        },
      },
    );
    const hub = new EventHub(log);
    await hub.start(database);
    const webchat = new WebchatService(store, processor, blobs, clock);
    const channelContext: ChannelContext = { log, receive: (messages) => receiveMany(store, processor, messages), flows: catalog.flowSet, clock };
    const webhooks = channels.map((c) => ({ name: c.name, routes: c.routes(channelContext) }));
    const pushChannels = new Set<ChannelName>(channels.map((c) => c.name));
    const wake = (channel: ChannelName) => senders.get(channel)?.wake();
    const auth = new AuthService(store, clock);
    const consoleApi = buildConsoleApi({
      auth,
      takeover: new TakeoverService(store, catalog, pushChannels, clock, wake),
      tickets: new TicketService(store, catalog, pushChannels, clock, wake),
      agents: new AgentAdmin(store, clock),
      hub,
      catalog,
      store,
      blobs,
      clock,
      options: {
        trustProxy: config.TRUST_PROXY,
        secureCookies: () => config.PUBLIC_URL?.startsWith('https:') ?? false,
        allowedOrigins: () => (config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).origin] : []),
      },
    });
    const app = buildHttpApp({ log, database, webchat, hub, ready: () => ready, trustProxy: config.TRUST_PROXY, webhooks, consoleApi, metrics });

    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    processor.start();
    void processor.sweep();
    for (const sender of senders.values()) sender.start();
    for (const channel of channels) await channel.start(channelContext);
    const stopEscalation = startEscalation(store, catalog.contracts, clock, log);
    ready = true;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        ready = false;
        stopEscalation();
        for (const channel of channels) await channel.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await processor.stop();
        await Promise.all([...senders.values()].map((s) => s.stop()));
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
      ...(admin.generatedPassword ? { adminPassword: admin.generatedPassword } : {}),
      stop,
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
