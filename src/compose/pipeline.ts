import type { Logger } from 'pino';
import type { Metrics } from '../app/metrics.js';
import type { Pipeline } from '../ports/pipeline.js';
import type { Config } from '../config.js';
import { PipelineThread } from '../pipeline-thread.js';
import { composeBackground } from './background.js';
import type { Parts } from './parts.js';

/** The background work as the receiving thread sees it: here, or in a thread of its own. */
export interface RunningPipeline extends Pipeline {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * Whether processing and sending get a thread of their own: PIPELINE_THREAD=auto does so on
 * PostgreSQL unless a test injects channels or a clock (which cannot cross into a thread).
 */
export function wantsPipelineThread(config: Config, injected: boolean): boolean {
  if (config.PIPELINE_THREAD === 'on' && injected) throw new Error('PIPELINE_THREAD=on: injected channels or clock cannot cross into the pipeline thread');
  if (config.PIPELINE_THREAD === 'auto') return config.DATABASE_URL !== undefined && !injected;
  return config.PIPELINE_THREAD === 'on';
}

/** The receiving thread's pipeline: a PipelineThread (which composes its own parts) or the background work here. */
export function composePipeline(config: Config, parts: Parts, log: Logger, metrics: Metrics, threaded: boolean): RunningPipeline {
  return threaded ? new PipelineThread(config, log, metrics) : composeBackground(config, parts, log, metrics);
}
