import { z } from 'zod';
import type { Lang } from '../../domain/i18n.js';
import type { InboundContent, InboundMessage } from '../../domain/messages.js';
import { type CommandIndex, commandContent, parseCommand, slashSyntax } from '../../flows/commands.js';
import type { Decoded as DecodedBody, RawBody } from '../../ports/channel-module.js';

/**
 * Telegram Update → InboundMessage. Only the fields fixline reads are checked (loosely: Telegram
 * adds fields all the time, and older payloads lack some); anything that does not fit is ignored,
 * never an error, so that a payload we cannot read is acknowledged instead of redelivered forever.
 */

const User = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
type User = z.infer<typeof User>;
const Chat = z.looseObject({ id: z.number().int(), type: z.string() });
const Entity = z.looseObject({ type: z.string(), offset: z.number().int().min(0), length: z.number().int().min(0), user: User.optional() });
type Entity = z.infer<typeof Entity>;
const PhotoSize = z.looseObject({
  file_id: z.string().min(1),
  width: z.number().optional(),
  height: z.number().optional(),
  file_size: z.number().optional(),
});
const Message = z.looseObject({
  message_id: z.number().int(),
  from: User.optional(),
  /** Sent on behalf of a chat (an anonymous group admin, a channel): `from` is then Telegram's placeholder. */
  sender_chat: Chat.optional(),
  chat: Chat,
  text: z.string().optional(),
  entities: z.array(Entity).optional(),
  caption: z.string().optional(),
  caption_entities: z.array(Entity).optional(),
  photo: z.array(PhotoSize).optional(),
  /** A file; an image sent "as file" (uncompressed) is still a photo for us. */
  document: z.looseObject({ file_id: z.string().min(1), mime_type: z.string().optional() }).optional(),
  contact: z.looseObject({ phone_number: z.string().min(1), user_id: z.number().int().optional() }).optional(),
  /** A shared location; a venue carries one too, with its name and address. */
  location: z.unknown().optional(),
  venue: z.looseObject({ location: z.unknown(), title: z.string().optional(), address: z.string().optional() }).optional(),
  reply_to_message: z.looseObject({ from: User.optional() }).optional(),
  edit_date: z.number().int().optional(),
});
type Message = z.infer<typeof Message>;
const CallbackQuery = z.looseObject({
  id: z.string().min(1),
  from: User,
  message: z.looseObject({ message_id: z.number().int(), chat: Chat }).optional(),
  data: z.string().optional(),
});
const MemberUpdate = z.looseObject({
  chat: Chat,
  from: User,
  date: z.number().int(),
  old_chat_member: z.looseObject({ status: z.string() }),
  new_chat_member: z.looseObject({ status: z.string() }),
});

/** What makes a JSON body a Telegram Update. */
export const UpdateHead = z.looseObject({ update_id: z.number().int().nonnegative() });
export type RawUpdate = z.infer<typeof UpdateHead>;

/** Message contents the bot cannot read → the `what` of flows/settings.yaml contentNames. Order matters (an animation also has `document`). */
const UNSUPPORTED: readonly (readonly [string, string])[] = [
  ['sticker', 'sticker'],
  ['animation', 'video'],
  ['video_note', 'video'],
  ['video', 'video'],
  ['voice', 'audio'],
  ['audio', 'audio'],
  ['venue', 'location'],
  ['location', 'location'],
  ['document', 'file'],
  ['poll', 'poll'],
  ['dice', 'other'],
  ['game', 'other'],
  ['story', 'other'],
  ['invoice', 'other'],
  ['paid_media', 'other'],
  ['giveaway', 'other'],
  ['checklist', 'other'],
];

export interface DecodeContext {
  /** The bot's user id (the number before the colon of the token). */
  readonly botId: number;
  /** The bot's @username, once getMe answered: needed to see mentions in groups. */
  readonly botUsername?: string;
  /** The flows' commands (slash commands and words), for the one command parser. */
  readonly commands: CommandIndex;
  readonly now: Date;
}

