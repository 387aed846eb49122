import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one chat was shown, in the order the platform accepted it. */
export interface Shown {
  readonly text: string;
  readonly at: number;
}

export interface FailurePlan {
  /** Every n-th send fails (0: none): alternately 429 with retry_after and 500. */
  readonly every: number;
  readonly retryAfterSeconds: number;
}

async function body(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: http.ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A Telegram Bot API and a LINE Messaging API on loopback, lean enough for load: they accept
 * sends, record what each chat saw and when, and fail a planned share of them (429 or 500, in
 * which case nothing was shown). LINE's reply tokens work once; a push's retry key is honoured
 * (a repeat answers 409 and shows nothing).
 */
export class FakePlatforms {
  readonly telegram = new Map<string, Shown[]>();
  readonly line = new Map<string, Shown[]>();
  plan: FailurePlan = { every: 0, retryAfterSeconds: 1 };
  calls = 0;
  failures = 0;
  private readonly usedTokens = new Set<string>();
  private readonly acceptedKeys = new Set<string>();
  private servers: http.Server[] = [];
  telegramUrl = '';
  lineUrl = '';

  async start(): Promise<void> {
    const tg = http.createServer((req, res) => void this.telegramApi(req, res).catch(() => reply(res, 500, { ok: false })));
    const line = http.createServer((req, res) => void this.lineApi(req, res).catch(() => reply(res, 500, {})));
    for (const s of [tg, line]) {
      s.keepAliveTimeout = 60_000;
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    }
    this.servers = [tg, line];
    this.telegramUrl = `http://127.0.0.1:${(tg.address() as AddressInfo).port}`;
    this.lineUrl = `http://127.0.0.1:${(line.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.servers) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }

  /** Whether this send fails, by the plan; 429 and 500 alternate. */
  private planned(): 429 | 500 | null {
    this.calls++;
    if (this.plan.every <= 0 || this.calls % this.plan.every !== 0) return null;
    this.failures++;
    return this.failures % 2 === 1 ? 429 : 500;
  }

  private record(map: Map<string, Shown[]>, to: string, text: string): void {
    let list = map.get(to);
    if (!list) map.set(to, (list = []));
    list.push({ text, at: performance.now() });
  }

  private async telegramApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
    const raw = await body(req);
    const params = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (method === 'getMe') {
      reply(res, 200, { ok: true, result: { id: 123456789, is_bot: true, first_name: 'Fixline', username: 'fixline_bench_bot' } });
      return;
    }
    if (method !== 'sendMessage') {
      reply(res, 200, { ok: true, result: true });
      return;
    }
    const failure = this.planned();
    if (failure === 429) {
      reply(res, 429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry later',
        parameters: { retry_after: this.plan.retryAfterSeconds },
      });
      return;
    }
    if (failure === 500) {
      reply(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      return;
    }
    const chat = String(params.chat_id);
    this.record(this.telegram, chat, typeof params.text === 'string' ? params.text : '');
    reply(res, 200, {
      ok: true,
      result: {
        message_id: this.calls,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(chat), type: 'private' },
        text: params.text,
      },
    });
    return;
  }

  private async lineApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '';
    const raw = await body(req);
    if (url.startsWith('/v2/bot/info')) {
      reply(res, 200, { userId: 'Ubenchbot', basicId: '@bench', displayName: 'fixline bench' });
      return;
    }
    if (url.startsWith('/v2/bot/profile/')) {
      reply(res, 404, { message: 'Not found' });
      return;
    }
    const payload = JSON.parse(raw || '{}') as { replyToken?: string; to?: string; messages?: { text?: string }[] };
    if (url.startsWith('/v2/bot/message/reply')) {
      const token = payload.replyToken ?? '';
      if (this.usedTokens.has(token)) {
        reply(res, 400, { message: 'Invalid reply token' });
        return;
      }
      const failure = this.planned();
      if (failure) {
        reply(res, failure, { message: failure === 429 ? 'The API rate limit has been exceeded.' : 'Internal error' });
        return;
      }
      this.usedTokens.add(token);
      const to = token.split('|')[0]!;
      for (const m of payload.messages ?? []) this.record(this.line, to, m.text ?? '');
      reply(res, 200, { sentMessages: [] });
      return;
    }
    if (url.startsWith('/v2/bot/message/push')) {
      const key = String(req.headers['x-line-retry-key'] ?? '');
      if (key && this.acceptedKeys.has(key)) {
        reply(res, 409, { message: 'The retry key is already accepted' });
        return;
      }
      const failure = this.planned();
      if (failure) {
        reply(res, failure, { message: failure === 429 ? 'The API rate limit has been exceeded.' : 'Internal error' });
        return;
      }
      if (key) this.acceptedKeys.add(key);
      for (const m of payload.messages ?? []) this.record(this.line, payload.to ?? '', m.text ?? '');
      reply(res, 200, { sentMessages: [] });
      return;
    }
    reply(res, 404, { message: 'Not found' });
    return;
  }
}
