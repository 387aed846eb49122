import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { Counters } from './ports/counters.js';
import { composeBackground, composeParts } from './compose/index.js';
import type { Config } from './config.js';
import { safeLogger } from './logging.js';
import type { CounterIncrement, FromBackground, ToBackground } from './background-messages.js';

/**
 * The background thread (see background-thread.ts): its own catalog, database connections, channel
 * transports and background work, driven by the kicks and wake-ups the receiving thread posts.
 */
const port = parentPort;
if (!port) throw new Error('background-worker.ts runs as a worker thread (see background-thread.ts)');
const { config } = workerData as { config: Config };
const post = (message: FromBackground) => port.postMessage(message);

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

const log = safeLogger(pino({ level: config.LOG_LEVEL })).child({ thread: 'background' });
// The same composition as the receiving thread's (compose/), with connections of its own; it does not migrate.
const parts = await composeParts(config, { log, counters, database: { ingestPoolSize: 1, migrate: false } });
const { database } = parts;
const background = composeBackground(config, parts, log, counters);

let stopping = false;
port.on('message', (batch: ToBackground[]) => {
  for (const message of batch) {
    if (message.type === 'kick') background.kick(message.channel, message.conversationKey);
    else if (message.type === 'wake') background.wake(message.channel);
    else if (!stopping) {
      // message.type === 'stop'
      stopping = true;
      void (async () => {
        await background.stop();
        await parts.callLog.drain();
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
