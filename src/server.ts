import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { AgentAdmin } from './app/agent-admin.js';
import { Metrics } from './app/metrics.js';
import { EventHub } from './storage/event-hub.js';
import type { Pipeline } from './ports/pipeline.js';
import { buildBackground } from './background.js';
import { PipelineThread } from './pipeline-thread.js';
import { photoQuota } from './app/photo-quota.js';
import { TakeoverService } from './app/takeover.js';
import { TicketService } from './app/ticket-service.js';
import { AuthService } from './auth/auth-service.js';
import { consoleApi as buildConsoleApi } from './http/console/index.js';
import { receiveMany } from './app/receive.js';
import type { ChannelContext, ChannelModule } from './ports/channel-module.js';
import { createChannels } from './channels/registry.js';
import type { Store } from './ports/store.js';
import { generatePassword } from './app/password.js';
import { type Catalog, loadCatalog } from './catalog/catalog.js';
import { DataFileError } from './domain/data-files.js';
import { WebchatService } from './channels/webchat/service.js';
import { type Config, guessLimits } from './config.js';
import type { ChannelName } from './domain/messages.js';
import { FileBlobStore } from './files/blob-store.js';
import { writableFolder } from './files/folders.js';
import { buildHttpApp } from './http/app.js';
import { safeLogger } from './logging.js';
import { type Database, openDatabase } from './storage/database.js';
import { ensureAdmin, seedDemo, syncContracts } from './storage/seed.js';
import { drizzleStore } from './storage/store.js';

export interface Fixline {
  readonly url: string;
  readonly log: Logger;
  readonly catalog: Catalog;
  readonly database: Database;
  readonly store: Store;
  /** Whether processing and sending run in a thread of their own (PIPELINE_THREAD). */
  readonly pipelineThread: boolean;
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
 * Whether processing and sending get a thread of their own: PIPELINE_THREAD=auto does so on
 * PostgreSQL unless a test injects channels or a clock (which cannot cross into a thread).
 */
function pipelineThread(config: Config, options: StartOptions): boolean {
  const injected = options.channels !== undefined || options.clock !== undefined;
  if (config.PIPELINE_THREAD === 'on' && injected) throw new Error('PIPELINE_THREAD=on: injected channels or clock cannot cross into the pipeline thread');
  if (config.PIPELINE_THREAD === 'auto') return config.DATABASE_URL !== undefined && !injected;
  return config.PIPELINE_THREAD === 'on';
}

/**
 * The composition root: config → data files → database → repositories → pipeline → HTTP.
 * Refuses to start, naming file and problem, when a flow or contract is invalid.
 */
export async function startFixline(config: Config, options: StartOptions = {}): Promise<Fixline> {
  const log = safeLogger(options.log ?? pino({ level: config.LOG_LEVEL }));
  const clock = options.clock ?? (() => new Date());

  const { catalog, problems } = await loadCatalog(config.FLOWS_DIR);
  if (!catalog) throw new DataFileError(problems);

  // Checked before the database opens: a photos folder fixline cannot write fails the start, not the first photo.
  const blobs = new FileBlobStore(config.attachmentsDir);
  await writableFolder(config.attachmentsDir);

  const metrics = new Metrics();
  const database = await openDatabase({
    onStatement: () => metrics.inc('fixline_db_statements_total'),
    ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
    poolSize: config.DATABASE_POOL_SIZE,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    onStaleLock: (previous) => log.warn({ previous }, 'took over the lock of DATA_DIR from a fixline that is gone'),
  });
  let ready = false;
  let started: { stop(): Promise<void> } | undefined;
  let listening: ServerType | undefined;
  try {
    await syncContracts(database.db, catalog.contracts);
    if (config.SEED_DEMO) await seedDemo(database.db, clock());
    const admin = await ensureAdmin(database.db, { ...(config.ADMIN_PASSWORD ? { password: config.ADMIN_PASSWORD } : {}), generate: generatePassword });

    const store = drizzleStore(database, { onTransaction: () => metrics.inc('fixline_db_transactions_total'), placesTtlMs: 30_000 });
    const channels = options.channels ?? createChannels(config, log);
    const threaded = pipelineThread(config, options);
    const pipeline: Pipeline & { start(): void | Promise<void>; stop(): Promise<void> } = threaded
      ? new PipelineThread(config, log, metrics)
      : buildBackground({ config, log, clock, store, catalog, channels, blobs, counters: metrics, postgres: database.kind === 'postgres' });
    const hub = new EventHub(log);
    await hub.start(database);
    const webchat = new WebchatService(store, pipeline, blobs, clock, {
      lifetime: { idleDays: config.WEBCHAT_SESSION_IDLE_DAYS, maxDays: config.WEBCHAT_SESSION_MAX_DAYS },
      photos: photoQuota(config),
    });
    const channelContext: ChannelContext = { log, receive: (messages) => receiveMany(store, pipeline, messages), flows: catalog.flowSet, clock };
    const webhooks = channels.map((c) => ({ name: c.name, routes: c.routes(channelContext) }));
    const pushChannels = new Set<ChannelName>(channels.map((c) => c.name));
    const wake = (channel: ChannelName) => pipeline.wake(channel);
    const auth = new AuthService(store, clock, guessLimits(config));
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
      streamsPerSession: config.CONSOLE_STREAMS_PER_SESSION,
      options: {
        trustProxy: config.TRUST_PROXY,
        secureCookies: () => config.PUBLIC_URL?.startsWith('https:') ?? false,
        allowedOrigins: () => (config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).origin] : []),
      },
    });
    const app = buildHttpApp({ log, database, webchat, hub, ready: () => ready, trustProxy: config.TRUST_PROXY, webhooks, consoleApi, metrics, metricsToken: config.METRICS_TOKEN,
      webchatStreams: { perSession: config.WEBCHAT_STREAMS_PER_SESSION, perAddress: config.WEBCHAT_STREAMS_PER_ADDRESS } });

    // The pipeline thread starts while the server begins to listen: webhooks are recorded at once
    // (kicks wait for the thread), and fixline is ready when both are.
    started = pipeline;
    const pipelineStarted = Promise.resolve(pipeline.start());
    pipelineStarted.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    // A port in use (or an address not of this machine) rejects here, rather than as an unhandled 'error' event.
    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => {
        s.off('error', reject);
        resolve(s);
      });
      listening = s;
      s.once('error', reject);
    });
    await pipelineStarted;
    const port = (server.address() as AddressInfo).port;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    for (const channel of channels) await channel.start(channelContext);
    ready = true;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        ready = false;
        for (const channel of channels) await channel.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await pipeline.stop();
        await hub.close();
        await database.close();
      })());

    return {
      url: `http://${host}:${port}`,
      log,
      catalog,
      database,
      store,
      pipelineThread: threaded,
      ...(admin.generatedPassword ? { adminPassword: admin.generatedPassword } : {}),
      stop,
    };
  } catch (error) {
    listening?.close();
    await started?.stop().catch(() => undefined);
    await database.close();
    throw error;
  }
}
