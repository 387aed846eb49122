import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { assetChanges, assets, auditLog, contacts, pendingAssets, rooms, sites, tickets } from '../../src/storage/schema.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';
import { seedTriagedTicket } from '../support/triaged-ticket.js';

let fixline: Fixline;
let admin: ConsoleClient;
const ids = { projector: '', kiosk: '', taken: '', ticket: '', siteId: '', roomId: '', otherRoomId: '' };

interface Listed {
  pending: {
    id: string;
    tag: string;
    kind: string | null;
    site: { id: string; name: string } | null;
    room: { id: string; name: string } | null;
    contactName: string | null;
    ticket: { id: string; number: string } | null;
  }[];
}

beforeAll(async () => {
  fixline = await startTestServer();
  admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
  const db = fixline.database.db;
  const [site] = await db.select().from(sites).where(eq(sites.name, '明湖小学'));
  const [room] = await db.select().from(rooms).where(eq(rooms.name, '录播教室'));
  const [other] = await db.select().from(rooms).where(eq(rooms.name, '物理实验室'));
  Object.assign(ids, { siteId: site!.id, roomId: room!.id, otherRoomId: other!.id });
  const seeded = await seedTriagedTicket(db, fixline.catalog, new Date(), { contactName: '钱老师' });
  await db.update(tickets).set({ assetId: null }).where(eq(tickets.id, seeded.ticketId));
  ids.ticket = seeded.ticketId;
  const [teacher] = await db.select().from(contacts).where(eq(contacts.name, '钱老师'));
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 30, 2, minutes));
  const rows = await db
    .insert(pendingAssets)
    .values([
      {
        tag: 'FX-XYZ-9999',
        siteId: site!.id,
        roomId: room!.id,
        kind: 'projector',
        contactId: teacher!.id,
        ticketId: seeded.ticketId,
        createdAt: at(1),
      },
      { tag: 'KIOSK 7', createdAt: at(2) },
      { tag: 'FX-PNL-0001', siteId: site!.id, kind: 'interactive_panel', createdAt: at(3) },
    ])
    .returning();
  [ids.projector, ids.kiosk, ids.taken] = rows.map((r) => r.id) as [string, string, string];
}, 60_000);
afterAll(async () => fixline?.stop());

const confirmation = () => ({
  kind: 'projector',
  siteId: ids.siteId,
  roomId: ids.roomId,
  acceptedOn: '2025-09-01',
  warrantyMonths: 36,
  model: 'PJ-1',
});

