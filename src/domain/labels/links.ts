/**
 * The links a label's QR code carries, one kind per sheet: the web chat page with the device's tag,
 * the Telegram bot started with the tag (`/start TAG`), or the LINE official account's chat with the
 * tag typed in as the message. Pure: the settings come from the configuration.
 */

export const LABEL_CHANNELS = ['webchat', 'telegram', 'line'] as const;
export type LabelChannel = (typeof LABEL_CHANNELS)[number];

export function isLabelChannel(value: unknown): value is LabelChannel {
  return typeof value === 'string' && (LABEL_CHANNELS as readonly string[]).includes(value);
}

/** What the links are made from. */
export interface LabelLinkSettings {
  /** PUBLIC_URL, or the request's origin when it is not set. */
  readonly publicUrl: string;
  /** The Telegram bot's @username (without the @) when Telegram is on; null when it is on but not known. */
  readonly telegram: { readonly botUsername: string | null } | null;
  /** The LINE official account's basic ID (e.g. @123abcde) when LINE is on; null when it is on but not known. */
  readonly line: { readonly basicId: string | null } | null;
}

/** Why a channel cannot be put on labels, or null when it can. */
export function labelChannelProblem(settings: LabelLinkSettings, channel: LabelChannel): string | null {
  if (channel === 'telegram') {
    if (!settings.telegram) return 'Telegram is off (TELEGRAM_BOT_TOKEN is not set)';
    if (!settings.telegram.botUsername) return 'the Telegram bot’s username is not known: set TELEGRAM_BOT_USERNAME';
  }
  if (channel === 'line') {
    if (!settings.line) return 'LINE is off (LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN are not set)';
    if (!settings.line.basicId) return 'the LINE official account’s basic ID is not known: set LINE_BOT_BASIC_ID';
  }
  return null;
}

/** Telegram's start parameter: 1–64 of A–Z a–z 0–9 _ - (tags outside it cannot ride a t.me link). */
const TELEGRAM_START = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a tag can be carried by the channel's link (Telegram's start parameter is narrow). */
export function tagFitsChannel(channel: LabelChannel, tag: string): boolean {
  return channel !== 'telegram' || TELEGRAM_START.test(tag);
}

/**
 * The link for one device. The channel must be usable (labelChannelProblem returned null) and the
 * tag must fit it (tagFitsChannel); otherwise this throws.
 */
export function labelLink(settings: LabelLinkSettings, channel: LabelChannel, tag: string): string {
  const problem = labelChannelProblem(settings, channel);
  if (problem) throw new Error(problem);
  if (!tagFitsChannel(channel, tag)) throw new Error(`the tag "${tag}" cannot be carried by a Telegram start link`);
  const bot = settings.telegram?.botUsername ?? '';
  const account = settings.line?.basicId ?? '';
  switch (channel) {
    case 'webchat':
      return `${settings.publicUrl.replace(/\/+$/, '')}/chat?asset=${encodeURIComponent(tag)}`;
    case 'telegram':
      return `https://t.me/${encodeURIComponent(bot)}?start=${encodeURIComponent(tag)}`;
    case 'line':
      return `https://line.me/R/oaMessage/${encodeURIComponent(account)}/?${encodeURIComponent(tag)}`;
  }
}
