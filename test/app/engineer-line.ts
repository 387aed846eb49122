import { randomBytes } from 'node:crypto';
import { decodeEvent } from '../../src/channels/line/decode.js';
import type { InboundContent } from '../../src/domain/messages.js';
import type { TestDesk } from '../support/desk.js';
import type { Inspection } from '../../src/ports/inspections.js';

/**
 * An engineer's LINE as the webhook would see it: events shaped as LINE sends them (a postback for
 * a quick-reply button, a text message), decoded as the channel does, then handled by the desk.
 */
export class EngineerLine {
  private events = 0;

  constructor(
    private readonly desk: () => TestDesk,
    readonly userId: string,
  ) {}

  private base(type: string) {
    return {
      type,
      mode: 'active',
      timestamp: this.desk().now.getTime(),
      source: { type: 'user', userId: this.userId },
      webhookEventId: `01INSP${String(++this.events).padStart(6, '0')}${randomBytes(7).toString('hex').toUpperCase()}`,
      deliveryContext: { isRedelivery: false },
      replyToken: randomBytes(16).toString('hex'),
    };
  }

  /** Taps a quick-reply button of the newest bot message (LINE shows only that message's). */
  async press(label: string | RegExp): Promise<InboundContent> {
    const offered = (await this.desk().transcript(this.userId)).filter((m) => m.direction === 'out').at(-1)?.choices ?? [];
    const choice = offered.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
    if (!choice) throw new Error(`no quick reply ${String(label)} in ${JSON.stringify(offered)}`);
    return this.postback(choice.id);
  }

  /** A postback event carrying this data. */
  postback(data: string): Promise<InboundContent> {
    return this.send({ ...this.base('postback'), postback: { data } });
  }

  /** A text message. */
  say(text: string): Promise<InboundContent> {
    return this.send({ ...this.base('message'), message: { id: String(++this.events), type: 'text', quoteToken: 'q', text } });
  }

  async send(event: Record<string, unknown>): Promise<InboundContent> {
    const desk = this.desk();
    const decoded = decodeEvent(event, { receivedAt: desk.now.toISOString(), commands: desk.catalog.flowSet.commands });
    if (decoded.kind !== 'message') throw new Error(`not decoded: ${decoded.reason}`);
    const m = decoded.message;
    await desk.send(m.conversationKey, m.content, { channel: 'line', userId: m.userId, externalId: m.externalId });
    return m.content;
  }
}

/**
 * What an inspection suite reads of the engineer's LINE chat and the inspection: the bot's messages,
 * the last one, the inspection as stored now, the ticket a line opened, and the messages one step caused.
 */
export function inspectionReaders(desk: () => TestDesk, user: string, inspection: () => Inspection) {
  const out = async () => (await desk().transcript(user)).filter((m) => m.direction === 'out');
  const fresh = async () => (await desk().store.read.inspections.get(inspection().id))!;
  return {
    out,
    last: async () => (await out()).at(-1)!,
    fresh,
    ticketOf: async (index: number) => {
      const id = (await fresh()).items[index]!.ticketId;
      return (await desk().tickets()).find((t) => t.id === id)!;
    },
    /** What one step of the engineer's brings: the bot's messages it caused. */
    answers: async (step: () => Promise<unknown>) => {
      const before = (await out()).length;
      await step();
      return (await out()).slice(before);
    },
  };
}