/** What one update carries. */
export type Decoded =
  | { readonly kind: 'message'; readonly message: InboundMessage; readonly callbackQueryId?: string }
  | { readonly kind: 'ignored'; readonly reason: string; readonly callbackQueryId?: string };

const ignored = (reason: string, callbackQueryId?: string): Decoded => ({
  kind: 'ignored',
  reason,
  ...(callbackQueryId ? { callbackQueryId } : {}),
});

export function langHint(code: string | undefined): Lang | undefined {
  const c = code?.toLowerCase();
  return c?.startsWith('zh') ? 'zh-CN' : c?.startsWith('en') ? 'en' : undefined;
}

function displayName(user: User): string | undefined {
  const name = [user.first_name, user.last_name].filter((p) => p?.trim()).join(' ');
  return name || user.username || undefined;
}

function base(externalId: string, chatId: number, user: User, now: Date): Omit<InboundMessage, 'content'> {
  const name = displayName(user);
  const lang = langHint(user.language_code);
  return {
    channel: 'telegram',
    externalId,
    conversationKey: String(chatId),
    userId: String(user.id),
    ...(name ? { displayName: name } : {}),
    ...(lang ? { langHint: lang } : {}),
    receivedAt: now.toISOString(),
  };
}

/** Whether the text mentions the bot, and the text without those mentions. */
function mentions(text: string, entities: readonly Entity[] | undefined, ctx: DecodeContext): { found: boolean; rest: string } {
  const username = ctx.botUsername?.toLowerCase();
  const ranges: [number, number][] = [];
  for (const e of entities ?? []) {
    const piece = text.slice(e.offset, e.offset + e.length);
    if (
      (e.type === 'mention' && username && piece.toLowerCase() === `@${username}`) ||
      (e.type === 'text_mention' && e.user?.id === ctx.botId)
    ) {
      ranges.push([e.offset, e.offset + e.length]);
    }
  }
  if (!entities && username) {
    for (const m of text.matchAll(/@([A-Za-z0-9_]{3,})/g))
      if (m[1]?.toLowerCase() === username) ranges.push([m.index, m.index + m[0].length]);
  }
  let rest = text;
  for (const [from, to] of ranges.sort((a, b) => b[0] - a[0])) rest = rest.slice(0, from) + rest.slice(to);
  return { found: ranges.length > 0, rest: ranges.length > 0 ? rest.replace(/[ \t]{2,}/g, ' ').trim() : text };
}

function largestPhoto(sizes: readonly z.infer<typeof PhotoSize>[]): string | undefined {
  let best: { id: string; score: number } | undefined;
  for (const s of sizes) {
    const score = (s.width ?? 0) * (s.height ?? 0) || (s.file_size ?? 0);
    if (!best || score >= best.score) best = { id: s.file_id, score };
  }
  return best?.id;
}

const Point = z.looseObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) });

/** A shared location (`location`, or a venue's with its address); null when there is none or it cannot be read. */
function sharedLocation(m: Message): InboundContent | null {
  const point = Point.safeParse(m.venue?.location ?? m.location);
  if (!point.success) return null;
  const address = [m.venue?.title, m.venue?.address].filter((p) => p?.trim()).join(', ');
  return { kind: 'location', latitude: point.data.latitude, longitude: point.data.longitude, ...(address ? { address } : {}) };
}

