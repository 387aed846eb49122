import { Telegram, TelegramError } from 'telegraf';

const DEFAULT_API_ROOT = 'https://api.telegram.org';

/**
 * The Bot API through telegraf's client (`Telegram.callApi`), with a time limit on every call and
 * the token kept out of error messages.
 */
export class TelegramApi {
  readonly client: Telegram;
  /** The API root with a trailing slash, so that a path prefix (a self-hosted server) is kept. */
  readonly root: string;
  /** The bot's user id: the number before the colon of the token. */
  readonly botId: number;

  constructor(
    private readonly token: string,
    apiRoot: string = DEFAULT_API_ROOT,
  ) {
    this.root = apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`;
    this.client = new Telegram(token, { apiRoot: this.root });
    this.botId = Number(token.split(':')[0]);
  }

  /** Calls a method; rejects with telegraf's TelegramError (the API said no) or a network error. */
  async call<T = unknown>(method: string, payload: object, options: { timeoutMs: number; signal?: AbortSignal }): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the client as `this` on the next line
      const call = this.client.callApi as unknown as (m: string, p: object, o: { signal: AbortSignal }) => Promise<T>;
      return await call.call(this.client, method, payload, { signal });
    } catch (error) {
      throw this.redact(error);
    }
  }

  /** Where a file Telegram stores (getFile's file_path) is downloaded from. */
  fileUrl(filePath: string): URL {
    return new URL(`./file/bot${this.token}/${filePath.replace(/^\/+/, '')}`, this.root);
  }

  /** The error with the token removed from its message (network errors quote the URL). */
  redact(error: unknown): unknown {
    if (error instanceof Error && error.message.includes(this.token)) error.message = error.message.split(this.token).join('<token>');
    return error;
  }

  describe(error: unknown): string {
    const e = this.redact(error);
    if (e instanceof TelegramError) return `${e.code}: ${e.description}`;
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
}

/** The API answered, and will answer the same to the same request (not 429, not 5xx). */
export function isPermanent(error: unknown): boolean {
  return (
    error instanceof TelegramError &&
    error.code >= 400 &&
    error.code < 500 &&
    error.code !== 429 &&
    error.parameters?.retry_after === undefined
  );
}

export { TelegramError };
