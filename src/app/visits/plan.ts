import type { Catalog } from '../../catalog/catalog.js';
import { currentRounds, roundSlot, todayIn } from '../../domain/after-service.js';
import { formatLocalDate, type LocalDate, parseLocalDate } from '../../domain/calendar.js';
import type { Repos } from '../../ports/store.js';
import type { AfterServicePlanner } from '../after-service/planner.js';

/** The site work key of a site's round: one row per site and round, whatever plans it. */
export const visitKey = (siteId: string, roundOn: string): string => `visit:${siteId}:${roundOn}`;

/**
 * The rounds to plan on `today`: the round in progress (the latest, when not older than one
 * cadence: a desk installed years after the acceptance does not write every missed round) and
 * the next one.
 */
export function roundsToPlan(anchor: LocalDate, cadence: { firstMonths: number; everyMonths: number }, today: LocalDate): LocalDate[] {
  const { latest, next } = currentRounds(anchor, cadence, today);
  // The latest is never older than one cadence: the next round follows it by one.
  return latest ? [latest, next] : [next];
}

/**
 * The return visit planner (GX-EDU 5.16, CG-CULTURE 4.5.4): for each site with a first acceptance
 * and a contract that promises visits, a 'visit' row per round to plan, due at the round day's
 * first window. Rows are unique by key: planning again adds nothing.
 */
export const planVisits: AfterServicePlanner = async (r: Repos, catalog: Catalog, now: Date) => {
  for (const site of await r.places.afterServiceSites()) {
    const contract = site.contractId ? catalog.contracts.get(site.contractId) : undefined;
    const visits = contract?.afterService.returnVisits;
    if (!contract || !visits || !site.firstAcceptedOn) continue;
    const anchor = parseLocalDate(site.firstAcceptedOn, contract.timeZone);
    if (!anchor) continue;
    for (const round of roundsToPlan(anchor, visits, todayIn(contract.timeZone, now))) {
      const roundOn = formatLocalDate(round);
      await r.alerts.addSiteWork({
        key: visitKey(site.id, roundOn),
        kind: 'visit',
        at: roundSlot(round, visits, contract.timeZone),
        data: { siteId: site.id, contractId: contract.id, roundOn },
      });
    }
  }
};
