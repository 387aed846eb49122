import type { Logger } from 'pino';
import type { OutboxItem } from '../../ports/outbox.js';
import type { ChannelTransport, DeliveryOutcome } from '../../ports/transport.js';
import type { TelegramApi } from './api.js';
import { classifyFailure } from './delivery-errors.js';
import { encode } from './encode.js';

export interface TelegramLimits {
  /** Messages of one conversation per outbox round (see the crash window in the README). */
  readonly batchSize: number;
  readonly perChatPerSecond: number;
  readonly perChatBurst: number;
  readonly globalPerSecond: number;
}

/** Telegram's limits: about one message a second per chat (short bursts pass) and 30 a second in all. */
export const TELEGRAM_LIMITS: TelegramLimits = { batchSize: 1, perChatPerSecond: 1, perChatBurst: 3, globalPerSecond: 30 };

const SEND_TIMEOUT_MS = 30_000;
const MAX_REMEMBERED = 10_000;

/**
 * Sends outbox messages as encode makes them (sendMessage), one request per part, in order, pacing before each
 * request, and stops at the first failure saying how many messages went out. A message split in
 * parts that failed half-way resumes at the failed part when retried by this instance.
 */
export class TelegramTransport implements ChannelTransport {
  readonly channel = 'telegram' as const;
  readonly batchSize: number;
  readonly perChatPerSecond: number;
  readonly perChatBurst: number;
  readonly globalPerSecond: number;
  /** Outbox id → parts of it already shown. */
  private readonly partsSent = new Map<number, number>();

  constructor(
    private readonly api: TelegramApi,
    private readonly log: () => Logger,
    limits: TelegramLimits = TELEGRAM_LIMITS,
  ) {
    this.batchSize = limits.batchSize;
    this.perChatPerSecond = limits.perChatPerSecond;
    this.perChatBurst = limits.perChatBurst;
    this.globalPerSecond = limits.globalPerSecond;
  }

  async deliver(items: readonly OutboxItem[], pace: () => Promise<void>, _now?: Date): Promise<DeliveryOutcome> {
    for (const [i, item] of items.entries()) {
      const requests = encode(item.payload, (choice, why) =>
        this.log().warn(
          { outboxId: item.id, to: item.payload.to, choiceId: choice.id, label: choice.label, why },
          'button left out of a Telegram message',
        ),
      );
      const sent = this.partsSent.get(item.id) ?? 0;
      for (const [part, request] of requests.entries()) {
        if (part < sent) continue;
        await pace();
        try {
          await this.api.call(request.method, request.body, { timeoutMs: SEND_TIMEOUT_MS });
        } catch (error) {
          const failure = classifyFailure(error, item.payload.to, (e) => this.api.describe(e));
          if (failure.kind === 'retry' && part > 0) this.remember(item.id, part);
          else this.partsSent.delete(item.id);
          return { delivered: i, failure };
        }
      }
      this.partsSent.delete(item.id);
    }
    return { delivered: items.length };
  }

  private remember(id: number, parts: number): void {
    const oldest = this.partsSent.keys().next();
    if (this.partsSent.size >= MAX_REMEMBERED && !oldest.done) this.partsSent.delete(oldest.value);
    this.partsSent.set(id, parts);
  }
}
