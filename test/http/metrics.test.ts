import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import type { Fixline } from '../../src/server.js';
import { startTestServer } from '../support/server.js';

const TOKEN = 'metrics-test-token-0123456789';
const started: Fixline[] = [];
afterAll(async () => {
  for (const f of started) await f.stop();
});

async function server(env: Record<string, string> = {}) {
  const fixline = await startTestServer(env);
  started.push(fixline);
  return fixline;
}

describe('/metrics', () => {
  it('is off on a fresh start (no METRICS_TOKEN): 404 saying how to turn it on', async () => {
    const fixline = await server();
    const res = await fetch(`${fixline.url}/metrics`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.message).toMatch(/METRICS_TOKEN/);
    expect(JSON.stringify(body)).not.toMatch(/fixline_/);
  });

  it('with METRICS_TOKEN set, answers only the bearer of that token', async () => {
    const fixline = await server({ METRICS_TOKEN: TOKEN });
    const anonymous = await fetch(`${fixline.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anonymous.text()).not.toMatch(/fixline_/);
    expect((await fetch(`${fixline.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${fixline.url}/metrics?token=${TOKEN}`)).status).toBe(401);
    const res = await fetch(`${fixline.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/fixline_process_resident_bytes \d+/);
  });

  it('refuses a token too short to be a secret, naming the setting', () => {
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(parseConfig({ METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined();
  });
});
