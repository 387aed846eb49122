import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A LINE Messaging API on loopback, as far as fixline uses it: reply (single-use tokens), push
 * (X-Line-Retry-Key: a repeated accepted key is answered 409 and not shown again), profile, bot
 * info, and on a second server the data API's message content. It checks LINE's limits, records
 * every request and what the user would see, and fails on demand.
 */

interface QuickItem {
  readonly label: string;
  readonly data: string;
  readonly displayText?: string;
}

/** A message as the user sees it. */
export interface Shown {
  readonly to: string;
  readonly text: string;
  readonly quick: readonly QuickItem[] | undefined;
  readonly via: 'reply' | 'push';
  readonly retryKey?: string;
}

export interface Call {
  readonly server: 'api' | 'data';
  readonly method: string;
  readonly path: string;
  readonly retryKey?: string;
  readonly body: unknown;
  status: number;
}

export type Endpoint = 'reply' | 'push' | 'profile' | 'content' | 'info';

export interface Failure {
  /** The answer's status; 0 drops the connection without an answer. */
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** The platform did the work (showed the message) but the answer is the failure. */
  readonly accept?: boolean;
}

/** An 8×8 PNG (what a phone camera would send, much smaller). */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAIAQMAAAD+wSzIAAAABlBMVEX///+/v7+jQ3Y5AAAADklEQVQI12P4AIX8EAgALgAD/aNpbtIAAAAASUVORK5CYII=',
  'base64',
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Why LINE would refuse these message objects, or null. */
function invalidMessages(messages: unknown): string | null {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5)
    return `messages: 1 to 5 required, got ${Array.isArray(messages) ? messages.length : typeof messages}`;
  for (const m of messages as { type?: string; text?: string; quickReply?: { items?: { action?: QuickItem & { type?: string } }[] } }[]) {
    if (m.type !== 'text' || typeof m.text !== 'string' || m.text.length < 1 || m.text.length > 5000) return 'text: 1 to 5000 characters';
    const items = m.quickReply?.items;
    if (items === undefined) continue;
    if (items.length < 1 || items.length > 13) return `quickReply.items: 1 to 13, got ${items.length}`;
    for (const { action } of items) {
      if (action?.type !== 'postback') return 'quickReply action: postback expected';
      if (!action.label || action.label.length > 20) return `label over 20 characters: ${action.label}`;
      if (!action.data || action.data.length > 300) return 'data over 300 characters';
      if (action.displayText !== undefined && action.displayText.length > 300) return 'displayText over 300 characters';
    }
  }
  return null;
}

export class FakeLineApi {
  readonly calls: Call[] = [];
  readonly shown: Shown[] = [];
  /** Reply tokens the platform issued (with their chat) and whether they were used. */
  readonly replyTokens = new Map<string, { to: string; used: boolean }>();
  readonly acceptedKeys = new Set<string>();
  readonly profiles = new Map<string, { displayName: string; language?: string }>();
  readonly contents = new Map<string, Buffer>();
  /** Users who blocked the bot: a push to them is answered 403. */
  readonly blocked = new Set<string>();
  private readonly failures = new Map<Endpoint, Failure[]>();
  private readonly holds = new Map<Endpoint, { arrived: () => void; released: Promise<void> }>();
  private readonly servers: Server[] = [];
  apiUrl = '';
  dataUrl = '';

  private constructor(readonly accessToken: string) {}

  static async start(accessToken: string): Promise<FakeLineApi> {
    const fake = new FakeLineApi(accessToken);
    fake.apiUrl = await fake.listen('api');
    fake.dataUrl = await fake.listen('data');
    return fake;
  }

  private async listen(server: 'api' | 'data'): Promise<string> {
    const s = createServer((req, res) => void this.handle(server, req, res));
    this.servers.push(s);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  }

  /** Issues a reply token for an event in chat `to`. */
  issueToken(to: string): string {
    const token = randomBytes(16).toString('hex');
    this.replyTokens.set(token, { to, used: false });
    return token;
  }

  /** The next `times` requests to the endpoint fail so. */
  fail(endpoint: Endpoint, failure: Failure, times = 1): void {
    const queue = this.failures.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(endpoint, queue);
  }

  /**
   * Holds the next request to the endpoint until released (a slow platform): `arrived` resolves
   * when it came in.
   */
  hold(endpoint: Endpoint): { arrived: Promise<void>; release: () => void } {
    let arrived!: () => void;
    let release!: () => void;
    const came = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(endpoint, { arrived, released });
    return { arrived: came, release };
  }

  shownTo(to: string): Shown[] {
    return this.shown.filter((s) => s.to === to);
  }

