import type { Logger } from 'pino';
import type { TelegramApi } from './api.js';

/**
 * Who the bot is: its id comes from the token, its @username from getMe (asked at start, and again
 * when a group message needs it before start got an answer). Groups need it to see mentions.
 */
export class BotIdentity {
  username: string | undefined;
  private asking: Promise<string | undefined> | undefined;

  constructor(
    private readonly api: TelegramApi,
    private readonly log: () => Logger,
  ) {}

  get id(): number {
    return this.api.botId;
  }

  /** Asks getMe; rejects when Telegram cannot be reached. */
  async load(signal?: AbortSignal): Promise<string> {
    const me = await this.api.call<{ id: number; username?: string }>('getMe', {}, { timeoutMs: 15_000, ...(signal ? { signal } : {}) });
    if (!me.username) throw new Error('getMe returned no username');
    this.username = me.username;
    return me.username;
  }

  /** The username, asking getMe (briefly) when it is not known yet; undefined if that fails. */
  ensure(): Promise<string | undefined> {
    if (this.username) return Promise.resolve(this.username);
    this.asking ??= this.api
      .call<{ username?: string }>('getMe', {}, { timeoutMs: 5_000 })
      .then((me) => (this.username = me.username))
      .catch((error: unknown) => {
        this.log().warn({ error: this.api.describe(error) }, 'getMe failed; group mentions are not recognised until it works');
        return undefined;
      })
      .finally(() => (this.asking = undefined));
    return this.asking;
  }
}
