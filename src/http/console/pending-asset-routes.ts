import { Hono } from 'hono';
import { z } from 'zod';
import type { PendingAssetsDesk } from '../../app/pending-assets.js';
import { type ConsoleEnv, readJson } from './context.js';

/** NUL characters are already gone (readJson makes every string storable). */
const Text = (max: number) => z.string().max(max);
const Confirm = z.strictObject({
  kind: Text(40),
  siteId: Text(40),
  roomId: Text(40).nullable().optional(),
  acceptedOn: Text(10),
  // As the import (flows/assets/import.yaml's bad_months) and the register's edits allow.
  warrantyMonths: z.number().int().min(1).max(120).nullable().optional(),
  model: Text(120).nullable().optional(),
  serial: Text(120).nullable().optional(),
});
const Dismiss = z.strictObject({ reason: Text(2000) });

/**
 * The devices teachers reported by a tag the register lacks (assets.manage): GET /assets/pending,
 * POST /assets/pending/:id/confirm (→ the new asset's id), POST /assets/pending/:id/link (the
 * register's device with the tag: → its id, restored when it was retired), POST /assets/pending/:id/dismiss.
 */
export function pendingAssetRoutes(desk: PendingAssetsDesk): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/assets/pending', async (c) => {
    const rows = await desk.list(c.get('signedIn').agent);
    return c.json({
      pending: rows.map((p) => ({
        id: p.id,
        tag: p.tag,
        kind: p.kind,
        site: p.siteId ? { id: p.siteId, name: p.siteName } : null,
        room: p.roomId ? { id: p.roomId, name: p.roomName } : null,
        contactName: p.contactName,
        ticket: p.ticketId ? { id: p.ticketId, number: p.ticketNumber } : null,
        createdAt: p.createdAt.toISOString(),
        registered: p.registered ? { ...p.registered, retiredAt: p.registered.retiredAt?.toISOString() ?? null } : null,
      })),
    });
  });
  app.post('/assets/pending/:id/confirm', async (c) => {
    const body = await readJson(c, Confirm);
    const assetId = await desk.confirm(c.get('signedIn').agent, c.req.param('id'), body);
    return c.json({ ok: true, assetId });
  });
  app.post('/assets/pending/:id/link', async (c) => {
    const linked = await desk.link(c.get('signedIn').agent, c.req.param('id'));
    return c.json({ ok: true, ...linked });
  });
  app.post('/assets/pending/:id/dismiss', async (c) => {
    const body = await readJson(c, Dismiss);
    await desk.dismiss(c.get('signedIn').agent, c.req.param('id'), body.reason);
    return c.json({ ok: true });
  });
  return app;
}