function decodeMessage(raw: unknown, updateId: number, edited: boolean, ctx: DecodeContext): Decoded {
  const parsed = Message.safeParse(raw);
  if (!parsed.success) return ignored('a message in a shape fixline cannot read');
  const m: Message = parsed.data;
  if (m.chat.type === 'channel') return ignored('a channel post');
  const from = m.from;
  if (!from) return ignored('a message without a sender');
  if (from.id === ctx.botId) return ignored('the bot’s own message');
  const group = m.chat.type !== 'private';

  const text = m.text ?? m.caption;
  const entities = m.text !== undefined ? m.entities : m.caption_entities;
  // The syntax of a slash command (known or not) says whom it is for; the parser says what it is.
  const cmd = m.text !== undefined ? slashSyntax(m.text) : null;
  const ours = cmd && (!cmd.bot || !group || cmd.bot.toLowerCase() === ctx.botUsername?.toLowerCase());
  const typed = cmd && ours && m.text !== undefined ? parseCommand(m.text, ctx.commands) : null;
  const known = typed && m.text !== undefined ? commandContent(typed, m.text) : null;
  const mention = text === undefined ? { found: false, rest: '' } : mentions(text, entities, ctx);
  if (group) {
    const repliesToBot = m.reply_to_message?.from?.id === ctx.botId;
    // A command for another bot, or an unknown bare command (likely another bot's), is not ours.
    const byCommand = cmd ? (cmd.bot ? !!ours : !!known) : false;
    if (!byCommand && !mention.found && !repliesToBot) return ignored('a group message not addressed to the bot');
  }

  const id = edited ? `${updateId}:e${m.chat.id}.${m.message_id}.${m.edit_date ?? 0}` : `${updateId}:m${m.chat.id}.${m.message_id}`;
  // On behalf of a chat, `from` is Telegram's placeholder (GroupAnonymousBot, Channel_Bot), the same
  // for every anonymous admin of every group: who wrote is unknown, so nothing personal is done.
  const head: Omit<InboundMessage, 'content'> = m.sender_chat
    ? {
        channel: 'telegram',
        externalId: id,
        conversationKey: String(m.chat.id),
        userId: `chat:${m.sender_chat.id}`,
        anonymous: true,
        receivedAt: ctx.now.toISOString(),
      }
    : base(id, m.chat.id, from, ctx.now);
  const shown = group ? mention.rest : (text ?? '');
  const message = (content: InboundContent): Decoded => ({ kind: 'message', message: { ...head, content } });

  if (edited)
    return text === undefined
      ? ignored('an edit without text (a live location, a media change)')
      : message({ kind: 'edited', text: shown });
  const media = m.photo ? largestPhoto(m.photo) : undefined;
  if (media) {
    return message(shown.trim() ? { kind: 'photo', media, caption: shown } : { kind: 'photo', media });
  }
  if (m.document?.mime_type?.startsWith('image/')) {
    const media = m.document.file_id;
    return message(shown.trim() ? { kind: 'photo', media, caption: shown } : { kind: 'photo', media });
  }
  if (m.contact) {
    // The "share my phone number" button sends the user's own card; someone else's card is not a phone to link.
    return message(
      m.contact.user_id === from.id ? { kind: 'contact', phone: m.contact.phone_number } : { kind: 'unsupported', what: 'other' },
    );
  }
  if (m.text !== undefined) {
    if (known) return message(known);
    if (group && mention.found && shown === '') return message({ kind: 'command', command: 'help' });
    // Command words (`报修`, `talk to a human`) are commands too; in a group, once the mention is taken out.
    const words = cmd ? null : parseCommand(shown, ctx.commands);
    return message(words ? commandContent(words, shown) : { kind: 'text', text: shown });
  }
  const place = sharedLocation(m);
  if (place) return message(place);
  const record = raw as Record<string, unknown>;
  const what = UNSUPPORTED.find(([key]) => record[key] !== undefined && record[key] !== null)?.[1];
  if (what) return message({ kind: 'unsupported', what });
  return ignored('a service message or a content fixline does not use');
}

function decodeCallback(raw: unknown, updateId: number, ctx: DecodeContext): Decoded {
  const parsed = CallbackQuery.safeParse(raw);
  const rawId = (raw as { id?: unknown } | null)?.id;
  if (!parsed.success) return ignored('a callback query in a shape fixline cannot read', typeof rawId === 'string' ? rawId : undefined);
  const q = parsed.data;
  if (!q.message) return ignored('a button of an inline-mode message (fixline sends none)', q.id);
  if (q.data === undefined || q.data === '') return ignored('a callback query without data', q.id);
  if (q.message.chat.type === 'channel') return ignored('a button in a channel', q.id);
  return {
    kind: 'message',
    message: { ...base(`${updateId}:c${q.id}`, q.message.chat.id, q.from, ctx.now), content: { kind: 'choice', id: q.data } },
    callbackQueryId: q.id,
  };
}

