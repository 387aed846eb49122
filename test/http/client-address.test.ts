import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { clientAddress } from '../../src/http/client-address.js';
import type { Fixline } from '../../src/server.js';
import { startTestServer } from '../support/server.js';

/** The address fixline sees for a request from `peer` (the socket) with this X-Forwarded-For. */
async function seen(hops: number, peer: string, forwarded?: string): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(c, hops)));
  const res = await app.request(
    '/',
    { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } },
    { incoming: { socket: { remoteAddress: peer } } },
  );
  return res.text();
}

describe('the client address behind proxies (TRUST_PROXY hops)', () => {
  it('0 hops: the socket, whatever X-Forwarded-For says', async () => {
    expect(await seen(0, '203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
  });

  it("1 hop: what the proxy appended (the right-most entry); the client's own entries are never believed", async () => {
    expect(await seen(1, '10.0.0.2', '198.51.100.7')).toBe('198.51.100.7');
    expect(await seen(1, '10.0.0.2', '1.2.3.4, 198.51.100.7')).toBe('198.51.100.7');
    expect(await seen(1, '10.0.0.2', 'spoofed, also-spoofed,198.51.100.7')).toBe('198.51.100.7');
    expect(await seen(1, '10.0.0.2')).toBe('10.0.0.2');
  });

  it('2 hops: the entry the outer proxy appended; a chain shorter than the hops gives its left-most entry', async () => {
    expect(await seen(2, '10.0.0.2', 'spoofed, 198.51.100.7, 10.0.0.1')).toBe('198.51.100.7');
    expect(await seen(2, '10.0.0.2', '10.0.0.1')).toBe('10.0.0.1');
    expect(await seen(2, '10.0.0.2', ' , ')).toBe('10.0.0.2');
  });

  it('TRUST_PROXY takes true/false (1/0 hops) or a number of hops; anything else stops start-up naming it', () => {
    const hops = (value?: string) => parseConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY;
    expect([hops(), hops('false'), hops('0'), hops('true'), hops('TRUE'), hops('1'), hops('2'), hops(' 3 ')]).toEqual([
      0, 0, 0, 1, 1, 1, 2, 3,
    ]);
    for (const bad of ['yes', '-1', '1.5', '11', '']) {
      expect(() => parseConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
      expect(() => parseConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('limits behind one trusted proxy', () => {
  let fixline: Fixline;
  beforeAll(async () => {
    fixline = await startTestServer({ TRUST_PROXY: 'true' });
  });
  afterAll(async () => fixline?.stop());

  const open = (forwarded: string) =>
    fetch(`${fixline.url}/api/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
      body: '{}',
    });

  it('spoofed first hops do not make a client a new address: new sessions stop at the limit (120)', async () => {
    const statuses: number[] = [];
    const started = Date.now();
    for (let round = 0; round < 7; round++) {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => open(`10.${round}.${i}.1, 203.0.113.77`)));
      statuses.push(...answers.map((r) => r.status));
    }
    // The bucket holds 120 and refills 2 a second: a slow machine earns a few more while it sends.
    // Without the hop count every spoofed first hop is a new address and all 140 get a session.
    const refilled = Math.ceil(((Date.now() - started) / 1000) * 2);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBeLessThanOrEqual(120 + refilled + 1);
    expect(statuses.filter((s) => s === 429).length).toBe(140 - created);
    // Another client behind the same proxy is not held back.
    expect((await open('203.0.113.78')).status).toBe(201);
  }, 60_000); // 141 sessions: about 8 s alone, several times that on a loaded machine
});
