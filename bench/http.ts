import http from 'node:http';

/** One keep-alive client for the whole run, like a platform's delivery workers. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 10_000 });

export interface Posted {
  readonly status: number;
  readonly ms: number;
  /** Why there is no answer (status 0). */
  readonly error?: string;
}

/** POSTs and measures until the answer is complete; a network error is status 0. */
export function post(url: string, headers: Record<string, string>, body: string | Buffer, timeoutMs = 30_000): Promise<Posted> {
  return send('POST', url, headers, body, timeoutMs);
}

/**
 * Any request (a GET without a body), measured until the answer is complete; a network error is
 * status 0. An event stream that opens never ends by itself: it is read for a moment, then closed.
 */
export function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  timeoutMs = 30_000,
): Promise<Posted> {
  const started = performance.now();
  return new Promise((resolve) => {
    const length = body === undefined ? {} : { 'content-length': Buffer.byteLength(body) };
    const req = http.request(url, { method, agent, headers: { ...headers, ...length }, timeout: timeoutMs }, (res) => {
      res.resume();
      if ((res.headers['content-type'] ?? '').includes('text/event-stream')) {
        // A live stream that opened: answered; close it after a moment.
        setTimeout(() => res.destroy(), 200);
        res.on('close', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        return;
      }
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.on('error', (e) => resolve({ status: 0, ms: performance.now() - started, error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, ms: performance.now() - started, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(body);
  });
}

export function closeClient(): void {
  agent.destroy();
}