describe('the pending devices API', () => {
  it('lists the open ones, oldest first, with their place, reporter and ticket', async () => {
    const listed = await admin.json<Listed>('/assets/pending');
    expect(listed.pending.map((p) => p.tag)).toEqual(['FX-XYZ-9999', 'KIOSK 7', 'FX-PNL-0001']);
    expect(listed.pending[0]).toMatchObject({
      kind: 'projector',
      site: { id: ids.siteId, name: '明湖小学' },
      room: { id: ids.roomId, name: '录播教室' },
      contactName: '钱老师',
      ticket: { id: ids.ticket, number: expect.stringMatching(/^FX-/) },
    });
    expect(listed.pending[1]).toMatchObject({ site: null, room: null, ticket: null });
  });

  it('refuses an agent without assets.manage, and bad input with a reason, never a 500', async () => {
    await admin.post('/agents', { username: 'wangke', displayName: 'wangke', role: 'agent', password: 'wangke-password-1' });
    const agent = new ConsoleClient(fixline.url);
    await agent.login('wangke', 'wangke-password-1');
    expect((await agent.get('/assets/pending')).status).toBe(403);
    expect((await agent.post(`/assets/pending/${ids.projector}/confirm`, confirmation())).status).toBe(403);

    const refused = async (path: string, body: unknown, status: number, error: string) => {
      const res = await admin.post(path, body);
      expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([status, error]);
    };
    await refused('/assets/pending/not-a-uuid/confirm', confirmation(), 404, 'not_found');
    await refused(`/assets/pending/${ids.projector}/confirm`, { ...confirmation(), acceptedOn: '2025/9/1' }, 400, 'invalid_date');
    await refused(`/assets/pending/${ids.projector}/confirm`, { ...confirmation(), kind: 'toaster' }, 400, 'invalid_kind');
    await refused(`/assets/pending/${ids.projector}/confirm`, { ...confirmation(), roomId: ids.otherRoomId }, 400, 'invalid_place');
    await refused(`/assets/pending/${ids.projector}/confirm`, { ...confirmation(), warrantyMonths: 'lots' }, 400, 'invalid_request');
    await refused(`/assets/pending/${ids.projector}/confirm`, { ...confirmation(), extra: 1 }, 400, 'invalid_request');
    // As the import and the register's edits: 1–120 months, accepted no later than today.
    await refused(`/assets/pending/${ids.projector}/confirm`, { ...confirmation(), warrantyMonths: 121 }, 400, 'invalid_request');
    await refused(`/assets/pending/${ids.projector}/confirm`, { ...confirmation(), acceptedOn: '2099-01-01' }, 400, 'accepted_in_future');
    await refused(`/assets/pending/${ids.projector}/dismiss`, { reason: '  ' }, 400, 'reason_required');
    await refused(`/assets/pending/${ids.taken}/confirm`, { ...confirmation(), kind: 'interactive_panel' }, 409, 'tag_taken');
  });

  it('confirming makes the device an asset of its school, audited, and links its ticket; a second confirm is refused', async () => {
    // The chat's tag lookups are cached: a tag asked for before is known at once after the confirm.
    expect(await fixline.store.read.places.findAssetByTag('FX-XYZ-9999')).toBeNull();
    const res = await admin.post(`/assets/pending/${ids.projector}/confirm`, confirmation());
    expect(res.status).toBe(200);
    await expect
      .poll(() => fixline.store.read.places.findAssetByTag('FX-XYZ-9999'), { timeout: 3000 })
      .toMatchObject({ tag: 'FX-XYZ-9999' });
    const { assetId } = (await res.json()) as { assetId: string };
    const db = fixline.database.db;
    const [asset] = await db.select().from(assets).where(eq(assets.id, assetId));
    expect(asset).toMatchObject({ tag: 'FX-XYZ-9999', kind: 'projector', model: 'PJ-1', roomId: ids.roomId, contractId: 'GX-EDU' });
    expect(asset).toMatchObject({ acceptedAt: '2025-09-01', warrantyMonths: 36 });
    const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ids.ticket));
    expect(ticket!.assetId).toBe(assetId);
    const audit = await db.select().from(assetChanges).where(eq(assetChanges.assetId, assetId));
    expect(audit.map((a) => [a.action, a.ticketId, a.agentId])).toEqual([['confirmed', ids.ticket, admin.agent!.id]]);
    const again = await admin.post(`/assets/pending/${ids.projector}/confirm`, confirmation());
    expect(again.status).toBe(409);
  });

  it('dismissing sets it aside with the reason in the audit log; the list keeps what is left', async () => {
    expect((await admin.post(`/assets/pending/${ids.kiosk}/dismiss`, { reason: '不是我们的设备' })).status).toBe(200);
    const [logged] = await fixline.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `pending_asset:${ids.kiosk}`));
    expect(logged).toMatchObject({
      action: 'pending_asset.dismissed',
      actorId: admin.agent!.id,
      data: { tag: 'KIOSK 7', reason: '不是我们的设备' },
    });
    expect((await admin.post(`/assets/pending/${ids.kiosk}/dismiss`, { reason: 'again' })).status).toBe(409);
    expect((await admin.json<Listed>('/assets/pending')).pending.map((p) => p.tag)).toEqual(['FX-PNL-0001']);
  });
});

