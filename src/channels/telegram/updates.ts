import type { Logger } from 'pino';
import type { ChannelContext } from '../../ports/channel-module.js';
import type { TelegramApi } from './api.js';
import { type Decoded, decodeUpdate, fromGroup, type RawUpdate } from './decode.js';
import type { BotIdentity } from './identity.js';
import type { CommandName } from '../../flows/schema.js';

export interface HandledUpdates {
  readonly accepted: number;
  readonly duplicates: number;
  readonly ignored: number;
  /** Recorded but unusable (an id with a NUL or a lone surrogate): acknowledged, never processed. Only when some were. */
  readonly rejected?: number;
}

/**
 * What the webhook and the long-polling loop both do with updates: decode them, record the
 * messages (`ctx.receive`, which resolves once they are committed: only then may Telegram be told
 * they arrived), then answer the callback queries so that the pressed buttons stop spinning.
 */
export class UpdateHandler {
  constructor(
    private readonly api: TelegramApi,
    private readonly identity: BotIdentity,
    private readonly slash: ReadonlyMap<string, CommandName>,
    private readonly ctx: ChannelContext,
    private readonly log: Logger,
  ) {}

  /** Rejects when the messages could not be recorded (the database is down): Telegram must send them again. */
  async handle(updates: readonly RawUpdate[]): Promise<HandledUpdates> {
    if (!this.identity.username && updates.some(fromGroup)) await this.identity.ensure();
    const now = this.ctx.clock();
    const context = { botId: this.identity.id, slash: this.slash, now, ...(this.identity.username ? { botUsername: this.identity.username } : {}) };
    const decoded: Decoded[] = updates.map((u) => decodeUpdate(u, context));
    const messages = decoded.flatMap((d) => (d.kind === 'message' ? [d.message] : []));
    const statuses = await this.ctx.receive(messages);
    let i = 0;
    let accepted = 0;
    let rejected = 0;
    for (const [n, d] of decoded.entries()) {
      if (d.kind === 'ignored') {
        this.log.debug({ updateId: updates[n]!.update_id, reason: d.reason }, 'Telegram update ignored');
        if (d.callbackQueryId) this.answer(d.callbackQueryId);
        continue;
      }
      const status = statuses[i++];
      if (status === 'accepted') accepted++;
      if (status === 'rejected') rejected++;
      if (d.callbackQueryId && status === 'accepted') this.answer(d.callbackQueryId);
    }
    if (rejected > 0) this.log.warn({ rejected }, 'Telegram updates with a NUL or a lone surrogate in an id recorded as rejected (see inbound_events.rejected)');
    return { accepted, duplicates: messages.length - accepted - rejected, ignored: decoded.length - messages.length, ...(rejected ? { rejected } : {}) };
  }

  /** answerCallbackQuery, in the background: if it fails the button spins a while, nothing worse. */
  private answer(id: string): void {
    this.api.call('answerCallbackQuery', { callback_query_id: id }, { timeoutMs: 10_000 }).catch((error: unknown) => {
      this.log.warn({ callbackQueryId: id, error: this.api.describe(error) }, 'answering a callback query failed');
    });
  }
}
