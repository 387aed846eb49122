import { describe, expect, it } from 'vitest';
import { backgroundSettings } from '../../src/compose/background.js';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('the tuning settings', () => {
  it('default to the timings fixline ran with before they were settings', () => {
    const settings = backgroundSettings(parseConfig({}), 'pglite');
    expect(settings.sender).toEqual({ leaseMs: 60_000, conversationsPerRound: 50, maxAttempts: 10, idleMs: 1_000, gatherMs: 40 });
    expect(settings.processor).toEqual({ sweepEveryMs: 5_000, stalledAfterMs: 10_000, maxAttempts: 3, concurrency: 4 });
    expect(settings.escalationEveryMs).toBe(60_000);
    expect(settings.pruneAttemptsEveryMs).toBe(600_000);
    expect(parseConfig({}).PLACES_CACHE_MS).toBe(30_000);
  });

  it('process as many conversations at once as the PostgreSQL pool allows (four times over with turns gathered), unless told', () => {
    expect(backgroundSettings(parseConfig({ DATABASE_POOL_SIZE: '10' }), 'postgres').processor.concurrency).toBe(40);
    expect(backgroundSettings(parseConfig({ DATABASE_POOL_SIZE: '10', TURN_GATHER_MS: '0' }), 'postgres').processor.concurrency).toBe(8);
    expect(backgroundSettings(parseConfig({ DATABASE_POOL_SIZE: '2', TURN_GATHER_MS: '0' }), 'postgres').processor.concurrency).toBe(1);
    expect(backgroundSettings(parseConfig({ PROCESSOR_CONCURRENCY: '2' }), 'postgres').processor.concurrency).toBe(2);
  });

  it('are read from the environment, and a bad one is refused by name', () => {
    const settings = backgroundSettings(
      parseConfig({ OUTBOX_MAX_ATTEMPTS: '4', OUTBOX_GATHER_MS: '0', PROCESSOR_SWEEP_MS: '250' }),
      'pglite',
    );
    expect(settings.sender.maxAttempts).toBe(4);
    expect(settings.sender.gatherMs).toBe(0);
    expect(settings.processor.sweepEveryMs).toBe(250);
    expect(() => parseConfig({ OUTBOX_MAX_ATTEMPTS: '0' })).toThrow(ConfigError);
    expect(() => parseConfig({ PROCESSOR_SWEEP_MS: 'soon' })).toThrow(/PROCESSOR_SWEEP_MS="soon"/);
  });
});
