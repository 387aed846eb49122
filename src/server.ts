import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { EventHub } from './storage/event-hub.js';
import { Metrics } from './app/metrics.js';
import type { Store } from './ports/store.js';
import { generatePassword } from './app/password.js';
import type { Catalog } from './catalog/catalog.js';
import type { ChannelModule } from './ports/channel-module.js';
import { composeBackgroundOrThread, composeHttp, composeParts, type RunningBackground, wantsBackgroundThread } from './compose/index.js';
import type { Config } from './config.js';
import { safeLogger } from './logging.js';
import type { Database } from './storage/database.js';
import { ensureAdmin, seedDemo, syncContracts } from './storage/seed.js';

export interface Fixline {
  readonly url: string;
  readonly log: Logger;
  readonly catalog: Catalog;
  readonly database: Database;
  readonly store: Store;
  /** Whether the background work runs in a thread of its own (BACKGROUND_THREAD). */
  readonly backgroundThread: boolean;
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
 * Starts fixline: the parts, background work and HTTP side built by compose/ from the settings, then
 * contracts synced, demo data seeded, the admin ensured, the server listening and the channels started.
 * Refuses to start, naming file and problem, when a flow or contract is invalid.
 */
export async function startFixline(config: Config, options: StartOptions = {}): Promise<Fixline> {
  const log = safeLogger(options.log ?? pino({ level: config.LOG_LEVEL }));
  const metrics = new Metrics();
  const threaded = wantsBackgroundThread(config, options.channels !== undefined || options.clock !== undefined);
  const parts = await composeParts(config, {
    log,
    counters: metrics,
    checkFolders: true,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.channels ? { channels: options.channels } : {}),
    database: {
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      onStaleLock: (previous) => log.warn({ previous }, 'took over the lock of DATA_DIR from a fixline that is gone'),
    },
  });
  const { catalog, database, store, channels, clock, callLog } = parts;
  let ready = false;
  let started: RunningBackground | undefined;
  let listening: ServerType | undefined;
  try {
    await syncContracts(database.db, catalog.contracts);
    if (config.SEED_DEMO) await seedDemo(database.db, catalog, clock());
    const admin = await ensureAdmin(database.db, {
      ...(config.ADMIN_PASSWORD ? { password: config.ADMIN_PASSWORD } : {}),
      generate: generatePassword,
    });

    const background = composeBackgroundOrThread(config, parts, log, metrics, threaded);
    const hub = new EventHub(log);
    await hub.start(database);
    const { app, channelContext } = composeHttp(config, parts, { log, background, hub, metrics, ready: () => ready });

    // The background thread starts while the server begins to listen: webhooks are recorded at once
    // (kicks wait for the thread), and fixline is ready when both are.
    started = background;
    const backgroundStarted = Promise.resolve(background.start());
    backgroundStarted.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    // A port in use (or an address not of this machine) rejects here, rather than as an unhandled 'error' event.
    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => {
        s.off('error', reject);
        resolve(s);
      });
      listening = s;
      s.once('error', reject);
    });
    await backgroundStarted;
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
        await background.stop();
        await hub.close();
        await callLog.drain();
        await database.close();
      })());

    return {
      url: `http://${host}:${port}`,
      log,
      catalog,
      database,
      store,
      backgroundThread: threaded,
      ...(admin.generatedPassword ? { adminPassword: admin.generatedPassword } : {}),
      stop,
    };
  } catch (error) {
    listening?.close();
    await started?.stop().catch(() => undefined);
    await callLog.drain();
    await database.close();
    throw error;
  }
}
