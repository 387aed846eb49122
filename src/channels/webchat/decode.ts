import { z } from 'zod';
import type { Lang } from '../../domain/i18n.js';
import type { InboundContent, InboundMessage } from '../../domain/messages.js';
import { storable } from '../../domain/storable.js';
import { type CommandIndex, commandContent, parseCommand } from '../../flows/commands.js';
import type { Decoded, RawBody } from '../../ports/channel-module.js';

/** A message: up to 20,000 characters (60 kB of Chinese in UTF-8). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'clientId is 1–64 letters, digits, - or _');
const MessageBody = z.union(
  [
    z.strictObject({ text: z.string().max(20_000, 'text is longer than 20000 characters'), clientId: ClientId.optional() }),
    z.strictObject({ choice: z.string().min(1).max(200), clientId: ClientId.optional() }),
  ],
  { error: 'the body must be {"text": "…"} or {"choice": "<id>"}, with an optional "clientId"' },
);

export interface DecodeContext {
  /** The session the request's token opened (verify). */
  readonly sessionId: string;
  readonly now: Date;
  /** The flows' commands (slash commands and words), for the one command parser. */
  readonly commands: CommandIndex;
  /** The event's id when the page gave no clientId (a fresh random one per request). */
  readonly nonce: string;
  /** Where the request came from (wrong link codes are limited per address). */
  readonly address?: string;
}

/** One event of a session: the session is the chat and the sender. */
export function sessionEvent(
  sessionId: string,
  externalId: string,
  content: InboundContent,
  now: Date,
  extra: { lang?: Lang; address?: string } = {},
): InboundMessage {
  return {
    channel: 'webchat',
    externalId: `${sessionId}:${externalId}`,
    conversationKey: sessionId,
    userId: sessionId,
    receivedAt: now.toISOString(),
    content,
    ...(extra.lang ? { langHint: extra.lang } : {}),
    ...(extra.address ? { address: extra.address } : {}),
  };
}

/** The session's opening: the bot greets it, or starts a report for the device a link named. */
export function openingEvent(sessionId: string, lang: Lang, assetTag: string | undefined, now: Date): InboundMessage {
  return sessionEvent(sessionId, 'start', assetTag ? { kind: 'start', assetTag } : { kind: 'start' }, now, { lang });
}

/**
 * A POSTed message (`{"text"}` or `{"choice"}`, optional `"clientId"`: a retried send counts
 * once) → its event; a typed command (`/start FX-PNL-0101`, `报修`) read by the one parser. Pure;
 * never throws: a body that is not JSON (400 invalid_json) or not this shape (400
 * invalid_request, naming the field) is an ignored entry with its reason.
 */
export function decode(raw: RawBody, ctx: DecodeContext): Decoded {
  let json: unknown;
  try {
    const text = typeof raw === 'string' ? raw : new TextDecoder('utf-8', { fatal: true }).decode(raw);
    json = text.trim() ? JSON.parse(text) : {};
  } catch {
    return { events: [], ignored: [{ reason: 'the request body is not valid JSON (in UTF-8)' }], refused: 'invalid_json' };
  }
  const parsed = MessageBody.safeParse(storable(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { events: [], ignored: [{ reason: `${where}${issue?.message ?? 'not a message'}` }], refused: 'invalid_request' };
  }
  const body = parsed.data;
  let content: InboundContent;
  if ('text' in body) {
    const command = parseCommand(body.text, ctx.commands);
    content = command ? commandContent(command, body.text) : { kind: 'text', text: body.text };
  } else content = { kind: 'choice', id: body.choice };
  return {
    events: [sessionEvent(ctx.sessionId, body.clientId ?? ctx.nonce, content, ctx.now, ctx.address ? { address: ctx.address } : {})],
    ignored: [],
  };
}
