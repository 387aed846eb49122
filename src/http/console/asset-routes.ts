import { type Context, Hono } from 'hono';
import { AssetEditBody, AssetListQuery, RetireBody } from '../../app/asset-register/edit.js';
import { registerFileName, registerTable } from '../../app/asset-register/export-table.js';
import type { AssetPageView, AssetRegisterDesk } from '../../app/asset-register/register-desk.js';
import { tableCsv, tableXlsx } from '../../app/reports/export.js';
import type { Desk } from '../../catalog/desk.js';
import { formatLocalDate, localDateOf } from '../../domain/calendar.js';
import { storable } from '../../domain/storable.js';
import { parse } from '../read-json.js';
import { type ConsoleEnv, readJson } from './context.js';
import { attachment } from './report-routes.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An asset's id in a path: a uuid, so that /assets/import, /assets/labels.pdf … never match it. */
const ID = ':id{[0-9a-fA-F-]{36}}';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const wire = (view: AssetPageView) => ({
  ...view,
  asset: { ...view.asset, retiredAt: iso(view.asset.retiredAt) },
  tickets: view.tickets.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
  history: view.history.map((h) => ({ ...h, at: h.at.toISOString() })),
});

/**
 * The asset register (assets.view reads, assets.manage writes): GET /assets (search, filters, the
 * expiry list), GET /assets/export.csv|.xlsx, GET /assets/rooms?site=, GET /assets/:id, PATCH
 * /assets/:id, POST /assets/:id/retire {reason}, POST /assets/:id/restore.
 */
export function assetRoutes(register: AssetRegisterDesk, desk: Desk, clock: () => Date): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const me = (c: { get(key: 'signedIn'): ConsoleEnv['Variables']['signedIn'] }) => c.get('signedIn').agent;
  const query = (q: Record<string, string>) => parse(AssetListQuery, storable(q));

  app.get('/assets', async (c) => {
    const page = await register.list(me(c), query(c.req.query()), clock());
    return c.json({ ...page, assets: page.assets.map((a) => ({ ...a, retiredAt: iso(a.retiredAt) })) });
  });

  app.get('/assets/rooms', async (c) => c.json({ rooms: await register.rooms(me(c), c.req.query('site') ?? '') }));

  const exported = (ext: 'csv' | 'xlsx') => async (c: Context<ConsoleEnv>) => {
    const q = query(c.req.query());
    const lang = q.lang ?? 'zh-CN';
    const now = clock();
    const table = registerTable(await register.all(me(c), q, now), desk, lang);
    const today = formatLocalDate(localDateOf(now, desk.desk.timeZone));
    const headers = { 'content-disposition': attachment(registerFileName(lang, today, ext)), 'cache-control': 'no-store' };
    if (ext === 'csv') return c.body(tableCsv(table), 200, { ...headers, 'content-type': 'text/csv; charset=utf-8' });
    return c.body(await tableXlsx(table), 200, { ...headers, 'content-type': XLSX });
  };
  app.get('/assets/export.csv', exported('csv'));
  app.get('/assets/export.xlsx', exported('xlsx'));

  app.get(`/assets/${ID}`, async (c) => c.json(wire(await register.page(me(c), c.req.param('id').toLowerCase(), clock()))));
  app.patch(`/assets/${ID}`, async (c) => {
    const body = await readJson(c, AssetEditBody);
    return c.json(wire(await register.update(me(c), c.req.param('id').toLowerCase(), body, clock())));
  });
  app.post(`/assets/${ID}/retire`, async (c) => {
    const { reason } = await readJson(c, RetireBody);
    return c.json(wire(await register.retire(me(c), c.req.param('id').toLowerCase(), reason, clock())));
  });
  app.post(`/assets/${ID}/restore`, async (c) => c.json(wire(await register.restore(me(c), c.req.param('id').toLowerCase(), clock()))));
  return app;
}
