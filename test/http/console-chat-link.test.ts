import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { linkCodes } from '../../src/storage/schema.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

let now = new Date('2026-10-12T02:00:00Z');
let fixline: Fixline;

beforeAll(async () => {
  fixline = await startTestServer({}, { clock: () => now });
});
afterAll(async () => fixline?.stop());

describe('a staff account’s own chat (console API me/chat-link)', () => {
  it('needs a session, and the CSRF token to issue or unlink', async () => {
    expect((await fetch(`${fixline.url}/api/console/me/chat-link`)).status).toBe(401);
    const client = new ConsoleClient(fixline.url);
    expect((await client.login('admin', 'a-long-test-password')).status).toBe(200);
    expect((await client.send('POST', '/me/chat-link', {}, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await client.send('DELETE', '/me/chat-link', undefined, { 'x-csrf-token': '' })).status).toBe(403);
  });

  it('tells whether a chat is linked, gives a 10-minute code (a new one replaces it), and unlinks', async () => {
    const client = new ConsoleClient(fixline.url);
    await client.login('admin', 'a-long-test-password');
    expect(await client.json('/me/chat-link')).toEqual({ linked: false, channel: null });
    const first = await client.post('/me/chat-link');
    expect(first.status).toBe(201);
    const issued = (await first.json()) as { code: string; minutes: number; expiresAt: string; linked: boolean };
    expect(issued).toMatchObject({ minutes: 10, linked: false, expiresAt: new Date(now.getTime() + 10 * 60_000).toISOString() });
    expect(issued.code).toMatch(/^\d{4} \d{4}$/);
    now = new Date(now.getTime() + 60_000);
    const second = (await (await client.post('/me/chat-link')).json()) as { code: string };
    const rows = await fixline.database.db.select().from(linkCodes).where(eq(linkCodes.agentId, client.agent!.id));
    // One code in force per account: the first no longer exists.
    expect(rows.map((r) => `${r.code.slice(0, 4)} ${r.code.slice(4)}`)).toEqual([second.code]);
    const unlinked = await client.send('DELETE', '/me/chat-link');
    expect(unlinked.status).toBe(200);
    expect(await unlinked.json()).toEqual({ linked: false, channel: null });
  });
});
