import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_NOTE, type VisitsDesk } from '../../app/visits/console.js';
import type { VisitLine } from '../../ports/return-visits.js';
import { HttpError } from '../../web/errors.js';
import { firstIssue } from '../read-json.js';
import { type ConsoleEnv, readJson } from './context.js';

const Filter = z.strictObject({
  siteId: z.uuid().optional(),
  contractId: z.string().min(1).max(40).optional(),
  roundOn: z.iso.date().optional(),
});
const Call = z.strictObject({ note: z.string().max(MAX_NOTE) });
const UUID = z.uuid();

const iso = (d: Date | null) => d?.toISOString() ?? null;
const line = (v: VisitLine) => ({ ...v, sentAt: iso(v.sentAt), answeredAt: iso(v.answeredAt), calledAt: iso(v.calledAt) });

/**
 * GET /visits (?siteId, contractId, roundOn): the return visits to phone and those done;
 * POST /visits/:id/call {note}: the coordinator's call recorded (called_at, called_by, call_note).
 */
export function visitRoutes(visits: VisitsDesk, clock: () => Date): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/visits', async (c) => {
    const query = Filter.safeParse(c.req.query());
    if (!query.success) throw new HttpError(400, 'invalid_query', firstIssue(query.error).message);
    const board = await visits.board(c.get('signedIn').agent, query.data, clock());
    return c.json({ toPhone: board.toPhone.map(line), done: board.done.map(line) });
  });
  app.post('/visits/:id/call', async (c) => {
    const id = c.req.param('id');
    if (!UUID.safeParse(id).success) throw new HttpError(404, 'not_found', 'no such return visit');
    const body = await readJson(c, Call);
    await visits.recordCall(c.get('signedIn').agent, id, body.note, clock());
    return c.json({ called: true });
  });
  return app;
}
