import { createHash } from 'node:crypto';
import type { Lang } from '../../domain/i18n.js';
import type { InboundContent, InboundMessage } from '../../domain/messages.js';
import { type CommandIndex, commandContent, parseCommand } from '../../flows/commands.js';
import type { Decoded as DecodedBody, RawBody } from '../../ports/channel-module.js';

/**
 * LINE webhook events → InboundMessage. Read defensively: the payload is signed by LINE but its
 * shape grows over time (new event and message types), so anything unexpected is ignored with a
 * reason rather than refused.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Reply tokens LINE sends where no reply is possible (old "verify" events). */
const DUMMY_REPLY_TOKENS = new Set(['00000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff']);

/** A LINE message id used in the data API path: digits in practice; anything else is not fetched. */
const MESSAGE_ID = /^[A-Za-z0-9]{1,64}$/;

/** Where an event happened: the chat we answer in and who acted. */
interface LineSource {
  readonly kind: 'user' | 'group' | 'room';
  /** The chat: the user id for a one-to-one chat, else the group or room id (the push `to`). */
  readonly chat: string;
  /** Who acted; in a group without their consent to share it, the group itself (and `anonymous`). */
  readonly userId: string;
  /** A group or room member LINE did not name: nothing personal is done for them. */
  readonly anonymous?: true;
}

function readSource(source: unknown): LineSource | null {
  if (!isObject(source)) return null;
  const userId = str(source.userId);
  switch (source.type) {
    case 'user':
      return userId ? { kind: 'user', chat: userId, userId } : null;
    case 'group': {
      const groupId = str(source.groupId);
      if (!groupId) return null;
      return userId ? { kind: 'group', chat: groupId, userId } : { kind: 'group', chat: groupId, userId: groupId, anonymous: true };
    }
    case 'room': {
      const roomId = str(source.roomId);
      if (!roomId) return null;
      return userId ? { kind: 'room', chat: roomId, userId } : { kind: 'room', chat: roomId, userId: roomId, anonymous: true };
    }
    default:
      return null;
  }
}

/** The event's id: `webhookEventId` (so a redelivery is a duplicate), else a hash of the event. */
export function eventId(event: Json): string {
  const id = str(event.webhookEventId);
  if (id) return id;
  return `sha256:${createHash('sha256').update(JSON.stringify(event)).digest('hex')}`;
}

/**
 * Whether the bot itself is mentioned (`isSelf`, or its user id when known). An "@All" mention
 * does not count: announcements to the whole group are not questions for the desk.
 */
function selfMentions(message: Json, botUserId: string | undefined): { index: number; length: number }[] {
  const mention = isObject(message.mention) ? message.mention : undefined;
  const mentionees = Array.isArray(mention?.mentionees) ? mention.mentionees : [];
  return mentionees
    .filter(isObject)
    .filter((m) => m.type !== 'all' && (m.isSelf === true || (botUserId !== undefined && m.userId === botUserId)))
    .map((m) => ({ index: Number(m.index), length: Number(m.length) }))
    .filter((m) => Number.isInteger(m.index) && Number.isInteger(m.length) && m.index >= 0 && m.length > 0);
}

/** The text without the mentions of the bot ("@Fixline 报修" → "报修"); indexes are UTF-16 units. */
function withoutMentions(text: string, mentions: readonly { index: number; length: number }[]): string {
  let out = text;
  for (const m of [...mentions].sort((a, b) => b.index - a.index)) {
    if (m.index + m.length <= out.length) out = out.slice(0, m.index) + out.slice(m.index + m.length);
  }
  return out.replace(/\s+/g, ' ').trim();
}

const UNSUPPORTED: Readonly<Record<string, string>> = {
  sticker: 'sticker',
  location: 'location',
  video: 'video',
  audio: 'audio',
  file: 'file',
};

/** What a `message` event carries; null when it is not for the bot (a group message not addressed to it). */
function messageContent(message: Json, source: LineSource, ctx: DecodeContext): InboundContent | null {
  const inChat = source.kind === 'user';
  if (message.type === 'text') {
    const typed = typeof message.text === 'string' ? message.text : undefined;
    if (typed === undefined) return null;
    const mentions = inChat ? [] : selfMentions(message, ctx.botUserId);
    if (!inChat && mentions.length === 0) return null;
    const text = inChat ? typed : withoutMentions(typed, mentions);
    // A command typed (`/status`) or one of its words (`报修`), read by the one command parser.
    const command = parseCommand(text, ctx.commands);
    return command ? commandContent(command, text) : { kind: 'text', text };
  }
  // In a group only what is addressed to the bot is read; a photo or sticker cannot be.
  if (!inChat) return null;
  if (message.type === 'image') {
    const provider = isObject(message.contentProvider) ? message.contentProvider : undefined;
    if (provider?.type === 'external') {
      const url = str(provider.originalContentUrl);
      return url ? { kind: 'photo', media: `external:${url}` } : { kind: 'photo' };
    }
    const id = str(message.id);
    return id && MESSAGE_ID.test(id) ? { kind: 'photo', media: id } : { kind: 'photo' };
  }
  if (message.type === 'location') {
    const place = sharedLocation(message);
    if (place) return place;
  }
  const what = typeof message.type === 'string' ? UNSUPPORTED[message.type] : undefined;
  return { kind: 'unsupported', what: what ?? 'other' };
}

const degrees = (v: unknown, limit: number): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= limit ? v : undefined;

