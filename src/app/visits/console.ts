import type { Catalog } from '../../catalog/catalog.js';
import type { Agent } from '../../ports/console-store.js';
import type { VisitFilter, VisitLine } from '../../ports/return-visits.js';
import type { Store } from '../../ports/store.js';
import { Conflict, Invalid, NotFound, requirePermission } from '../permissions.js';

/** Done visits shown with the list (newest rounds first). */
const DONE_LIMIT = 200;
export const MAX_NOTE = 500;

/** What the coordinator's view shows: the visits to phone, and those done, by round. */
export interface VisitBoard {
  readonly toPhone: readonly VisitLine[];
  readonly done: readonly VisitLine[];
}

/**
 * The return visits in the console (coordinators, supervisors, admins): the list to phone (not
 * delivered, failed, unanswered after the contract's answerWithin, "call me", or "a fault" whose
 * report was left), and the record of a call, audited.
 */
export class VisitsDesk {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
  ) {}

  async board(agent: Agent, filter: VisitFilter, now: Date): Promise<VisitBoard> {
    requirePermission(agent, 'visits.manage');
    const unansweredBefore: Record<string, Date> = {};
    for (const [id, contract] of this.catalog.contracts) {
      unansweredBefore[id] = new Date(now.getTime() - contract.afterService.returnVisits.answerWithin);
    }
    // "Report a fault" answered and no ticket once a report left that long has lapsed (the flows' timeout).
    const reportBefore = new Date(now.getTime() - this.catalog.flowSet.settings.timeoutMinutes * 60_000);
    const late = { unansweredBefore, reportBefore };
    const r = this.store.read.returnVisits;
    const [toPhone, done] = await Promise.all([r.toPhone(late, filter), r.done(late, filter, DONE_LIMIT)]);
    return { toPhone, done };
  }

  async recordCall(agent: Agent, visitId: string, note: string, now: Date): Promise<void> {
    requirePermission(agent, 'visits.manage');
    const text = note.trim();
    if (!text) throw new Invalid('note_required', 'say what the call came to (the note is empty)');
    if (text.length > MAX_NOTE) throw new Invalid('note_too_long', `the note is longer than ${MAX_NOTE} characters`);
    await this.store.transaction(async (r) => {
      const visit = await r.returnVisits.lock(visitId);
      if (!visit) throw new NotFound('no such return visit');
      if (!(await r.returnVisits.recordCall(visitId, agent.id, text, now))) {
        throw new Conflict('already_called', 'a call to this visit is recorded already');
      }
      await r.console.audit.record({ actorId: agent.id, action: 'visit.called', subject: visitId, data: { note: text }, at: now });
    });
  }
}
