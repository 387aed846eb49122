import { Hono } from 'hono';
import { z } from 'zod';
import { readCursor, type TakeoverService } from '../../app/takeover.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { BlobStore } from '../../ports/blob-store.js';
import type { Store } from '../../ports/store.js';
import { requirePermission } from '../../app/permissions.js';
import { storable } from '../../domain/storable.js';
import { HttpError } from '../../web/errors.js';
import { type ConsoleEnv, readJson } from './context.js';

const Text = z.strictObject({ text: z.string().max(20_000) });
const Transfer = z.strictObject({ agentId: z.string().min(1) });
const ListQuery = z.object({
  scope: z.enum(['recent', 'all']).default('recent'),
  q: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** The queue and the conversations agents take over. */
export function conversationRoutes(
  takeover: TakeoverService,
  catalog: Catalog,
  store: Store,
  blobs: BlobStore,
  clock: () => Date,
): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const agent = (c: { get(key: 'signedIn'): { agent: Parameters<TakeoverService['queue']>[0] } }) => c.get('signedIn').agent;

  app.get('/queue', async (c) => c.json({ serverTime: clock(), queue: await takeover.queue(agent(c)) }));
  /** Every conversation (any state), newest activity first, searchable, a page at a time. */
  app.get('/conversations', async (c) => {
    const parsed = ListQuery.safeParse(storable(c.req.query()));
    if (!parsed.success) throw new HttpError(400, 'invalid_request', parsed.error.issues[0]?.message ?? 'invalid query');
    const { scope, q, cursor, limit } = parsed.data;
    const after = cursor ? readCursor(cursor) : undefined;
    if (after === null) throw new HttpError(400, 'invalid_cursor', 'the cursor is not one this list gave');
    const page = await takeover.conversations(agent(c), { scope, limit, ...(q?.trim() ? { query: q } : {}), ...(after ? { after } : {}) });
    return c.json({ serverTime: clock(), ...page });
  });
  app.get('/canned', (c) => c.json({ replies: catalog.desk.canned }));
  app.get('/conversations/:id', async (c) => c.json({ serverTime: clock(), ...(await takeover.view(agent(c), c.req.param('id'))) }));
  app.post('/conversations/:id/claim', async (c) => {
    await takeover.claim(agent(c), c.req.param('id'));
    return c.json({ ok: true });
  });
  app.post('/conversations/:id/messages', async (c) => {
    const { text } = await readJson(c, Text);
    return c.json({ seq: await takeover.reply(agent(c), c.req.param('id'), text) }, 201);
  });
  app.post('/conversations/:id/notes', async (c) => {
    const { text } = await readJson(c, Text);
    return c.json({ seq: await takeover.note(agent(c), c.req.param('id'), text) }, 201);
  });
  app.post('/conversations/:id/transfer', async (c) => {
    const { agentId } = await readJson(c, Transfer);
    await takeover.transfer(agent(c), c.req.param('id'), agentId);
    return c.json({ ok: true });
  });
  app.post('/conversations/:id/undelivered/reviewed', async (c) =>
    c.json({ reviewed: await takeover.reviewUndelivered(agent(c), c.req.param('id')) }),
  );
  app.post('/conversations/:id/release', async (c) => {
    await takeover.release(agent(c), c.req.param('id'));
    return c.json({ ok: true });
  });
  /** A photo in a conversation (agents who may see conversations). */
  app.get('/conversations/:id/attachments/:attachment', async (c) => {
    requirePermission(agent(c), 'conversations.view');
    const view = await takeover.view(agent(c), c.req.param('id'));
    const attachmentId = c.req.param('attachment');
    const entry = view.transcript.find((m) => m.attachmentId === attachmentId);
    const owned = entry ? await store.read.attachments.get(attachmentId) : null;
    const bytes = owned ? await blobs.get(owned.storageKey) : null;
    if (!owned || !bytes) throw new HttpError(404, 'not_found', 'no such photo in this conversation');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': owned.mime, 'cache-control': 'private, max-age=3600' });
  });
  return app;
}
