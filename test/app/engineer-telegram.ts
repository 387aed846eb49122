import { decodeUpdate, type RawUpdate } from '../../src/channels/telegram/decode.js';
import type { InboundContent } from '../../src/domain/messages.js';
import type { TestDesk } from '../support/desk.js';

/** An engineer's Telegram as the webhook would see it: updates decoded as the channel does, then handled by the desk. */
export class EngineerTelegram {
  private updateId = 0;

  constructor(
    private readonly desk: () => TestDesk,
    private readonly chatId: number,
  ) {}

  private get from() {
    return { id: this.chatId, is_bot: false, first_name: 'Wei', language_code: 'en' };
  }

  /** Presses a button the bot offered last, as a callback query. */
  async press(label: string | RegExp): Promise<InboundContent> {
    const desk = this.desk();
    const offered = (await desk.transcript(String(this.chatId))).filter((m) => m.choices?.length).at(-1)?.choices ?? [];
    const choice = offered.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
    if (!choice) throw new Error(`no button ${String(label)} in ${JSON.stringify(offered)}`);
    return this.pressId(choice.id);
  }

  /** Presses a button by its id (one of an older message, still in the chat). */
  async pressId(data: string): Promise<InboundContent> {
    return this.send({
      callback_query: {
        id: `cb-${++this.updateId}`,
        from: this.from,
        message: { message_id: 900 + this.updateId, chat: { id: this.chatId, type: 'private' }, date: 1 },
        chat_instance: '42',
        data,
      },
    });
  }

  /** An update with these fields, decoded and handled; returns what it decoded to. */
  async send(fields: Record<string, unknown>): Promise<InboundContent> {
    const desk = this.desk();
    const update = { update_id: ++this.updateId, ...fields } as RawUpdate;
    const decoded = decodeUpdate(update, { botId: 1, botUsername: 'fixline_bot', commands: desk.catalog.flowSet.commands, now: desk.now });
    if (decoded.kind !== 'message') throw new Error(`not decoded: ${decoded.reason}`);
    const m = decoded.message;
    await desk.send(m.conversationKey, m.content, { channel: 'telegram', userId: m.userId, externalId: m.externalId });
    return m.content;
  }

  /** A location shared in the chat (Telegram's `message.location`). */
  location(latitude: number, longitude: number): Record<string, unknown> {
    return {
      message: {
        message_id: 800 + this.updateId,
        from: this.from,
        chat: { id: this.chatId, type: 'private', first_name: 'Wei' },
        date: 1,
        location: { latitude, longitude },
      },
    };
  }
}