describe('a pending tag the register has after all', () => {
  const retire = async (tag: string, at: Date) => {
    const db = fixline.database.db;
    const [asset] = await db.update(assets).set({ retiredAt: at }).where(eq(assets.tag, tag)).returning();
    return asset!;
  };

  it('an active device with the tag (added since): listed with it, and linking puts the ticket on it', async () => {
    const db = fixline.database.db;
    const seeded = await seedTriagedTicket(db, fixline.catalog, new Date(), { contactName: '孙老师' });
    await db.update(tickets).set({ assetId: null }).where(eq(tickets.id, seeded.ticketId));
    await db.update(pendingAssets).set({ ticketId: seeded.ticketId }).where(eq(pendingAssets.id, ids.taken));
    const [listed] = (await admin.json<Listed & { pending: { registered: unknown }[] }>('/assets/pending')).pending;
    const [panel] = await db.select().from(assets).where(eq(assets.tag, 'FX-PNL-0001'));
    expect(listed).toMatchObject({
      tag: 'FX-PNL-0001',
      registered: { assetId: panel!.id, kind: 'interactive_panel', siteName: '明湖小学', roomName: '三年级二班', retiredAt: null },
    });
    const res = await admin.post(`/assets/pending/${ids.taken}/link`, {});
    expect([res.status, await res.json()]).toEqual([200, { ok: true, assetId: panel!.id, restored: false }]);
    const [ticket] = await db.select().from(tickets).where(eq(tickets.id, seeded.ticketId));
    expect(ticket!.assetId).toBe(panel!.id);
    const [row] = await db.select().from(pendingAssets).where(eq(pendingAssets.id, ids.taken));
    expect(row).toMatchObject({ status: 'confirmed', assetId: panel!.id, resolvedBy: admin.agent!.id });
    // Nothing to restore: no history line.
    expect(await db.select().from(assetChanges).where(eq(assetChanges.ticketId, seeded.ticketId))).toEqual([]);
    expect((await admin.post(`/assets/pending/${ids.taken}/link`, {})).status).toBe(409);
  });

  it('a retired device a teacher still reports: put back in use (audited with the ticket), offered in chat again', async () => {
    const db = fixline.database.db;
    const retiredAt = new Date(Date.UTC(2026, 4, 6, 2));
    const panel = await retire('FX-PNL-0002', retiredAt);
    // As the chat's lookups see it: the retired tag is unknown (cached).
    expect(await fixline.store.read.places.findAssetByTag('FX-PNL-0002')).toBeNull();
    const seeded = await seedTriagedTicket(db, fixline.catalog, new Date(), { contactName: '周老师' });
    await db.update(tickets).set({ assetId: null }).where(eq(tickets.id, seeded.ticketId));
    const [pending] = await db
      .insert(pendingAssets)
      .values({ tag: 'FX-PNL-0002', siteId: ids.siteId, kind: 'interactive_panel', ticketId: seeded.ticketId })
      .returning();
    const listed = (await admin.json<Listed & { pending: { tag: string; registered: unknown }[] }>('/assets/pending')).pending;
    expect(listed.find((p) => p.tag === 'FX-PNL-0002')).toMatchObject({
      registered: { assetId: panel.id, roomName: '五年级一班', retiredAt: retiredAt.toISOString() },
    });

    const res = await admin.post(`/assets/pending/${pending!.id}/link`, {});
    expect([res.status, await res.json()]).toEqual([200, { ok: true, assetId: panel.id, restored: true }]);
    const [back] = await db.select().from(assets).where(eq(assets.id, panel.id));
    expect(back!.retiredAt).toBeNull();
    const [ticket] = await db.select().from(tickets).where(eq(tickets.id, seeded.ticketId));
    expect(ticket!.assetId).toBe(panel.id);
    const audit = await db.select().from(assetChanges).where(eq(assetChanges.ticketId, seeded.ticketId));
    expect(audit.map((a) => [a.assetId, a.action, a.agentId, a.note])).toEqual([[panel.id, 'restored', admin.agent!.id, null]]);
    await expect
      .poll(() => fixline.store.read.places.findAssetByTag('FX-PNL-0002'), { timeout: 3000 })
      .toMatchObject({ tag: 'FX-PNL-0002' });
  });

  it('linking a tag the register lacks is refused with what to do; an agent may not link', async () => {
    const [pending] = await fixline.database.db.insert(pendingAssets).values({ tag: 'FX-NEW-0042' }).returning();
    const res = await admin.post(`/assets/pending/${pending!.id}/link`, {});
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([409, 'not_registered']);
    const agent = new ConsoleClient(fixline.url);
    await agent.login('wangke', 'wangke-password-1');
    expect((await agent.post(`/assets/pending/${pending!.id}/link`, {})).status).toBe(403);
    expect((await admin.post('/assets/pending/not-a-uuid/link', {})).status).toBe(404);
  });
});
