import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineSignature } from '../../../src/channels/line/verify.js';
import { type LineDesk, startLineDesk } from './harness.js';

/** Whatever arrives at the webhook: a clear 4xx for what is not LINE's, nothing stored, no crash. */
describe('LINE webhook: bad input', () => {
  let desk: LineDesk;
  let valid = '';
  beforeAll(async () => {
    desk = await startLineDesk();
    valid = JSON.stringify({ destination: 'Ubot', events: [desk.text('U-input', '你好')] });
  });
  afterAll(async () => desk?.stop());

  const refused = async (res: Response, status: number, error: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const body = (await res.json()) as { error: string; message: string };
    expect(body).toMatchObject({ error, message: expect.any(String) });
    expect(body.message.length).toBeGreaterThan(10);
  };

  it('no signature → 401 missing_signature', async () => {
    await refused(await desk.post(valid, null), 401, 'missing_signature');
  });

  it('a wrong, a short, a garbage signature, or one made with another secret → 401 bad_signature', async () => {
    const right = lineSignature(Buffer.from(valid), desk.secret);
    for (const sig of [
      right.replace(/[A-Za-z]/, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())),
      right.slice(0, 20),
      '%%%',
      lineSignature(Buffer.from(valid), 'another-secret'),
    ]) {
      await refused(await desk.post(valid, sig), 401, 'bad_signature');
    }
  });

  it('the right signature over other bytes (whitespace added) → 401', async () => {
    await refused(await desk.post(`${valid}\n`, lineSignature(Buffer.from(valid), desk.secret)), 401, 'bad_signature');
  });

  it('a body over 1 MB → 413, with or without Content-Length, before the signature is even computed', async () => {
    const big = JSON.stringify({ events: [], padding: 'x'.repeat(1024 * 1024) });
    await refused(await desk.post(big), 413, 'body_too_large');
    const chunked = await fetch(desk.webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': lineSignature(Buffer.from(big), desk.secret) },
      body: Readable.toWeb(Readable.from([Buffer.from(big.slice(0, 600_000)), Buffer.from(big.slice(600_000))])) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    await refused(chunked, 413, 'body_too_large');
  });

  it('signed but malformed: not JSON, not UTF-8, no events array, events not an array → 400', async () => {
    await refused(await desk.post('{"events": [ {"type": "message"'), 400, 'malformed_json');
    await refused(await desk.post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400, 'malformed_json');
    await refused(await desk.post('{"destination":"Ubot"}'), 400, 'no_events');
    await refused(await desk.post('{"events":{"0":{}}}'), 400, 'no_events');
    await refused(await desk.post('[{"events":[]}]'), 400, 'no_events');
    await refused(await desk.post('null'), 400, 'no_events');
  });

  it('signed events that make no sense are acknowledged and ignored, not refused', async () => {
    const res = await desk.post(
      JSON.stringify({
        events: [
          null,
          42,
          'text',
          {},
          { type: 'message' },
          { type: 'message', source: { type: 'user' } },
          { type: 'postback', source: { type: 'user', userId: 'U1' }, postback: {} },
        ],
      }),
    );
    expect(await res.json()).toEqual({ status: 'ok', accepted: 0, duplicates: 0, ignored: 7 });
  });

  it('after all that nothing was stored, and the server is fine', async () => {
    expect(await desk.inboundCount()).toBe(0);
    expect(desk.fake.shown).toEqual([]);
    expect((await fetch(`${desk.fixline.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${desk.fixline.url}/readyz`)).status).toBe(200);
  });

  it('LINE\'s "verify" request (no events) → 200', async () => {
    const res = await desk.post(JSON.stringify({ destination: 'Ubot', events: [] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', accepted: 0, duplicates: 0, ignored: 0 });
  });

  it('and a valid request is then accepted and answered', async () => {
    expect((await desk.post(valid)).status).toBe(200);
    await desk.fake.waitFor('U-input', (s) => s.length >= 2);
    expect(await desk.inboundCount()).toBe(1);
  });

  it('other methods on the webhook path are not found', async () => {
    expect((await fetch(desk.webhook)).status).toBe(404);
  });
});