function decodeMember(raw: unknown, updateId: number, ctx: DecodeContext): Decoded {
  const parsed = MemberUpdate.safeParse(raw);
  if (!parsed.success) return ignored('a member update in a shape fixline cannot read');
  const u = parsed.data;
  const gone = (status: string) => status === 'kicked' || status === 'left';
  const before = gone(u.old_chat_member.status);
  const after = gone(u.new_chat_member.status);
  const head = base(`${updateId}:k${u.chat.id}.${u.date}`, u.chat.id, u.from, ctx.now);
  if (after && !before) return { kind: 'message', message: { ...head, content: { kind: 'blocked' } } };
  if (!after && before) return { kind: 'message', message: { ...head, content: { kind: 'unblocked', greet: false } } };
  return ignored('a member change that neither blocks nor unblocks the bot');
}

/** One Update → the message it carries to be recorded, or why it is ignored. Never throws. */
export function decodeUpdate(update: RawUpdate, ctx: DecodeContext): Decoded {
  const id = update.update_id;
  const u = update as Record<string, unknown>;
  if (u.message !== undefined) return decodeMessage(u.message, id, false, ctx);
  if (u.edited_message !== undefined) return decodeMessage(u.edited_message, id, true, ctx);
  if (u.callback_query !== undefined) return decodeCallback(u.callback_query, id, ctx);
  if (u.my_chat_member !== undefined) return decodeMember(u.my_chat_member, id, ctx);
  const kinds = Object.keys(u).filter((k) => k !== 'update_id');
  return ignored(`an update fixline does not use (${kinds.join(', ') || 'empty'})`);
}

/** Whether an update comes from a group chat (where the bot's username is needed to decode it). */
export function fromGroup(update: RawUpdate): boolean {
  const u = update as Record<string, { chat?: { type?: unknown } } | undefined>;
  const type = (u.message ?? u.edited_message)?.chat?.type;
  return typeof type === 'string' && type !== 'private' && type !== 'channel';
}

/** A batch of updates (long polling) → the events they carry, what was ignored, and the button presses to answer. */
export function decodeUpdates(updates: readonly RawUpdate[], ctx: DecodeContext): DecodedBody {
  const events: InboundMessage[] = [];
  const ignored: { reason: string }[] = [];
  const acks: { ref: string; event?: number }[] = [];
  for (const update of updates) {
    const d = decodeUpdate(update, ctx);
    if (d.kind === 'ignored') {
      ignored.push({ reason: `update ${update.update_id}: ${d.reason}` });
      if (d.callbackQueryId) acks.push({ ref: d.callbackQueryId });
      continue;
    }
    if (d.callbackQueryId) acks.push({ ref: d.callbackQueryId, event: events.length });
    events.push(d.message);
  }
  return { events, ignored, ...(acks.length > 0 ? { acks } : {}) };
}

/** The one Update of a webhook body, or why the body is none (it is refused with 400 then). */
export function readUpdate(raw: RawBody): { update: RawUpdate } | { refused: string; reason: string } {
  const text = typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { refused: 'invalid_json', reason: 'the request body is not valid JSON' };
  }
  const head = UpdateHead.safeParse(json);
  if (!head.success || Array.isArray(json))
    return { refused: 'not_an_update', reason: 'the body is not a Telegram Update (a JSON object with a non-negative integer update_id)' };
  return { update: head.data };
}

/**
 * A webhook body (one Update) → the event it carries, or why it is ignored. Pure; never throws: a
 * body that is not JSON or not an Update is an ignored entry, `refused` with the 400 it gets.
 */
export function decode(raw: RawBody, ctx: DecodeContext): DecodedBody {
  const read = readUpdate(raw);
  if ('refused' in read) return { events: [], ignored: [{ reason: read.reason }], refused: read.refused };
  return decodeUpdates([read.update], ctx);
}
