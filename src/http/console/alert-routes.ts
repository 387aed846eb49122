import { Hono } from 'hono';
import { z } from 'zod';
import { consoleAlerts } from '../../app/alerts/console-alerts.js';
import type { Store } from '../../ports/store.js';
import { HttpError } from '../../web/errors.js';
import { firstIssue } from '../read-json.js';
import type { ConsoleEnv } from './context.js';

const Query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(30) });

/** GET /alerts: the latest warnings, raises and pages sent to staff (the header's list). */
export function alertRoutes(store: Store): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/alerts', async (c) => {
    const query = Query.safeParse(c.req.query());
    if (!query.success) throw new HttpError(400, 'invalid_query', `limit: ${firstIssue(query.error).message}`);
    const alerts = await consoleAlerts(store, c.get('signedIn').agent, query.data.limit);
    return c.json({
      alerts: alerts.map((a) => ({
        id: a.id,
        ticketId: a.ticketId,
        number: a.number,
        kind: a.kind,
        text: a.text,
        at: a.sentAt.toISOString(),
      })),
    });
  });
  return app;
}
