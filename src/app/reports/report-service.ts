import type { Catalog } from '../../catalog/catalog.js';
import { isRangeError, reportRange } from '../../domain/reports/range.js';
import type { Agent } from '../../ports/console-store.js';
import type { Store } from '../../ports/store.js';
import type { AfterServiceSite } from '../../ports/store.js';
import { Invalid, requirePermission } from '../permissions.js';
import { buildReport, type Report } from './report.js';

/** What the console asks for: days "YYYY-MM-DD" (both included), optionally a contract id and a site id. */
export interface ReportQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly contract?: string | undefined;
  readonly site?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The report for the console (coordinators, supervisors, admins): the range read and checked
 * (Invalid with the reason: 400), the rows read, the report computed at `now`; with the sites
 * and contracts to choose from.
 */
export async function consoleReport(
  store: Store,
  catalog: Catalog,
  agent: Pick<Agent, 'role'>,
  query: ReportQuery,
  now: Date,
): Promise<{ report: Report; sites: AfterServiceSite[] }> {
  requirePermission(agent, 'reports.view');
  const range = reportRange(query.from, query.to);
  if (isRangeError(range)) throw new Invalid(range.code, range.reason);
  const contractId = query.contract || null;
  if (contractId && !catalog.contracts.has(contractId))
    throw new Invalid('unknown_contract', `contract: there is no contract "${contractId}"`);
  const siteId = query.site || null;
  const sites = await store.read.places.afterServiceSites();
  if (siteId && !(UUID.test(siteId) && sites.some((s) => s.id === siteId)))
    throw new Invalid('unknown_site', `site: there is no site "${siteId}"`);
  const filter = { ...range, contractId, siteId };
  const data = await store.read.reports.data(filter);
  return { report: buildReport(data, filter, catalog.contracts, now), sites };
}
