import type { Logger } from 'pino';
import type { Metrics } from '../app/metrics.js';
import type { BackgroundWork } from '../ports/background-work.js';
import type { Counters } from '../ports/counters.js';
import { photoQuota } from '../domain/photo-quota.js';
import { type Background, type BackgroundSettings, buildBackground } from '../background.js';
import { BackgroundThread } from '../background-thread.js';
import { alertSettings, type Config, guessLimits } from '../config.js';
import { afterServicePlanners, alertComposers, siteWorkComposers } from './alerts.js';
import type { Parts } from './parts.js';

/**
 * PostgreSQL: as many conversations at once as its pool allows, keeping two connections spare; with
 * turns gathered (TURN_GATHER_MS), a turn waiting for its batch holds no connection: four times the
 * pool, so that batches fill. PGlite: 4.
 */
function processorConcurrency(config: Config, database: 'pglite' | 'postgres'): number {
  if (database === 'pglite') return 4;
  return config.TURN_GATHER_MS > 0 ? 4 * config.DATABASE_POOL_SIZE : Math.max(1, config.DATABASE_POOL_SIZE - 2);
}

/** The background work's settings (see the tuning settings in config.ts). */
export function backgroundSettings(config: Config, database: 'pglite' | 'postgres'): BackgroundSettings {
  return {
    sender: {
      leaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
      conversationsPerRound: config.OUTBOX_CONVERSATIONS_PER_ROUND,
      maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
      idleMs: config.OUTBOX_IDLE_MS,
      gatherMs: config.OUTBOX_GATHER_MS,
    },
    processor: {
      sweepEveryMs: config.PROCESSOR_SWEEP_MS,
      stalledAfterMs: config.PROCESSOR_STALLED_AFTER_MS,
      maxAttempts: config.PROCESSOR_MAX_ATTEMPTS,
      concurrency: config.PROCESSOR_CONCURRENCY ?? processorConcurrency(config, database),
    },
    // As many turns' transactions at once as the pool allows, keeping two connections for what they call.
    turnTransactions: database === 'postgres' ? Math.max(1, config.DATABASE_POOL_SIZE - 2) : 4,
    escalationEveryMs: config.ESCALATION_EVERY_MS,
    alerts: alertSettings(config),
    pruneAttemptsEveryMs: config.ATTEMPT_PRUNE_EVERY_MS,
    photos: photoQuota(config),
    guessLimits: guessLimits(config),
  };
}

/** The background work (processor, senders, escalation, pruning) over the parts of this thread. */
export function composeBackground(config: Config, parts: Parts, log: Logger, counters: Counters): Background {
  return buildBackground({
    settings: backgroundSettings(config, parts.database.kind),
    log,
    clock: parts.clock,
    store: parts.store,
    catalog: parts.catalog,
    extractor: parts.extractor,
    channels: parts.channels,
    blobs: parts.blobs,
    counters,
    composers: alertComposers(config.PUBLIC_URL),
    siteComposers: siteWorkComposers(config.PUBLIC_URL),
    planners: afterServicePlanners(),
  });
}

/** The background work as the receiving thread runs it: here, or in a thread of its own. */
export interface RunningBackground extends BackgroundWork {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * Whether the background work gets a thread of its own: BACKGROUND_THREAD=auto does so on
 * PostgreSQL unless a test injects channels or a clock (which cannot cross into a thread).
 */
export function wantsBackgroundThread(config: Config, injected: boolean): boolean {
  if (config.BACKGROUND_THREAD === 'on' && injected)
    throw new Error('BACKGROUND_THREAD=on: injected channels or clock cannot cross into the background thread');
  if (config.BACKGROUND_THREAD === 'auto') return config.DATABASE_URL !== undefined && !injected;
  return config.BACKGROUND_THREAD === 'on';
}

/** The receiving thread's background work: a BackgroundThread (which composes its own parts) or the work here. */
export function composeBackgroundOrThread(
  config: Config,
  parts: Parts,
  log: Logger,
  metrics: Metrics,
  threaded: boolean,
): RunningBackground {
  return threaded ? new BackgroundThread(config, log, metrics) : composeBackground(config, parts, log, metrics);
}
