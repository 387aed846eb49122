import type { Lang } from './i18n.js';

export const CHANNELS = ['webchat', 'telegram', 'line'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** What the user sent, independent of the platform. */
export type InboundContent =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'choice'; readonly id: string }
  | { readonly kind: 'photo'; readonly attachmentId: string; readonly caption?: string }
  | { readonly kind: 'command'; readonly command: string; readonly arg?: string }
  | { readonly kind: 'start'; readonly assetTag?: string }
  | { readonly kind: 'contact'; readonly phone: string }
  /** Something the bot cannot read (a sticker, a location…): answered politely, kept in the transcript. */
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
  readonly displayName?: string;
  readonly langHint?: Lang;
  readonly receivedAt: string;
  readonly content: InboundContent;
}

/** A reply as it leaves through a channel. */
export interface OutboundMessage {
  readonly text: string;
  readonly choices?: readonly { readonly id: string; readonly label: string }[];
}
