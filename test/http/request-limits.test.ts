import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { ChatClient, startTestServer } from '../support/server.js';

const MB = 1024 * 1024;
let fixline: Fixline;

beforeAll(async () => {
  fixline = await startTestServer();
});
afterAll(async () => fixline?.stop());

interface Sent {
  readonly status: number;
  readonly error?: string | undefined;
  /** Bytes of the body written before the answer came. */
  readonly written: number;
  readonly ms: number;
}

/**
 * Sends a body of `total` bytes in 64 kB pieces on a connection of its own, with Content-Length
 * (`declared`) or chunked without it, and stops writing as soon as an answer arrives.
 */
function sendHuge(url: string, total: number, options: { declared: boolean; headers?: Record<string, string> }): Promise<Sent> {
  const started = performance.now();
  return new Promise((resolve) => {
    let written = 0;
    let answered = false;
    const piece = Buffer.alloc(64 * 1024, 'x');
    const headers = {
      'content-type': 'application/json',
      ...options.headers,
      ...(options.declared ? { 'content-length': String(total) } : {}),
    };
    const req = http.request(url, { method: 'POST', agent: false, headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          error: (JSON.parse(body) as { error?: string }).error,
          written,
          ms: performance.now() - started,
        });
      });
    });
    req.on('error', (e) => {
      if (!answered) resolve({ status: 0, error: e.message, written, ms: performance.now() - started });
    });
    const write = (): void => {
      if (answered || req.destroyed) return;
      if (written >= total) return void req.end();
      written += piece.length;
      req.write(piece, () => setImmediate(write));
    };
    req.write('{"text":"');
    write();
  });
}

describe('request bodies have a limit and are refused early with 413', () => {
  let chat: ChatClient;
  let agent: ConsoleClient;
  beforeAll(async () => {
    chat = new ChatClient(fixline.url);
    await chat.open();
    agent = new ConsoleClient(fixline.url);
    expect((await agent.login('admin', 'a-long-test-password')).status).toBe(200);
  });

  const routes = (): [string, string, Record<string, string>, number][] => [
    ['console sign-in', `${fixline.url}/api/console/login`, {}, 4 * 1024],
    ['web chat new session', `${fixline.url}/api/webchat/sessions`, {}, 4 * 1024],
    ['web chat message', chat.url('/messages'), { authorization: `Bearer ${chat.token}` }, 64 * 1024],
    ['web chat photo', chat.url('/photos'), { authorization: `Bearer ${chat.token}`, 'content-type': 'image/png' }, 10 * MB],
    [
      'console note',
      `${fixline.url}/api/console/conversations/00000000-0000-4000-8000-000000000000/notes`,
      { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
      256 * 1024,
    ],
  ];

  it('a 100 MB body declared by Content-Length is refused before it is sent', async () => {
    for (const [name, url, headers] of routes()) {
      const sent = await sendHuge(url, 100 * MB, { declared: true, headers });
      expect([sent.status, sent.error], name).toEqual([413, 'body_too_large']);
      expect(sent.written, name).toBeLessThan(20 * MB);
    }
  });

  it('a 100 MB body streamed without Content-Length is refused once the limit is passed', async () => {
    for (const [name, url, headers, limit] of routes()) {
      const sent = await sendHuge(url, 100 * MB, { declared: false, headers });
      // A client still writing when fixline closes the connection after its 413 may see the reset
      // first (TCP drops what the client had not read yet): refused either way, and early.
      expect(sent.status === 413 ? sent.error : sent.error?.replace(/^.*(EPIPE|ECONNRESET).*$/, 'reset'), name).toMatch(
        /^(body_too_large|reset)$/,
      );
      // Only what the socket buffers hold beyond the limit was written before the answer came.
      expect(sent.written, name).toBeLessThan(limit + 20 * MB);
      expect(sent.ms, name).toBeLessThan(5_000);
    }
  });

  it('a body within the limit still gets through', async () => {
    expect((await chat.post({ text: 'x'.repeat(20_000) })).status).toBe(202);
    expect((await agent.login('admin', 'a-long-test-password')).status).toBe(200);
  });
});

describe('JSON is told by its media type', () => {
  it('refuses a text/plain body whose parameters mention application/json (415), on the web chat and the console', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    const agent = new ConsoleClient(fixline.url);
    const disguised = { 'content-type': 'text/plain; x=application/json' };
    const answers = [
      await chat.post({ text: 'hello' }, disguised),
      await fetch(`${fixline.url}/api/webchat/sessions`, { method: 'POST', headers: disguised, body: '{}' }),
      await fetch(`${fixline.url}/api/console/login`, {
        method: 'POST',
        headers: disguised,
        body: JSON.stringify({ username: 'admin', password: 'a-long-test-password' }),
      }),
      await (await agent.login('admin', 'a-long-test-password'),
      agent.send('POST', '/agents', { username: 'x1', displayName: 'X', role: 'agent', password: 'long-enough-password' }, disguised)),
    ];
    for (const res of answers) {
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: 'unsupported_media_type' });
    }
  });

  it('takes application/json in any case, with parameters', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    expect((await chat.post({ text: 'hello' }, { 'content-type': 'Application/JSON; charset=UTF-8' })).status).toBe(202);
  });
});

describe('message numbers in ?after= and Last-Event-ID', () => {
  it('out of range, negative or not a number: 400 with a reason, on the transcript and the live stream', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    const auth = { authorization: `Bearer ${chat.token}` };
    for (const after of ['2147483648', '99999999999', '-1', 'abc', '1.5', '1e3', '']) {
      for (const route of ['/messages', '/events']) {
        const res = await fetch(chat.url(`${route}?after=${encodeURIComponent(after)}`), { headers: auth });
        expect(res.status, `${route}?after=${after}`).toBe(400);
        expect(await res.json()).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(/after/) });
      }
    }
    const resumed = await fetch(chat.url('/events'), { headers: { ...auth, 'last-event-id': '2147483648' } });
    expect(resumed.status).toBe(400);
    const last = await fetch(chat.url('/messages?after=2147483647'), { headers: auth });
    expect(last.status).toBe(200);
    expect(await last.json()).toMatchObject({ messages: [] });
  });
});
