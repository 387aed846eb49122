import { Hono } from 'hono';
import { tableCsv, tableXlsx } from '../../app/reports/export.js';
import { consoleReport, type ReportQuery } from '../../app/reports/report-service.js';
import { isReportTable, REPORT_TABLES, reportFileName, reportTable } from '../../app/reports/tables.js';
import type { Catalog } from '../../catalog/catalog.js';
import { Lang } from '../../domain/i18n.js';
import type { Store } from '../../ports/store.js';
import { HttpError } from '../../web/errors.js';
import type { ConsoleEnv } from './context.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content-Disposition for a file name that is not ASCII (RFC 6266 / 5987): an ASCII fallback and the UTF-8 name. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The reports (coordinators, supervisors, admins): GET /reports?from&to&contract&site as JSON, and
 * each table as GET /reports/<table>.csv or .xlsx (same query, `lang` for the words: zh-CN or en).
 */
export function reportRoutes(store: Store, catalog: Catalog, clock: () => Date): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const query = (q: Record<string, string>): ReportQuery => ({ from: q.from, to: q.to, contract: q.contract, site: q.site });

  app.get('/reports', async (c) => {
    const { report, sites } = await consoleReport(store, catalog, c.get('signedIn').agent, query(c.req.query()), clock());
    return c.json({ report, sites, tables: REPORT_TABLES });
  });

  app.get('/reports/:file{[a-z-]+\\.(csv|xlsx)}', async (c) => {
    const file = c.req.param('file');
    const dot = file.lastIndexOf('.');
    const name = file.slice(0, dot);
    const ext = file.slice(dot + 1) === 'xlsx' ? 'xlsx' : 'csv';
    if (!isReportTable(name))
      throw new HttpError(404, 'unknown_table', `there is no report table "${name}" (tables: ${REPORT_TABLES.join(', ')})`);
    const q = c.req.query();
    const lang = Lang.safeParse(q.lang ?? 'zh-CN');
    if (!lang.success) throw new HttpError(400, 'invalid_lang', `lang: "${q.lang ?? ''}" is not zh-CN or en`);
    const { report } = await consoleReport(store, catalog, c.get('signedIn').agent, query(q), clock());
    const table = reportTable(report, name, lang.data, catalog.desk, catalog.contracts);
    const headers = { 'content-disposition': attachment(reportFileName(report, name, lang.data, ext)), 'cache-control': 'no-store' };
    if (ext === 'csv') return c.body(tableCsv(table), 200, { ...headers, 'content-type': 'text/csv; charset=utf-8' });
    return c.body(await tableXlsx(table), 200, { ...headers, 'content-type': XLSX });
  });
  return app;
}
