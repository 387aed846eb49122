import type { Logger } from 'pino';
import type { Catalog } from '../../catalog/catalog.js';
import type { Store, Repos } from '../../ports/store.js';

/**
 * Plans the after-service work of the sites (return visit rounds, inspections) as rows the alerts
 * worker sends: each planner looks at every site's calendar and adds what is missing. Rows are
 * unique by key, so two instances planning at once, or a restart, add each one once.
 */
export type AfterServicePlanner = (r: Repos, catalog: Catalog, now: Date) => Promise<void>;

/** One planning round: each planner in a transaction of its own (one failing does not stop the others). */
export async function planAfterService(
  store: Store,
  catalog: Catalog,
  planners: Readonly<Record<string, AfterServicePlanner>>,
  now: Date,
  log: Logger,
): Promise<void> {
  for (const [name, plan] of Object.entries(planners)) {
    try {
      await store.transaction((r) => plan(r, catalog, now));
    } catch (error) {
      log.warn({ err: error, planner: name }, 'after-service planning failed');
    }
  }
}

/** Plans at once and then every interval (never two rounds at once) until the returned stop is awaited. */
export function startPlanner(
  store: Store,
  catalog: Catalog,
  planners: Readonly<Record<string, AfterServicePlanner>>,
  clock: () => Date,
  log: Logger,
  everyMs: number,
): () => Promise<void> {
  let round: Promise<void> | null = null;
  const run = () => {
    if (round) return;
    round = planAfterService(store, catalog, planners, clock(), log).finally(() => (round = null));
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await round;
  };
}
