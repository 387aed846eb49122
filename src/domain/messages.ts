import type { Lang } from './i18n.js';

export type ChannelName = 'webchat' | 'telegram' | 'line';

/** Why a photo was not kept: its conversation's photo limit, or the desk's in all. */
export type PhotoRefusal = 'conversation_quota' | 'total_quota';

/** What the user sent, independent of the platform. */
export type InboundContent =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'choice'; readonly id: string }
  /**
   * A photo: `attachmentId` once it is stored; until then `media` is the platform's reference
   * (a Telegram file id, a LINE message id), fetched before the conversation is processed.
   */
  | {
      readonly kind: 'photo';
      readonly attachmentId?: string;
      readonly media?: string;
      readonly caption?: string;
      /** Not kept: the photo limit of the conversation or of the whole desk was reached (the caption is kept). */
      readonly refused?: PhotoRefusal;
    }
  /** A command; `text` is what the user typed (`报修`, `/status@mybot 12`), which the transcript shows. */
  | { readonly kind: 'command'; readonly command: string; readonly arg?: string; readonly text?: string }
  /**
   * A conversation (re)started: a new web chat session, a QR link (`assetTag`: the device it
   * names), or the start command typed (`text`: as typed).
   */
  | { readonly kind: 'start'; readonly assetTag?: string; readonly text?: string }
  | { readonly kind: 'contact'; readonly phone: string }
  /** A message the user edited after sending it: kept, and the user told how to correct an answer. */
  | { readonly kind: 'edited'; readonly text: string }
  /** The user blocked the bot or unfollowed it: nothing is sent to them until they come back. */
  | { readonly kind: 'blocked' }
  /** The user came back (unblocked, followed again). */
  | { readonly kind: 'unblocked'; readonly greet: boolean }
  /**
   * A location the user shared (Telegram, LINE): an engineer's check-in on site; for anyone else it
   * reads like something the bot cannot read (answered politely, kept in the transcript).
   */
  | { readonly kind: 'location'; readonly latitude: number; readonly longitude: number; readonly address?: string }
  /** Something the bot cannot read (a sticker, a video…): answered politely, kept in the transcript. */
  | { readonly kind: 'unsupported'; readonly what: string };

/** One inbound message as every channel adapter produces it. */
export interface InboundMessage {
  readonly channel: ChannelName;
  /** The platform's id of the event: a repeat of it is acknowledged and ignored. */
  readonly externalId: string;
  /** The chat on the channel: all its messages are processed in order, one at a time. */
  readonly conversationKey: string;
  /** Who wrote, on that channel. */
  readonly userId: string;
  /**
   * Who wrote is not known: a LINE group or room member who has not shared their user id, a
   * Telegram message sent on behalf of a group or channel (an anonymous admin). The bot answers
   * in the chat, but nothing personal is done for them: no identity, no "my tickets", no linking.
   */
  readonly anonymous?: true;
  readonly displayName?: string;
  readonly langHint?: Lang;
  readonly receivedAt: string;
  /** LINE: the event's reply token, usable once for about a minute after `receivedAt`. */
  readonly replyToken?: string;
  /** Web chat: the address the message came from (limits on guessing link codes). */
  readonly address?: string;
  readonly content: InboundContent;
}

/** A reply as it leaves through a channel. */
export interface OutboundMessage {
  readonly text: string;
  readonly choices?: readonly { readonly id: string; readonly label: string }[];
  /** Offer the platform's "share my phone number" button where it has one (Telegram). */
  readonly requestPhone?: boolean;
}
