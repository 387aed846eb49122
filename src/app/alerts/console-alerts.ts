import type { Agent } from '../../ports/console-store.js';
import type { SentAlert } from '../../ports/operations.js';
import type { Store } from '../../ports/store.js';
import { can, requirePermission } from '../permissions.js';

/**
 * The latest alerts sent to staff, as the console lists them: those sent to the signed-in agent,
 * or all of them for those who run the desk (coordinators, supervisors, admins: the roster's keepers).
 */
export async function consoleAlerts(store: Store, agent: Agent, limit: number): Promise<SentAlert[]> {
  requirePermission(agent, 'tickets.view');
  const all = can(agent, 'roster.manage');
  return store.read.alerts.recent({ ...(all ? {} : { agentId: agent.id }), kinds: STAFF_ALERT_KINDS, limit });
}

/** What the desk tells staff (the satisfaction survey's rows speak to the teacher, and are not listed). */
export const STAFF_ALERT_KINDS = ['dispatch', 'clock', 'unassigned', 'raised', 'page', 'satisfaction_low', 'satisfaction_comment'] as const;
