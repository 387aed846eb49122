import type { ChannelCodec } from '../../ports/channel-module.js';
import { type DecodeContext, decode } from './decode.js';
import { encode, type WebchatReply, type WebMessage } from './encode.js';
import type { WebchatService } from './service.js';
import { type SessionVerdict, webchatVerifier } from './verify.js';

/**
 * The web chat as a channel like the others: verify (the session check), decode (a POSTed message
 * → its event), encode (a transcript entry → what the page shows), over the sessions and storage
 * of WebchatService. It has no transport: the page reads replies from the transcript (GET
 * …/messages, the events stream), so nothing is pushed and nothing is paced; and no webhook: its
 * routes are the web chat API (src/http/webchat-routes.ts).
 */
export interface WebchatChannel extends ChannelCodec<DecodeContext, WebMessage, WebchatReply> {
  readonly name: 'webchat';
  verify(...args: Parameters<ChannelCodec<DecodeContext, WebMessage, WebchatReply>['verify']>): Promise<SessionVerdict>;
  readonly service: WebchatService;
}

export function webchatChannel(service: WebchatService): WebchatChannel {
  return { name: 'webchat', verify: webchatVerifier(service), decode, encode, service };
}

export type { DecodeContext as WebchatDecodeContext } from './decode.js';