  /** Polls until the predicate holds on what was shown; returns what was shown to `to`. */
  async waitFor(to: string, done: (shown: Shown[]) => boolean, timeoutMs = 10_000): Promise<Shown[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const shown = this.shownTo(to);
      if (done(shown)) return shown;
      if (Date.now() > until) throw new Error(`timed out; shown to ${to}: ${JSON.stringify(shown.map((s) => s.text.slice(0, 80)))}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Waits until a message matching the pattern has been shown to `to` after the first `after`. */
  async waitForText(to: string, pattern: RegExp, after = 0, timeoutMs = 10_000): Promise<Shown> {
    const shown = await this.waitFor(to, (s) => s.slice(after).some((m) => pattern.test(m.text)), timeoutMs);
    return shown.slice(after).find((m) => pattern.test(m.text))!;
  }

  private async handle(server: 'api' | 'data', req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    const retryKey = req.headers['x-line-retry-key'] as string | undefined;
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const call: Call = { server, method: req.method ?? 'GET', path, ...(retryKey ? { retryKey } : {}), body, status: 0 };
    this.calls.push(call);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      if (Buffer.isBuffer(payload)) {
        res.writeHead(status, { 'content-type': 'image/png', 'content-length': payload.length, ...headers }).end(payload);
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
      }
    };

    if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
      send(401, { message: 'Authentication failed' });
      return;
    }
    const endpoint: Endpoint | undefined =
      server === 'data'
        ? /^\/v2\/bot\/message\/[^/]+\/content$/.test(path)
          ? 'content'
          : undefined
        : path === '/v2/bot/message/reply'
          ? 'reply'
          : path === '/v2/bot/message/push'
            ? 'push'
            : path.startsWith('/v2/bot/profile/')
              ? 'profile'
              : path === '/v2/bot/info'
                ? 'info'
                : undefined;
    if (!endpoint) {
      send(404, { message: 'Not found' });
      return;
    }
    const held = this.holds.get(endpoint);
    if (held) {
      this.holds.delete(endpoint);
      held.arrived();
      await held.released;
    }

    const failure = this.failures.get(endpoint)?.shift();
    if (failure && !failure.accept) {
      this.answerFailure(failure, call, res);
      return;
    }

    switch (endpoint) {
      case 'reply': {
        const { replyToken, messages } = body as { replyToken?: string; messages?: unknown };
        const token = replyToken ? this.replyTokens.get(replyToken) : undefined;
        if (!token || token.used) {
          send(400, { message: 'Invalid reply token' });
          return;
        }
        const problem = invalidMessages(messages);
        if (problem) {
          send(400, { message: 'The request body has 1 error(s)', details: [{ message: problem }] });
          return;
        }
        token.used = true;
        this.show(token.to, messages, 'reply');
        break;
      }
      case 'push': {
        const { to, messages } = body as { to?: string; messages?: unknown };
        if (retryKey !== undefined && !UUID.test(retryKey)) {
          send(400, { message: 'The retry key is not a UUID' });
          return;
        }
        if (retryKey && this.acceptedKeys.has(retryKey)) {
          send(409, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': retryKey });
          return;
        }
        const problem = invalidMessages(messages);
        if (!to || problem) {
          send(400, { message: 'The request body has 1 error(s)', details: [{ message: problem ?? 'to is required' }] });
          return;
        }
        if (this.blocked.has(to)) {
          send(403, { message: 'The user has blocked the account' });
          return;
        }
        if (retryKey) this.acceptedKeys.add(retryKey);
        this.show(to, messages, 'push', retryKey);
        break;
      }
      case 'profile': {
        const userId = decodeURIComponent(path.slice('/v2/bot/profile/'.length));
        const profile = this.profiles.get(userId);
        if (profile) send(200, { userId, ...profile });
        else send(404, { message: 'Not found' });
        return;
      }
      case 'info':
        send(200, {
          userId: 'Ubotfixline000000000000000000000',
          basicId: '@fixline',
          displayName: 'Fixline',
          chatMode: 'bot',
          markAsReadMode: 'auto',
        });
        return;
      case 'content': {
        const id = path.split('/')[4]!;
        const bytes = this.contents.get(id) ?? (/^\d+$/.test(id) ? PNG : undefined);
        if (bytes) send(200, bytes);
        else send(404, { message: 'Not found' });
        return;
      }
    }
    if (failure) {
      this.answerFailure(failure, call, res);
      return;
    }
    send(200, endpoint === 'push' ? { sentMessages: [] } : {});
    return;
  }

  private answerFailure(failure: Failure, call: Call, res: ServerResponse): void {
    call.status = failure.status;
    if (failure.status === 0) {
      res.socket?.destroy();
      return;
    }
    res
      .writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers })
      .end(JSON.stringify(failure.body ?? { message: `failure ${failure.status}` }));
  }

  private show(to: string, messages: unknown, via: 'reply' | 'push', retryKey?: string): void {
    for (const m of messages as { text: string; quickReply?: { items: { action: QuickItem }[] } }[]) {
      const quick = m.quickReply?.items.map(({ action }) => ({
        label: action.label,
        data: action.data,
        ...(action.displayText ? { displayText: action.displayText } : {}),
      }));
      this.shown.push({ to, text: m.text, quick, via, ...(retryKey ? { retryKey } : {}) });
    }
  }
}
