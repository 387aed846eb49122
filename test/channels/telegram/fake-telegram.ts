import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TELEGRAM_FIXTURES } from '../../support/fixtures.js';

export const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(TELEGRAM_FIXTURES, name), 'utf8')) as Record<string, unknown>;

export const TOKEN = '123456789:AAF-fake_token_for_tests_0123456789';
export const BOT = { id: 123456789, is_bot: true, first_name: 'Fixline', username: 'fixline_test_bot' };
/** The bytes every file download answers: the start of a JPEG (fixline only checks the magic). */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF fake photo for tests')]);

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Body = Record<string, any>;

export interface Call {
  readonly method: string;
  readonly body: Body;
  readonly at: number;
  /** The HTTP status the fake answered. */
  status: number;
}

/** A failure the fake answers instead of the method's result. */
export type FailureKind = '429' | '500' | '403' | 'chat-not-found' | 'bad-request' | 'fixture-error';

interface Failure {
  readonly method: string;
  readonly kind: FailureKind;
  readonly when: (body: Body) => boolean;
  times: number;
}

function failureResponse(kind: FailureKind): { status: number; body: unknown } {
  switch (kind) {
    case '429': {
      // The shape of a real error reply (TelegramBots' ResponseWithError fixture), as a 429 with retry_after 1.
      const shape = fixture('telegrambots-java_ResponseWithError.json') as { parameters: Record<string, unknown> };
      return {
        status: 429,
        body: {
          ...shape,
          error_code: 429,
          description: 'Too Many Requests: retry after 1',
          parameters: { ...shape.parameters, retry_after: 1 },
        },
      };
    }
    case 'fixture-error':
      return { status: 400, body: fixture('telegrambots-java_ResponseWithError.json') };
    case '500':
      return { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } };
    case '403':
      return { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
    case 'chat-not-found':
      return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } };
    case 'bad-request':
      return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' } };
  }
}

/**
 * A fake Telegram Bot API on loopback: the methods fixline uses at /bot<token>/<method>, files at
 * /file/bot<token>/<path>, every call recorded, failures to order, and a getUpdates queue.
 */
export class FakeTelegram {
  readonly calls: Call[] = [];
  readonly downloads: string[] = [];
  private readonly failures: Failure[] = [];
  private readonly queue: Body[] = [];
  private readonly pollers = new Set<() => void>();
  private counter = 1000;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly token: string,
  ) {}

  static async start(token = TOKEN): Promise<FakeTelegram> {
    const server = http.createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeTelegram(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token);
    return fake;
  }

  /** The next `times` calls of the method (matching `when`) fail as told. */
  fail(method: string, kind: FailureKind, options: { times?: number; when?: (body: Body) => boolean } = {}): void {
    this.failures.push({ method, kind, when: options.when ?? (() => true), times: options.times ?? 1 });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Updates for getUpdates (long polling). */
  queueUpdates(...updates: Body[]): void {
    this.queue.push(...updates);
    for (const wake of [...this.pollers]) wake();
  }

  /** getUpdates calls waiting for updates right now. */
  get waitingPolls(): number {
    return this.pollers.size;
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the fake accepted (status 200), to one chat or all. */
  sent(chatId?: number | string): Body[] {
    return this.callsOf('sendMessage')
      .filter((c) => c.status === 200 && (chatId === undefined || String(c.body.chat_id) === String(chatId)))
      .map((c) => c.body);
  }

  /** Polls until `check` returns something truthy. */
  async waitFor<T>(
    check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    what: string | (() => string),
    timeoutMs = 10_000,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    for (const wake of [...this.pollers]) wake();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown, type = 'application/json') => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { 'content-type': type });
      res.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
    };
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      if (file[1] !== this.token) {
        send(404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      this.downloads.push(file[2]!);
      send(200, JPEG, 'image/jpeg');
      return;
    }
    const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!api) {
      send(404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    let body: Body = {};
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      body = text ? (JSON.parse(text) as Body) : {};
    } catch {
      send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
      return;
    }
    const call: Call = { method: api[2]!, body, at: Date.now(), status: 200 };
    this.calls.push(call);
    if (api[1] !== this.token) {
      call.status = 401;
      send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const failure = this.failures.find((f) => f.method === call.method && f.times > 0 && f.when(body));
    if (failure) {
      failure.times--;
      const { status, body: answer } = failureResponse(failure.kind);
      call.status = status;
      send(status, answer);
      return;
    }
    const result = await this.result(call.method, body, req);
    if (result === undefined) {
      call.status = 404;
      send(404, { ok: false, error_code: 404, description: `Not Found: method ${call.method} is not faked` });
      return;
    }
    send(200, { ok: true, result });
  }

  private async result(method: string, body: Body, req: http.IncomingMessage): Promise<unknown> {
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case 'getMe':
        return BOT;
      case 'setMyCommands':
      case 'setWebhook':
      case 'deleteWebhook':
      case 'answerCallbackQuery':
        return true;
      case 'sendMessage': {
        const chatId = Number(body.chat_id);
        return {
          message_id: ++this.counter,
          from: BOT,
          chat: { id: chatId, type: chatId > 0 ? 'private' : 'group' },
          date,
          text: body.text,
          ...(body.reply_markup?.inline_keyboard ? { reply_markup: body.reply_markup } : {}),
        };
      }
      case 'getFile': {
        const n = ++this.counter;
        return { file_id: body.file_id, file_unique_id: `u${n}`, file_size: JPEG.length, file_path: `photos/file_${n}.jpg` };
      }
      case 'getUpdates':
        return this.getUpdates(body, req);
      default:
        return undefined;
    }
  }

  /** Confirms updates below the offset, returns the rest, or waits for some until the time-out. */
  private async getUpdates(body: Body, req: http.IncomingMessage): Promise<Body[]> {
    const offset = typeof body.offset === 'number' ? body.offset : undefined;
    const pending = () => {
      if (offset !== undefined) {
        for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.update_id < offset) this.queue.splice(i, 1);
      }
      return this.queue.slice(0, body.limit ?? 100);
    };
    const now = pending();
    if (now.length > 0 || !body.timeout) return now;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pollers.delete(done);
        req.socket.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, Number(body.timeout) * 1000);
      this.pollers.add(done);
      req.socket.once('close', done);
    });
    return pending();
  }
}
