import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { errorHandler, HttpError } from '../../src/web/errors.js';

function app() {
  const a = new Hono();
  a.onError(errorHandler(pino({ level: 'silent' })));
  const fail = (error: Error) => () => {
    throw error;
  };
  a.post(
    '/limited',
    bodyLimit({ maxSize: 10, onError: fail(new HttpError(413, 'body_too_large', 'the request body is larger than 10 bytes')) }),
    (c) => c.text('ok'),
  );
  a.post('/plain-413', fail(new HTTPException(413, { message: 'too big' })));
  a.post('/refused', fail(new HttpError(400, 'bad_input', 'the input is not what was expected')));
  a.post('/broken', fail(new Error('database unavailable')));
  return a;
}

describe('error responses', () => {
  it('a body refused for its size closes the connection (the rest of it was never read), with a reason', async () => {
    for (const path of ['/limited', '/plain-413']) {
      const res = await app().request(path, { method: 'POST', body: 'x'.repeat(100) });
      expect(res.status, path).toBe(413);
      expect(res.headers.get('connection'), path).toBe('close');
      expect((await res.json()) as { error: string }).toMatchObject({ error: 'body_too_large' });
    }
  });

  it('other refusals keep the connection and say why; unexpected failures are a 503 without internals', async () => {
    const refused = await app().request('/refused', { method: 'POST' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('connection')).toBeNull();
    expect(await refused.json()).toEqual({ error: 'bad_input', message: 'the input is not what was expected' });
    const broken = await app().request('/broken', { method: 'POST' });
    expect(broken.status).toBe(503);
    expect(JSON.stringify(await broken.json())).not.toContain('database unavailable');
  });
});
