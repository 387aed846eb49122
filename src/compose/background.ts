import type { Logger } from 'pino';
import type { Counters } from '../ports/pipeline.js';
import { photoQuota } from '../domain/photo-quota.js';
import { type Background, type BackgroundSettings, buildBackground } from '../background.js';
import { type Config, guessLimits } from '../config.js';
import type { Parts } from './parts.js';

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
      // PostgreSQL: as many conversations at once as its pool allows, keeping two connections spare.
      concurrency: config.PROCESSOR_CONCURRENCY ?? (database === 'postgres' ? Math.max(1, config.DATABASE_POOL_SIZE - 2) : 4),
    },
    escalationEveryMs: config.ESCALATION_EVERY_MS,
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
  });
}
