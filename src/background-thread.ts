import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { countReceived } from './app/metrics.js';
import type { BackgroundWork } from './ports/background-work.js';
import type { Counters } from './ports/counters.js';
import type { Config } from './config.js';
import type { ChannelName } from './domain/messages.js';
import type { FromBackground, ToBackground } from './background-messages.js';

/** The worker's entry beside this file: background-worker.ts under tsx, background-worker.js in the build. */
const here = fileURLToPath(import.meta.url);
const WORKER_FILE = path.join(path.dirname(here), `background-worker${path.extname(here)}`);

/** The worker; a TypeScript entry (`npm start`, tests) starts through tsx-worker.mjs, which registers tsx's loader in it. */
function spawnWorker(workerData: Record<string, unknown>): Worker {
  if (!WORKER_FILE.endsWith('.ts')) return new Worker(WORKER_FILE, { workerData });
  return new Worker(new URL('./tsx-worker.mjs', import.meta.url), {
    workerData: { ...workerData, entry: pathToFileURL(WORKER_FILE).href },
  });
}

/**
 * The background work (processing, sending, escalation) in a worker thread of its own, with its
 * own database connections, so that webhook acknowledgements and the console never wait behind
 * a turn for the event loop. Kicks and wake-ups are posted to it (a tick's worth at a time); its
 * counters come back for /metrics. If it dies it is started again, and its sweep takes up what
 * the dead one left. PostgreSQL only: PGlite is one thread's database.
 */
export class BackgroundThread implements BackgroundWork {
  /** The thread, from its start until it exits. */
  private worker: Worker | undefined;
  /** Whether it said it is ready (kicks are posted only then). */
  private ready = false;
  private outgoing: ToBackground[] = [];
  private flushing = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
    private readonly counters: Counters,
  ) {}

  /** Resolves once the thread has opened its database and started working. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = spawnWorker({ config: this.config });
      this.worker = worker;
      this.ready = false;
      let ready = false;
      worker.on('message', (message: FromBackground) => {
        if (message.type === 'ready') {
          ready = true;
          this.ready = true;
          this.flush();
          resolve();
        } else if (message.type === 'counters') {
          for (const [name, labels, by] of message.increments) this.counters.inc(name, labels, by);
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(error);
        else this.log.error({ err: error }, 'the background thread failed');
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) {
          this.worker = undefined;
          this.ready = false;
        }
        if (!ready) reject(new Error(`the background thread exited (code ${code}) before it was ready`));
        if (!ready || this.stopping) return;
        this.log.error({ code }, `the background thread exited; starting it again in ${this.config.BACKGROUND_THREAD_RESTART_MS} ms`);
        this.restartTimer = setTimeout(() => {
          this.restartTimer = undefined;
          this.start().catch((error: unknown) => this.log.error({ err: error }, 'the background thread did not start again'));
        }, this.config.BACKGROUND_THREAD_RESTART_MS);
      });
    });
  }

  kick(channel: ChannelName, conversationKey: string): void {
    this.post({ type: 'kick', channel, conversationKey });
  }

  counted(channel: ChannelName, accepted: number, duplicates: number): void {
    countReceived(this.counters, channel, accepted, duplicates);
  }

  wake(channel: ChannelName): void {
    this.post({ type: 'wake', channel });
  }

  /** Asks the thread to finish what is under way and close its connections; waits for it to end. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.flush();
    worker.postMessage([{ type: 'stop' }] satisfies ToBackground[]);
    const timer = setTimeout(() => {
      this.log.warn('the background thread did not stop in time; ending it');
      void worker.terminate();
    }, this.config.BACKGROUND_THREAD_STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /** Messages of one tick go together: a burst of webhooks costs the thread one wake-up, not one each. */
  private post(message: ToBackground): void {
    this.outgoing.push(message);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    // While the thread is (re)starting, what it misses is found by its sweep; keep nothing unbounded.
    if (!this.worker || !this.ready) {
      if (this.outgoing.length > 10_000) this.outgoing = [];
      return;
    }
    if (this.outgoing.length === 0) return;
    const batch = this.outgoing;
    this.outgoing = [];
    this.worker.postMessage(batch);
  }
}
