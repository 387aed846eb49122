import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { auditLog, contacts, returnVisits, sites } from '../../src/storage/schema.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

let fixline: Fixline;
let admin: ConsoleClient;
let visitId = '';

async function agent(username: string, role: string): Promise<ConsoleClient> {
  await admin.post('/agents', { username, displayName: username, role, password: `${username}-password-1` });
  const client = new ConsoleClient(fixline.url);
  await client.login(username, `${username}-password-1`);
  return client;
}

interface Board {
  toPhone: { id: string; reason: string; contactName: string | null; siteName: string }[];
  done: { id: string; callNote: string | null }[];
}

beforeAll(async () => {
  fixline = await startTestServer();
  admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
  const db = fixline.database.db;
  const [site] = await db.select().from(sites).where(eq(sites.contractId, 'GX-EDU')).limit(1);
  const [teacher] = await db.insert(contacts).values({ name: '孔老师', lang: 'zh-CN', siteId: site!.id }).returning();
  const [visit] = await db
    .insert(returnVisits)
    .values({ siteId: site!.id, contractId: 'GX-EDU', roundOn: '2026-11-02', contactId: teacher!.id, status: 'undelivered' })
    .returning();
  visitId = visit!.id;
}, 60_000);
afterAll(async () => fixline?.stop());

describe('the return visits API', () => {
  it('lists an undelivered visit to phone, filtered by site and round', async () => {
    const board = await admin.json<Board>('/visits');
    expect(board.toPhone.find((v) => v.id === visitId)).toMatchObject({ reason: 'undelivered', contactName: '孔老师' });
    expect((await admin.json<Board>('/visits?roundOn=2026-11-03')).toPhone.find((v) => v.id === visitId)).toBeUndefined();
    const res = await admin.get('/visits?roundOn=yesterday');
    expect(res.status).toBe(400);
  });

  it('refuses agents and engineers with the reason', async () => {
    for (const [name, role] of [
      ['wangke', 'agent'],
      ['chengong', 'engineer'],
    ] as const) {
      const client = await agent(name, role);
      const res = await client.get('/visits');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toContain('return visits');
      expect((await client.post(`/visits/${visitId}/call`, { note: '打过了' })).status).toBe(403);
    }
  });

  it('records a call once, with a note, audited; bad input gets a clear 4xx', async () => {
    const empty = await admin.post(`/visits/${visitId}/call`, { note: '  ' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { message: string }).message).toContain('note');
    expect((await admin.post(`/visits/${visitId}/call`, { note: 'x'.repeat(501) })).status).toBe(400);
    expect((await admin.post('/visits/00000000-0000-4000-8000-000000000000/call', { note: '打过了' })).status).toBe(404);
    expect((await admin.post('/visits/not-a-visit/call', { note: '打过了' })).status).toBe(404);
    expect((await admin.post(`/visits/${visitId}/call`, { note: '已联系，设备正常' })).status).toBe(200);
    expect((await admin.post(`/visits/${visitId}/call`, { note: '再打一次' })).status).toBe(409);
    const board = await admin.json<Board>('/visits');
    expect(board.toPhone.find((v) => v.id === visitId)).toBeUndefined();
    expect(board.done.find((v) => v.id === visitId)?.callNote).toBe('已联系，设备正常');
    const audited = await fixline.database.db.select().from(auditLog).where(eq(auditLog.subject, visitId));
    expect(audited.map((a) => a.action)).toEqual(['visit.called']);
  });
});