/** A location message (latitude, longitude, and the address or title LINE gives); null when it cannot be read. */
function sharedLocation(message: Json): InboundContent | null {
  const latitude = degrees(message.latitude, 90);
  const longitude = degrees(message.longitude, 180);
  if (latitude === undefined || longitude === undefined) return null;
  const address = [str(message.title), str(message.address)].filter((p) => p?.trim()).join(', ');
  return { kind: 'location', latitude, longitude, ...(address ? { address } : {}) };
}

/** What the user's profile says, for a greeting in their language. */
export interface LineProfile {
  readonly displayName?: string;
  readonly lang?: Lang;
}

/** LINE's profile language (a BCP 47 tag: "en", "zh-Hant", "ja" …) as one of ours, if we have it. */
export function profileLang(language: unknown): Lang | undefined {
  if (typeof language !== 'string') return undefined;
  if (/^zh\b/i.test(language)) return 'zh-CN';
  if (/^en\b/i.test(language)) return 'en';
  return undefined;
}

/** What one event carries. */
export type Decoded =
  | { readonly kind: 'message'; readonly message: InboundMessage; readonly follow: boolean }
  | { readonly kind: 'ignored'; readonly reason: string };

export interface DecodeContext {
  readonly receivedAt: string;
  /** The flows' commands (slash commands and words), for the one command parser. */
  readonly commands: CommandIndex;
  /** The bot's own user id when known (start-up bot info), for mentions without `isSelf`. */
  readonly botUserId?: string;
}

/** One webhook event → the message that is recorded, or why it is ignored. */
export function decodeEvent(event: unknown, ctx: DecodeContext): Decoded {
  if (!isObject(event)) return { kind: 'ignored', reason: 'not an object' };
  const type = typeof event.type === 'string' ? event.type : '';
  // In standby mode another module owns the chat: the bot must not answer.
  if (event.mode === 'standby') return { kind: 'ignored', reason: `${type} in standby mode` };
  const source = readSource(event.source);
  if (!source) return { kind: 'ignored', reason: `${type} from an unknown source` };

  let content: InboundContent | null = null;
  let follow = false;
  switch (type) {
    case 'message':
      content = isObject(event.message) ? messageContent(event.message, source, ctx) : null;
      break;
    case 'messageEdited': {
      const message = isObject(event.message) ? event.message : undefined;
      const text = message?.type === 'text' && typeof message.text === 'string' ? message.text : undefined;
      if (text !== undefined && message) {
        if (source.kind === 'user') content = { kind: 'edited', text };
        else {
          const mentions = selfMentions(message, ctx.botUserId);
          if (mentions.length > 0) content = { kind: 'edited', text: withoutMentions(text, mentions) };
        }
      }
      break;
    }
    case 'postback': {
      const data = isObject(event.postback) ? str(event.postback.data) : undefined;
      if (data) content = { kind: 'choice', id: data };
      break;
    }
    case 'follow':
      follow = source.kind === 'user';
      content = follow ? { kind: 'unblocked', greet: true } : null;
      break;
    case 'join':
      content = source.kind === 'user' ? null : { kind: 'unblocked', greet: true };
      break;
    case 'unfollow':
    case 'leave':
      content = { kind: 'blocked' };
      break;
    default:
      return { kind: 'ignored', reason: `event type ${type || '(none)'}` };
  }
  if (!content) return { kind: 'ignored', reason: `${type} not addressed to the bot` };

  const replyToken = str(event.replyToken);
  const message: InboundMessage = {
    channel: 'line',
    externalId: eventId(event),
    conversationKey: source.chat,
    userId: source.userId,
    ...(source.anonymous ? { anonymous: true } : {}),
    receivedAt: ctx.receivedAt,
    ...(replyToken && !DUMMY_REPLY_TOKENS.has(replyToken) ? { replyToken } : {}),
    content,
  };
  return { kind: 'message', message, follow };
}

/** Adds what the profile told (name, language) to a follow event's message. */
export function withProfile(message: InboundMessage, profile: LineProfile | undefined): InboundMessage {
  if (!profile) return message;
  return {
    ...message,
    ...(profile.displayName ? { displayName: profile.displayName } : {}),
    ...(profile.lang ? { langHint: profile.lang } : {}),
  };
}

const isEventBody = (v: unknown): v is { events: unknown[] } => isObject(v) && Array.isArray(v.events);

/**
 * A webhook body → the events it carries, and what was ignored and why. Pure; never throws: a body
 * that is not UTF-8 JSON or has no `events` array is an ignored entry, `refused` with the 400 it
 * gets (LINE never sends one).
 */
export function decode(raw: RawBody, ctx: DecodeContext): DecodedBody {
  let payload: unknown;
  try {
    payload = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    return { events: [], ignored: [{ reason: 'the body is not valid JSON' }], refused: 'malformed_json' };
  }
  if (!isEventBody(payload)) return { events: [], ignored: [{ reason: 'the body has no "events" array' }], refused: 'no_events' };
  const events: InboundMessage[] = [];
  const ignored: { reason: string }[] = [];
  for (const event of payload.events) {
    const decoded = decodeEvent(event, ctx);
    if (decoded.kind === 'ignored') ignored.push({ reason: decoded.reason });
    else events.push(decoded.message);
  }
  return { events, ignored };
}

/** Whether an event is a new friend's follow (greeted in their language: their profile is asked for). */
export function isFollow(message: InboundMessage): boolean {
  return message.content.kind === 'unblocked' && message.content.greet && !message.anonymous && message.conversationKey === message.userId;
}
