/**
 * The web chat HTTP API as the page uses it (README "Web chat API"): every request carries the
 * session's token; an answer other than 2xx becomes an ApiError with the server's error code.
 */

const API = '/api/webchat';

/** One transcript entry as the server sends it. */
export interface ServerMessage {
  readonly seq: number;
  readonly from: string;
  readonly text?: string;
  readonly choices?: readonly Choice[];
  readonly photo?: string;
  readonly at?: string;
  readonly lang?: string;
}

export interface Choice {
  readonly id: string;
  readonly label: string;
}

/** `GET …/messages?after=N` */
export interface MessagesPage {
  readonly lang?: string;
  readonly messages: readonly ServerMessage[];
}

/** Why a request failed: `status` 0 when the network did not answer. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}

/** 401 or 404: the session is no more (expired, or unknown to the server). */
export function isGone(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 401 || error.status === 404);
}

/** A request given up on purpose (its AbortSignal fired). */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError';
}

/** What a message carries: a typed answer or a button's id, and the id that makes a resend count once. */
export type MessageBody = { readonly text: string; readonly clientId: string } | { readonly choice: string; readonly clientId: string };

interface RequestOptions {
  readonly json?: unknown;
  readonly body?: Blob;
  readonly accept?: string;
  readonly signal?: AbortSignal;
  readonly cache?: RequestCache;
}

/** The session the requests are made for (read at each request: a new chat changes it). */
export interface Credentials {
  readonly sessionId: string;
  readonly token: string;
}

/** `POST /sessions`: a chosen language, the browser's languages, a QR sticker's device, the contact token. */
export interface NewSession {
  readonly lang?: string;
  readonly languages?: readonly string[];
  readonly asset?: string;
  readonly contactToken?: string;
}

export class ChatApi {
  constructor(private readonly credentials: () => Credentials) {}

  /** `POST /sessions`: a new conversation (the bot greets, or starts a report for the asset). */
  async createSession(body: NewSession): Promise<Credentials & { readonly contactToken?: string }> {
    const res = await this.request('POST', `${API}/sessions`, { json: body });
    const created = (await res.json()) as { sessionId?: unknown; token?: unknown; contactToken?: unknown };
    if (typeof created.sessionId !== 'string' || typeof created.token !== 'string') throw new ApiError(res.status, 'bad_answer');
    const contactToken = typeof created.contactToken === 'string' ? created.contactToken : undefined;
    return { sessionId: created.sessionId, token: created.token, ...(contactToken ? { contactToken } : {}) };
  }

  /** The transcript after message `after` (at most a page of it). */
  async messages(after: number, signal?: AbortSignal): Promise<MessagesPage> {
    const res = await this.request('GET', `${this.session()}/messages?after=${after}`, signal ? { signal } : {});
    const body = (await res.json()) as { lang?: unknown; messages?: unknown };
    return {
      ...(typeof body.lang === 'string' ? { lang: body.lang } : {}),
      messages: Array.isArray(body.messages) ? (body.messages as ServerMessage[]) : [],
    };
  }

  /** The live stream of new messages after `after` (server-sent events). */
  events(after: number, signal: AbortSignal): Promise<Response> {
    return this.request('GET', `${this.session()}/events?after=${after}`, { signal, accept: 'text/event-stream' });
  }

  async send(body: MessageBody): Promise<void> {
    await this.request('POST', `${this.session()}/messages`, { json: body });
  }

  async sendPhoto(clientId: string, photo: Blob): Promise<void> {
    await this.request('POST', `${this.session()}/photos?clientId=${encodeURIComponent(clientId)}`, { body: photo });
  }

  /** A transcript photo (its URL as the transcript gives it), fetched with the token. */
  async photo(url: string): Promise<Blob> {
    const res = await this.request('GET', url, { cache: 'default' });
    return res.blob();
  }

  private session(): string {
    return `${API}/sessions/${encodeURIComponent(this.credentials().sessionId)}`;
  }

  private async request(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {};
    const { token } = this.credentials();
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      headers['Content-Type'] = options.body.type || 'application/octet-stream';
      body = options.body;
    }
    if (options.accept) headers.Accept = options.accept;
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        cache: options.cache ?? 'no-store',
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError(0, 'network', String(error));
    }
    if (!res.ok) {
      let info: { error?: unknown; message?: unknown } = {};
      try {
        info = ((await res.json()) as typeof info | null) ?? {};
      } catch {
        // not JSON (a proxy's error page): the status says enough
      }
      throw new ApiError(
        res.status,
        typeof info.error === 'string' ? info.error : `http_${res.status}`,
        typeof info.message === 'string' ? info.message : undefined,
      );
    }
    return res;
  }
}
