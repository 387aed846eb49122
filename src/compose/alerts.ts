import { staffComposers } from '../app/alerts/composers.js';
import { dispatchComposer } from '../app/alerts/dispatch.js';
import type { AlertComposers, SiteWorkComposers } from '../app/alerts/types.js';
import type { AfterServicePlanner } from '../app/after-service/planner.js';
import { surveyComposers } from '../app/survey/composers.js';
import { inspectionComposers, planInspections } from '../app/inspections/plan.js';
import { composeVisit, composeVisitCall } from '../app/visits/compose.js';
import { planVisits } from '../app/visits/plan.js';
import { planWarrantyDigest, warrantyDigestComposer } from '../app/assets/warranty-digest.js';

/**
 * The alerts worker's registry: alert kind → composer. The staff warnings (clock, unassigned,
 * raised, page) come from app/alerts/composers.ts; the engineer's dispatch card (kind 'dispatch')
 * from app/alerts/dispatch.ts, with a link to the ticket in the console when PUBLIC_URL is set; the
 * teacher's satisfaction survey (survey, survey_reminder, satisfaction_low) from app/survey/composers.ts.
 */
export function alertComposers(publicUrl?: string): AlertComposers {
  return { ...staffComposers(), ...surveyComposers(), dispatch: dispatchComposer({ publicUrl }) };
}

/**
 * Site work's registry: kind → composer of rows without a ticket (return visit rounds from
 * app/visits, inspection notices from app/inspections, the monthly warranty digest from app/assets).
 */
export function siteWorkComposers(publicUrl?: string): SiteWorkComposers {
  return {
    ...inspectionComposers(),
    visit: composeVisit,
    visit_call: composeVisitCall,
    warranty_digest: warrantyDigestComposer(publicUrl),
  };
}

/** The after-service planners: each adds the site work its contract calendar makes due. */
export function afterServicePlanners(): Readonly<Record<string, AfterServicePlanner>> {
  return { inspections: planInspections, visits: planVisits, warrantyDigest: planWarrantyDigest };
}
