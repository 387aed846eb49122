import type { Clock } from './clocks.js';

/**
 * An appointment the on-site clock cannot keep (issue 14, item 6): the engineer would come after
 * the on-site due time of a clock still running (or already breached). Such an appointment is made
 * only with a reason, kept with the dispatch. Returns the due time it misses, or null when it keeps
 * it (or no on-site clock runs: not needed, met, paused).
 */
export function missedOnSiteDue(clocks: readonly Clock[], appointmentAt: Date): Date | null {
  const onSite = clocks.find((c) => c.key === 'onSite');
  if (!onSite?.dueAt || (onSite.state !== 'running' && onSite.state !== 'breached')) return null;
  return appointmentAt.getTime() > onSite.dueAt.getTime() ? onSite.dueAt : null;
}
