import type { ActionHandler } from './context.js';
import { idOf } from './context.js';
import { FIRST_AID_SOLVED } from '../../ports/reports.js';

/**
 * Records that the first-aid tips solved the fault and no ticket was opened (GX-EDU 5.13.1): one
 * audit_log row with the site, its contract, the asset and the symptom, for the reports' share of
 * faults solved by first aid.
 */
export const firstAidSolved: ActionHandler = async ({ repos, conversation, now }, input) => {
  const siteId = idOf(input.site);
  const contractId = siteId ? await repos.places.siteContract(siteId) : null;
  await repos.console.audit.record({
    actorId: null,
    action: FIRST_AID_SOLVED,
    subject: `conversation:${conversation.id}`,
    data: {
      siteId,
      contractId,
      assetId: idOf(input.asset),
      symptom: typeof input.symptom === 'string' && input.symptom !== '' ? input.symptom : null,
    },
    at: now,
  });
  return { outcome: 'ok' };
};
