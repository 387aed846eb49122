import { Hono } from 'hono';
import type { ContractSet } from '../../catalog/contracts.js';
import { buildSatisfactionReport } from '../../app/satisfaction-report/service.js';
import { Invalid } from '../../app/permissions.js';
import type { Store } from '../../ports/store.js';
import type { ConsoleEnv } from './context.js';

const YEAR = /^\d{4}$/;

/**
 * GET /reports/satisfaction?contract=GX-EDU&year=2026[&half=1|2]: the yearly satisfaction analysis
 * (or the half-year feedback summary) of a contract, from the stored answers (reports.view).
 */
export function satisfactionReportRoutes(store: Store, contracts: ContractSet, clock: () => Date): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/reports/satisfaction', async (c) => {
    const { contract = '', year = '', half = '' } = c.req.query();
    if (!contract) throw new Invalid('unknown_contract', 'contract: choose a contract');
    if (!YEAR.test(year)) throw new Invalid('bad_year', 'year: give a year such as 2026');
    if (half && half !== '1' && half !== '2')
      throw new Invalid('bad_half', 'half: 1 (January–June) or 2 (July–December), or none for the whole year');
    const report = await buildSatisfactionReport(
      store,
      contracts,
      c.get('signedIn').agent,
      { contract, year: Number(year), half: half === '1' ? 1 : half === '2' ? 2 : null },
      clock(),
    );
    return c.json(report);
  });
  return app;
}
