import { Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../app/permissions.js';
import { RECORD_SCRIPT, RECORD_STYLE, recordHtml } from '../../app/inspections/record.js';
import { inspectionView, summaryView } from '../../app/inspections/view.js';
import {
  assignEngineer,
  cancelInspection,
  completeInspection,
  type InspectionWork,
  markLine,
  mayFill,
  mayPlan,
  startInspection,
} from '../../app/inspections/work.js';
import { Lang } from '../../domain/i18n.js';
import type { Agent } from '../../ports/console-store.js';
import type { Inspection } from '../../ports/inspections.js';
import type { Store } from '../../ports/store.js';
import type { BlobStore } from '../../ports/blob-store.js';
import { HttpError } from '../../web/errors.js';
import { firstIssue } from '../read-json.js';
import { type ConsoleEnv, readJson } from './context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const ListQuery = z.object({
  site: z.string().regex(UUID, 'a site id').optional(),
  contract: z.string().min(1).max(40).optional(),
  status: z.enum(['planned', 'in_progress', 'done', 'cancelled']).optional(),
  /** Where it stands today (planned, due, overdue, in_progress, done, cancelled). */
  state: z.enum(['planned', 'due', 'overdue', 'in_progress', 'done', 'cancelled']).optional(),
  from: DATE.optional(),
  to: DATE.optional(),
});

const Assign = z.strictObject({ engineerId: z.string().regex(UUID, 'an engineer id').nullable() });
const Line = z.strictObject({
  result: z.enum(['ok', 'fault', 'note']),
  note: z.string().max(2000).nullable().optional(),
});
const Complete = z.strictObject({ summary: z.string().max(4000).nullable().optional() });

/**
 * Inspections in the console: the list (due, overdue, done, per site), one inspection with its
 * lines, the engineer assigned (coordinators, supervisors, admins), lines filled in and the
 * inspection completed (whoever manages tickets, and the assigned engineer), and its printable
 * record (HTML for A4; `?lang=en` for English, zh-CN by default).
 */
export function inspectionRoutes(store: Store, work: InspectionWork, blobs: BlobStore, clock: () => Date): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const catalog = work.catalog;
  const me = (c: { get(key: 'signedIn'): ConsoleEnv['Variables']['signedIn'] }) => c.get('signedIn').agent;
  const idOf = (id: string) => {
    if (!UUID.test(id)) throw new HttpError(404, 'not_found', 'no such inspection');
    return id;
  };
  const found = async (id: string): Promise<Inspection> => {
    const inspection = await store.read.inspections.get(idOf(id));
    if (!inspection) throw new HttpError(404, 'not_found', 'no such inspection');
    return inspection;
  };
  const view = async (agent: Agent, inspection: Inspection) => ({
    inspection: await inspectionView(store.read, catalog, inspection, clock()),
    may: { assign: mayPlan(agent), fill: mayFill(agent, inspection), cancel: mayPlan(agent) },
  });

  app.get('/inspections', async (c) => {
    requirePermission(me(c), 'tickets.view');
    const q = ListQuery.safeParse(c.req.query());
    if (!q.success) {
      const issue = firstIssue(q.error);
      throw new HttpError(400, 'invalid_query', `${issue.path.join('.')}: ${issue.message}`);
    }
    const rows = await store.read.inspections.list({
      siteId: q.data.site,
      contractId: q.data.contract,
      status: q.data.status,
      dueFrom: q.data.from,
      dueTo: q.data.to,
      limit: 500,
    });
    const now = clock();
    const views = rows.map((i) => summaryView(catalog, i, now)).filter((v) => !q.data.state || v.state === q.data.state);
    return c.json({ inspections: views });
  });

  app.get('/inspection-record.css', (c) =>
    c.body(RECORD_STYLE, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'private, max-age=3600' }),
  );
  app.get('/inspection-record.js', (c) =>
    c.body(RECORD_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'private, max-age=3600' }),
  );

  app.get('/inspections/engineers', async (c) => {
    requirePermission(me(c), 'tickets.view');
    const engineers = (await store.read.console.agents.list()).filter((a) => a.active && a.role === 'engineer');
    return c.json({ engineers: engineers.map((a) => ({ id: a.id, displayName: a.displayName })) });
  });

  app.get('/inspections/:id', async (c) => {
    requirePermission(me(c), 'tickets.view');
    return c.json(await view(me(c), await found(c.req.param('id'))));
  });

  app.get('/inspections/:id/record', async (c) => {
    requirePermission(me(c), 'tickets.view');
    const lang = Lang.safeParse(c.req.query('lang') ?? 'zh-CN');
    if (!lang.success) throw new HttpError(400, 'invalid_query', 'lang: zh-CN or en');
    const v = await inspectionView(store.read, catalog, await found(c.req.param('id')), clock());
    c.header('Cache-Control', 'no-store');
    return c.html(recordHtml(catalog, v, lang.data));
  });

  app.get('/inspections/:id/photos/:attachment', async (c) => {
    requirePermission(me(c), 'tickets.view');
    const inspection = await found(c.req.param('id'));
    const attachment = c.req.param('attachment');
    // Only a photo kept with one of its lines.
    const kept = inspection.items.some((i) => i.photos.includes(attachment));
    const stored = kept ? await store.read.attachments.get(attachment) : null;
    const bytes = stored ? await blobs.get(stored.storageKey) : null;
    if (!stored || !bytes) throw new HttpError(404, 'not_found', 'no such photo on this inspection');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': stored.mime, 'cache-control': 'private, max-age=3600' });
  });

  app.post('/inspections/:id/engineer', async (c) => {
    const body = await readJson(c, Assign);
    const id = idOf(c.req.param('id'));
    const inspection = await store.transaction((r) => assignEngineer(r, me(c), id, body.engineerId, clock()));
    return c.json(await view(me(c), inspection));
  });

  app.post('/inspections/:id/start', async (c) => {
    const id = idOf(c.req.param('id'));
    const { inspection } = await store.transaction((r) => startInspection(r, me(c), id, clock()));
    return c.json(await view(me(c), inspection));
  });

  app.post('/inspections/:id/lines/:index', async (c) => {
    const id = idOf(c.req.param('id'));
    const index = Number(c.req.param('index'));
    if (!Number.isInteger(index) || index < 0) throw new HttpError(400, 'invalid_line', 'the line is a number from 0');
    const body = await readJson(c, Line);
    const change = { result: body.result, ...(body.note !== undefined ? { note: body.note } : {}) };
    const outcome = await store.transaction((r) => markLine(r, work, me(c), id, index, change, clock(), { openNow: true }));
    return c.json({ ...(await view(me(c), outcome.inspection)), ticket: outcome.ticket, stillOpen: outcome.stillOpen ?? null });
  });

  app.post('/inspections/:id/complete', async (c) => {
    const id = idOf(c.req.param('id'));
    const body = await readJson(c, Complete);
    const { inspection } = await store.transaction((r) => completeInspection(r, work, me(c), id, body.summary, clock()));
    return c.json(await view(me(c), inspection));
  });

  app.post('/inspections/:id/cancel', async (c) => {
    const id = idOf(c.req.param('id'));
    const inspection = await store.transaction((r) => cancelInspection(r, me(c), id, clock()));
    return c.json(await view(me(c), inspection));
  });
  return app;
}
