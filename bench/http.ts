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
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (res) => {
      res.resume();
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
