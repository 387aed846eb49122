import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateSignature } from '@line/bot-sdk';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelContext } from '../../../src/ports/channel-module.js';
import { lineChannel } from '../../../src/channels/line/index.js';
import { lineSignature, verifyLineSignature } from '../../../src/channels/line/verify.js';
import { webhookApp } from '../webhook-app.js';
import { shippedCatalog } from '../../support/desk.js';
import type { InboundMessage } from '../../../src/domain/messages.js';
import { FIXTURES, type LineDesk, startLineDesk, until } from './harness.js';

interface Vector {
  id: string;
  channelSecret: string;
  body?: string;
  bodyFile?: string;
  expectedSignature: string;
  valid: boolean;
}

const file = JSON.parse(readFileSync(path.join(FIXTURES, 'signature-vectors.json'), 'utf8')) as { vectors: Vector[] };
/** The exact bytes each vector signs: the UTF-8 of `body`, or the raw file byte for byte. */
const vectors = file.vectors.map((v) => ({
  ...v,
  bytes: v.bodyFile ? readFileSync(path.join(FIXTURES, v.bodyFile)) : Buffer.from(v.body!, 'utf8'),
}));

const { flowSet: flows } = await shippedCatalog();

/** The webhook route alone, behind the real error handler, recording what it would store. */
function lineApp(secret: string, receive: ChannelContext['receive']) {
  const line = lineChannel({ channelSecret: secret, accessToken: 'unused-in-this-test', apiBaseUrl: 'http://127.0.0.1:9' });
  return webhookApp('line', line.webhook, { receive, flows });
}

const post = (app: Hono, bytes: Uint8Array, signature?: string) =>
  app.request('/webhooks/line', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-line-signature': signature }) },
    body: new Uint8Array(bytes),
  });

describe('LINE signature verifier', () => {
  it('has all seven vectors, raw files included', () => {
    expect(vectors).toHaveLength(7);
    expect(vectors.filter((v) => v.bodyFile).map((v) => v.bytes.length)).toEqual([587, 430]);
  });

  for (const v of vectors) {
    it(`${v.id}: ${v.valid ? 'accepted' : 'refused'}`, () => {
      expect(verifyLineSignature(v.bytes, v.channelSecret, v.expectedSignature)).toBe(v.valid);
      // The SDK's own validator agrees (it is not used, but it is the reference).
      expect(validateSignature(v.bytes, v.channelSecret, v.expectedSignature)).toBe(v.valid);
    });
  }

  it('computes the expected signature of every valid vector', () => {
    for (const v of vectors.filter((x) => x.valid)) expect(lineSignature(v.bytes, v.channelSecret)).toBe(v.expectedSignature);
  });

  it('signs bytes, not JSON: the raw files re-serialised no longer verify', () => {
    for (const v of vectors.filter((x) => x.bodyFile)) {
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(v.bytes.toString('utf8'))), 'utf8');
      expect(verifyLineSignature(reserialised, v.channelSecret, v.expectedSignature)).toBe(false);
    }
  });

  it('refuses missing, empty, short, long and non-base64 signatures without throwing', () => {
    const v = vectors[0]!;
    for (const sig of [
      undefined,
      null,
      '',
      'x',
      v.expectedSignature.slice(0, -1),
      `${v.expectedSignature}=`,
      `${v.expectedSignature} `,
      '!'.repeat(44),
      '😄'.repeat(22),
    ]) {
      expect(() => verifyLineSignature(v.bytes, v.channelSecret, sig)).not.toThrow();
      expect(verifyLineSignature(v.bytes, v.channelSecret, sig)).toBe(false);
    }
    expect(verifyLineSignature(v.bytes, 'another_secret', v.expectedSignature)).toBe(false);
  });
});

describe('LINE webhook route, vector by vector', () => {
  for (const v of vectors) {
    it(`${v.id}: ${v.valid ? 'signature accepted' : '401, nothing recorded'}`, async () => {
      const received: InboundMessage[] = [];
      const app = lineApp(v.channelSecret, async (m) => {
        received.push(...m);
        return m.map(() => 'accepted' as const);
      });
      const res = await post(app, v.bytes, v.expectedSignature);
      const json = (await res.json()) as { error?: string };
      if (!v.valid) {
        expect(res.status).toBe(401);
        expect(json.error).toBe('bad_signature');
        expect(received).toEqual([]);
        return;
      }
      const body = JSON.parse(v.bytes.toString('utf8')) as { events?: unknown[] };
      // {"hello":"world"} is signed right but is not a webhook body: refused for what it is.
      expect(res.status).toBe(body.events ? 200 : 400);
      if (body.events)
        expect(json).toMatchObject({ status: 'ok', accepted: received.length, ignored: body.events.length - received.length });
      else expect(json.error).toBe('no_events');
    });
  }

  it('answers 503 when the events cannot be recorded (LINE then delivers again)', async () => {
    const v = vectors.find((x) => x.id === 'nodejs-middleware-utf8-emoji')!;
    const app = lineApp(v.channelSecret, async () => {
      throw new Error('database unreachable');
    });
    const res = await post(app, v.bytes, v.expectedSignature);
    expect(res.status).toBe(503);
  });

  it('reads the emoji text exactly as signed, from the group only when mentioned', async () => {
    const v = vectors.find((x) => x.id === 'nodejs-middleware-utf8-emoji')!;
    const received: InboundMessage[] = [];
    const app = lineApp(v.channelSecret, async (m) => {
      received.push(...m);
      return m.map(() => 'accepted' as const);
    });
    const res = await post(app, v.bytes, v.expectedSignature);
    // A group message without a mention of the bot: acknowledged, not recorded.
    expect(await res.json()).toMatchObject({ status: 'ok', accepted: 0, ignored: 1 });
    expect(received).toEqual([]);
  });
});

describe('LINE webhook with the raw Spring callback files (channel secret "SECRET")', () => {
  let desk: LineDesk;
  beforeAll(async () => {
    desk = await startLineDesk({ secret: 'SECRET' });
  });
  afterAll(async () => desk?.stop());

  it('accepts both raw files with their published signatures, byte for byte, and answers', async () => {
    for (const v of vectors.filter((x) => x.bodyFile)) {
      const res = await desk.post(v.bytes, v.expectedSignature);
      expect(res.status).toBe(200);
    }
    expect(await desk.inboundCount()).toBe(3); // a text and a follow, then a text
    const shown = await until(async () => {
      const a = desk.fake.shownTo('u206d25c2ea6bd87c17655609a1c37cb8');
      const b = desk.fake.shownTo('U206d25c2ea6bd87c17655609a1c37cb8');
      return a.length > 0 && b.length > 0 && { a, b };
    });
    // Its first message, "Hello, world", is English: so are the answers.
    expect(shown.a.map((s) => s.text).join('\n')).toMatch(/What is your name/);
  });

  it('refuses every invalid vector and a tampered raw file: 401, nothing stored', async () => {
    const before = await desk.inboundCount();
    for (const v of vectors.filter((x) => !x.valid)) expect((await desk.post(v.bytes, v.expectedSignature)).status).toBe(401);
    const raw = vectors.find((x) => x.bodyFile)!;
    const tampered = Buffer.from(raw.bytes.toString('utf8').replace('Hello, world', 'Hello, World'), 'utf8');
    const res = await desk.post(tampered, raw.expectedSignature);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'bad_signature', message: expect.stringMatching(/signature/i) });
    expect(await desk.inboundCount()).toBe(before);
  });
});
