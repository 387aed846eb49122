import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { Counters } from './ports/pipeline.js';
import { buildBackground } from './background.js';
import { loadCatalog } from './catalog/catalog.js';
import { DataFileError } from './domain/data-files.js';
import { createChannels } from './channels/registry.js';
import type { Config } from './config.js';
import { FileBlobStore } from './files/blob-store.js';
import { safeLogger } from './logging.js';
import type { CounterIncrement, FromPipeline, ToPipeline } from './pipeline-messages.js';
import { openDatabase } from './storage/database.js';
import { drizzleStore } from './storage/store.js';

/**
 * The pipeline thread (see pipeline-thread.ts): its own catalog, database connections, channel
 * transports and background work, driven by the kicks and wake-ups the receiving thread posts.
 */
const port = parentPort;
if (!port) throw new Error('pipeline-worker.ts runs as a worker thread (see pipeline-thread.ts)');
const { config } = workerData as { config: Config };
const post = (message: FromPipeline) => port.postMessage(message);

/** Counter increments, sent to the receiving thread's /metrics a few times a second. */
const increments = new Map<string, [string, Readonly<Record<string, string>>, number]>();
let flushTimer: NodeJS.Timeout | undefined;
const flushCounters = () => {
  flushTimer = undefined;
  if (increments.size === 0) return;
  post({ type: 'counters', increments: [...increments.values()] satisfies CounterIncrement[] });
  increments.clear();
};
const counters: Counters = {
  inc(name, labels = {}, by = 1) {
    const key = `${name}${JSON.stringify(labels)}`;
    const entry = increments.get(key);
    if (entry) entry[2] += by;
    else increments.set(key, [name, labels, by]);
    flushTimer ??= setTimeout(flushCounters, 200);
  },
};

const log = safeLogger(pino({ level: config.LOG_LEVEL })).child({ thread: 'pipeline' });
const { catalog, problems } = await loadCatalog(config.FLOWS_DIR);
if (!catalog) throw new DataFileError(problems);
const database = await openDatabase({
  ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
  poolSize: config.DATABASE_POOL_SIZE,
  ingestPoolSize: 1,
  migrate: false,
  onStatement: () => counters.inc('fixline_db_statements_total'),
});
const store = drizzleStore(database, { onTransaction: () => counters.inc('fixline_db_transactions_total'), placesTtlMs: 30_000 });
const background = buildBackground({
  config,
  log,
  clock: () => new Date(),
  store,
  catalog,
  channels: createChannels(config, log),
  blobs: new FileBlobStore(config.attachmentsDir),
  counters,
  postgres: database.kind === 'postgres',
});

let stopping = false;
port.on('message', (batch: ToPipeline[]) => {
  for (const message of batch) {
    if (message.type === 'kick') background.kick(message.channel, message.conversationKey);
    else if (message.type === 'wake') background.wake(message.channel);
    else if (message.type === 'stop' && !stopping) {
      stopping = true;
      void (async () => {
        await background.stop();
        await database.close();
        clearTimeout(flushTimer);
        flushCounters();
        post({ type: 'stopped' });
        port.close();
        // Idle keep-alive sockets of the platforms' clients must not hold the thread open.
        setTimeout(() => process.exit(0), 2_000).unref();
      })();
    }
  }
});
background.start();
post({ type: 'ready' });
