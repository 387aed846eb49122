import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

/**
 * Guessing passwords, as an attacker would: many requests at once, from one address or several.
 * The server trusts X-Forwarded-For here, so each request says which address it comes from.
 */
const ADMIN_PASSWORD = 'a-long-test-password';
let now = new Date('2026-10-12T02:00:00Z');
let fixline: Fixline;
let admin: ConsoleClient;

beforeAll(async () => {
  // A small per-address limit keeps the test short (30 by default).
  fixline = await startTestServer({ TRUST_PROXY: 'true', SIGNIN_MAX_FAILURES_PER_ADDRESS: '8' }, { clock: () => now });
  admin = new ConsoleClient(fixline.url);
  expect((await admin.login('admin', ADMIN_PASSWORD)).status).toBe(200);
});
afterAll(async () => fixline?.stop());

function loginFrom(address: string, username: string, password: string): Promise<Response> {
  return fetch(`${fixline.url}/api/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: fixline.url, 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
}

async function createAgent(username: string, password: string) {
  const res = await admin.post('/agents', { username, displayName: username, role: 'agent', password });
  expect(res.status).toBe(201);
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

describe('guessing console passwords', () => {
  it('150 sign-ins at once for one account check at most 5 passwords; the rest are told to wait', async () => {
    await createAgent('racer', 'the-racer-password-1');
    const attempts = [...Array.from({ length: 149 }, (_, i) => `wrong-${i}`), 'the-racer-password-1'];
    const answers = await Promise.all(attempts.map((p) => loginFrom('203.0.113.10', 'racer', p)));
    const statuses = answers.map((r) => r.status);
    const checked = statuses.filter((s) => s !== 429);
    // Only the attempts counted before the limit reach the password check, however they interleave:
    // the right password (sent last) gets in only if it was one of those five.
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(145);
    expect(statuses.every((s, i) => s === 429 || s === (i === 149 ? 200 : 401))).toBe(true);
    const refused = answers.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      error: 'too_many_attempts',
      message: expect.stringMatching(/try again in \d+ (seconds?|minutes?)/),
    });
    // The owner, from their own address, is not held up by it.
    expect((await loginFrom('198.51.100.20', 'racer', 'the-racer-password-1')).status).toBe(200);
  }, 60_000); // 150 requests at once: seconds alone, much longer on a loaded machine

  it('spellings the database folds into one account (case, a dotted capital I) share its counter', async () => {
    await createAgent('imogen', 'the-imogen-password-1');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await loginFrom('203.0.113.30', 'imogen', `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    for (const spelling of ['IMOGEN', '\u0130MOGEN', ' Imogen ']) {
      expect((await loginFrom('203.0.113.30', spelling, 'another-wrong-one')).status, spelling).toBe(429);
    }
  }, 30_000);

  it('a stranger hammering one account cannot lock its owner out, nor end a session already open', async () => {
    await createAgent('target', 'the-target-password-1');
    const owner = new ConsoleClient(fixline.url);
    expect((await owner.login('target', 'the-target-password-1')).status).toBe(200);

    const attacker = '203.0.113.66';
    const first = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom(attacker, 'target', `guess-${i}`)));
    const then: number[] = [];
    for (let i = 0; i < 5; i++) then.push((await loginFrom(attacker, 'target', `more-${i}`)).status);
    // The owner signs in from anywhere else, while the attack goes on,
    const during = loginFrom(attacker, 'target', 'guess-again');
    expect((await loginFrom('198.51.100.30', 'target', 'the-target-password-1')).status).toBe(200);
    expect((await during).status).toBe(429);
    // while the attacker's own address had five tries and waits, even with the right password.
    expect(tally(first.map((r) => r.status))).toEqual({ 401: 5, 429: 35 });
    expect(then).toEqual([429, 429, 429, 429, 429]);
    expect((await loginFrom(attacker, 'target', 'the-target-password-1')).status).toBe(429);
    // and a session opened before keeps working, changes included.
    expect((await owner.get('/me')).status).toBe(200);
    expect((await owner.get('/queue')).status).toBe(200);
    // Later the admin can still sign in from the attacker's own address for another account.
    expect((await loginFrom(attacker, 'admin', ADMIN_PASSWORD)).status).toBe(200);
  }, 30_000);

  it('after the first five failures each further try from that address waits longer: 1 minute, then 2, then 4', async () => {
    await createAgent('patient', 'the-patient-password-1');
    const from = '203.0.113.77';
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => loginFrom(from, 'patient', `guess-${i}`)));
    expect(tally(burst.map((r) => r.status))).toEqual({ 401: 5, 429: 1 });
    const held = await loginFrom(from, 'patient', 'guess-x');
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBe(60);

    now = new Date(now.getTime() + 61_000);
    expect((await loginFrom(from, 'patient', 'guess-6')).status).toBe(401);
    const longer = await loginFrom(from, 'patient', 'guess-7');
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBe(120);
    expect((await longer.json()) as { message: string }).toMatchObject({
      message: 'too many failed sign-ins for this account from your address; try again in 2 minutes',
    });

    now = new Date(now.getTime() + 121_000);
    expect((await loginFrom(from, 'patient', 'guess-8')).status).toBe(401);
    expect(Number((await loginFrom(from, 'patient', 'guess-9')).headers.get('retry-after'))).toBe(240);
    // The right password, once the wait is over, signs in and clears the slate for that address.
    now = new Date(now.getTime() + 241_000);
    expect((await loginFrom(from, 'patient', 'the-patient-password-1')).status).toBe(200);
    expect((await loginFrom(from, 'patient', 'a-typo')).status).toBe(401);
  }, 60_000);

  it('an address that fails 8 times (SIGNIN_MAX_FAILURES_PER_ADDRESS) across accounts waits, whichever account it tries; other addresses do not', async () => {
    const sprayer = '203.0.113.99';
    const spray = await Promise.all(Array.from({ length: 8 }, (_, i) => loginFrom(sprayer, `nobody-${i}`, 'Password1!')));
    expect(spray.every((r) => r.status === 401)).toBe(true);
    const held = await loginFrom(sprayer, 'admin', ADMIN_PASSWORD);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBe(60);
    expect(await held.json()).toMatchObject({ message: 'too many failed sign-ins from your address; try again in 1 minute' });
    expect((await loginFrom('198.51.100.40', 'admin', ADMIN_PASSWORD)).status).toBe(200);
  }, 30_000);
});
