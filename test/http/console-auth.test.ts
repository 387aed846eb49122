import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

const ADMIN_PASSWORD = 'a-long-test-password';
let now = new Date('2026-10-12T02:00:00Z');
let fixline: Fixline;

beforeAll(async () => {
  fixline = await startTestServer({}, { clock: () => now });
});
afterAll(async () => fixline?.stop());

async function admin() {
  const client = new ConsoleClient(fixline.url);
  expect((await client.login('admin', ADMIN_PASSWORD)).status).toBe(200);
  return client;
}

describe('console sign-in', () => {
  it('signs in with a long opaque session id in an HttpOnly, SameSite=Lax cookie', async () => {
    const client = new ConsoleClient(fixline.url);
    const res = await client.login('ADMIN', ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^fixline_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(await client.json('/me')).toMatchObject({ agent: { username: 'admin', role: 'admin' }, csrfToken: client.csrf });
  });

  it('refuses requests without a session, and changes without the CSRF token or from another origin', async () => {
    expect((await fetch(`${fixline.url}/api/console/queue`)).status).toBe(401);
    const client = await admin();
    expect((await client.get('/queue')).status).toBe(200);
    const noToken = await client.send(
      'POST',
      '/agents',
      { username: 'x1', displayName: 'X', role: 'agent', password: 'long-enough-password' },
      { 'x-csrf-token': '' },
    );
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ error: 'csrf' });
    const wrongToken = await client.send('POST', '/agents', {}, { 'x-csrf-token': 'guess' });
    expect(wrongToken.status).toBe(403);
    const foreign = await client.send(
      'POST',
      '/agents',
      { username: 'x2', displayName: 'X', role: 'agent', password: 'long-enough-password' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: 'origin' });
    const agents = await client.json<{ agents: { username: string }[] }>('/agents');
    expect(agents.agents.map((a) => a.username)).not.toContain('x2');
  });

  it('slows down repeated failures at an account, then makes that address wait', async () => {
    const client = new ConsoleClient(fixline.url);
    await (await admin()).post('/agents', { username: 'guessme', displayName: '被猜的', role: 'agent', password: 'the-real-password-1' });
    const started = Date.now();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.login('guessme', `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250 + 500 + 1000 + 2000);
    const held = await client.login('guessme', 'the-real-password-1');
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('60');
    expect(await held.json()).toMatchObject({
      error: 'too_many_attempts',
      message: 'too many failed sign-ins for this account from your address; try again in 1 minute',
    });
    now = new Date(now.getTime() + 61_000);
    expect((await client.login('guessme', 'the-real-password-1')).status).toBe(200);
  }, 30_000);

  it('an unknown account answers like a wrong password', async () => {
    const res = await new ConsoleClient(fixline.url).login('nobody-here', 'whatever-password');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_credentials', message: 'wrong user name or password' });
  });

  it('ends a session after 30 idle minutes, and after 8 hours whatever happens', async () => {
    const client = await admin();
    now = new Date(now.getTime() + 29 * 60_000);
    expect((await client.get('/me')).status).toBe(200);
    now = new Date(now.getTime() + 29 * 60_000);
    expect((await client.get('/me')).status).toBe(200);
    now = new Date(now.getTime() + 31 * 60_000);
    expect((await client.get('/me')).status).toBe(401);

    const busy = await admin();
    for (let h = 0; h < 16; h++) {
      now = new Date(now.getTime() + 29 * 60_000);
      expect((await busy.get('/me')).status).toBe(200);
    }
    now = new Date(now.getTime() + 29 * 60_000);
    expect((await busy.get('/me')).status).toBe(401);
  });

  it('signs out on the server: the cookie stops working', async () => {
    const client = await admin();
    const out = await client.post('/logout');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/fixline_session=;/);
    expect((await client.get('/me')).status).toBe(401);
  });

  it('only admins manage accounts; a deactivated agent is signed out at once', async () => {
    const root = await admin();
    const created = await root.post('/agents', {
      username: 'li.agent',
      displayName: '李客服',
      role: 'agent',
      password: 'agent-password-123',
    });
    expect(created.status).toBe(201);
    const { agent } = (await created.json()) as { agent: { id: string } };
    expect(
      (await root.post('/agents', { username: 'LI.AGENT', displayName: 'dup', role: 'agent', password: 'agent-password-123' })).status,
    ).toBe(409);
    expect((await root.post('/agents', { username: 'weak', displayName: 'weak', role: 'agent', password: 'short' })).status).toBe(400);

    const li = new ConsoleClient(fixline.url);
    expect((await li.login('li.agent', 'agent-password-123')).status).toBe(200);
    const forbidden = await li.post('/agents', { username: 'mine', displayName: 'x', role: 'admin', password: 'agent-password-123' });
    expect(forbidden.status).toBe(403);
    expect((await li.send('PATCH', `/agents/${agent.id}`, { role: 'admin' })).status).toBe(403);
    expect((await li.json<{ agents: unknown[] }>('/agents')).agents.length).toBeGreaterThan(1);

    expect((await root.send('PATCH', `/agents/${agent.id}`, { active: false })).status).toBe(200);
    expect((await li.get('/me')).status).toBe(401);
    expect((await li.login('li.agent', 'agent-password-123')).status).toBe(401);
    expect((await root.send('PATCH', `/agents/${root.agent!.id}`, { active: false })).status).toBe(409);
  });

  it('serves the console page, which may not be framed', async () => {
    const res = await fetch(`${fixline.url}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });
});
