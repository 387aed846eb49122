import type { Logger } from 'pino';
import type { FlowSet } from '../flows/flow-set.js';
import type { ChannelName, InboundMessage } from '../domain/messages.js';
import type { ChannelTransport, MediaFetcher } from './transport.js';

/**
 * The channel contract: what every channel (channels/<name>/) is made of, named the same in each
 * folder. The pure half is the codec — verify.ts, decode.ts, encode.ts — which the shared
 * contract suite (test/channels/contract-suite.ts) runs against the channel's fixtures; the rest
 * is the transport (transport.ts: sending with encode, paced), the media fetcher (media.ts) and
 * the module (index.ts: start/stop, registered in src/channels/registry.ts). The one webhook
 * route (src/http/webhook-route.ts, `POST /webhooks/:channel`) reads the body, verifies, decodes
 * and records for every channel alike.
 */

/** What became of one received event. */
export type Received = 'accepted' | 'duplicate' | 'rejected';

/**
 * Records a webhook's events (once each) and schedules them; resolves when they are committed.
 * `rejected`: recorded but unusable (an identifier with a NUL or a lone surrogate); acknowledge it.
 */
export type Receive = (messages: readonly InboundMessage[]) => Promise<Received[]>;

/** A request body as it arrived: the exact bytes (signatures are over them), or text. */
export type RawBody = Uint8Array | string;

/** The request headers verify reads (a web Headers object fits). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** What verify says: go on, or the 4xx (with an error code and a reason) the request is refused with. */
export type Verdict =
  { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly error: string; readonly reason: string };

/** Why an event (or the whole body) was not turned into an event. */
export interface Ignored {
  readonly reason: string;
}

/**
 * What decode made of a body: the events to record, and what it left out and why. Decode never
 * throws: a body that is not JSON or not the platform's shape is one ignored entry with its
 * reason, and `refused` names the error code the webhook answers 400 with (the platform never
 * sends such a body, so it is not acknowledged as if it had been read).
 */
export interface Decoded {
  readonly events: readonly InboundMessage[];
  readonly ignored: readonly Ignored[];
  readonly refused?: string;
  /**
   * What the platform wants acknowledged once the events are recorded (Telegram: a pressed
   * button's callback query, answered so that it stops spinning): `ref` is the platform's id,
   * `event` the index of the event it carried (acknowledged only when that event was accepted;
   * without one, always).
   */
  readonly acks?: readonly { readonly ref: string; readonly event?: number }[];
}

/** What a webhook's events became: the counts every webhook answers with. */
export interface ReceivedCounts {
  readonly accepted: number;
  readonly duplicates: number;
  readonly ignored: number;
  /** Recorded but unusable; only when some were. */
  readonly rejected?: number;
}

/**
 * The pure half of a channel. `verify` checks the platform's signature or secret (or, for the web
 * chat, the session) before anything touches the database; `decode` turns a body into events
 * (pure, never throws); `encode` turns one reply into the platform's requests, split at the
 * platform's limits (pure). `Ctx` is what decoding needs to know (the clock's now, the commands,
 * the bot's own id), `Call` one platform request, `Reply` what is encoded.
 */
export interface ChannelCodec<Ctx, Call, Reply> {
  /** `params`: the route's parameters (the web chat's session id). */
  verify(headers: HeaderReader, raw: RawBody, params?: Readonly<Record<string, string>>): Verdict | Promise<Verdict>;
  decode(raw: RawBody, ctx: Ctx): Decoded;
  encode(reply: Reply): Call[];
}

export interface ChannelContext {
  readonly log: Logger;
  readonly receive: Receive;
  /** The flows: their commands (decode parses typed commands with them) and labels the platform shows. */
  readonly flows: FlowSet;
  readonly clock: () => Date;
}

/**
 * A platform's webhook, as the shared route (`POST /webhooks/<name>`) drives it: the body read
 * within `maxBodyBytes`, `verify` (before the body is read when it `verifies` only headers, as a
 * secret token; after, when it signs the body), `decode` with what the channel knows now, the
 * events recorded, the acknowledgements made, and `answer` as the 200 body.
 */
export interface ChannelWebhook {
  readonly maxBodyBytes: number;
  readonly verifies: 'headers' | 'body';
  verify(headers: HeaderReader, raw: RawBody): Verdict;
  /**
   * The codec's decode with the channel's present context; it may first ask the platform what
   * decoding needs (Telegram: the bot's username, for a group message) and complete events
   * afterwards (LINE: a new friend's profile, for the greeting's language). Never throws for a
   * bad body.
   */
  decode(raw: RawBody, ctx: ChannelContext): Promise<Decoded>;
  /** After the events are committed: the platform's acknowledgements (in the background). */
  acknowledge?(decoded: Decoded, statuses: readonly Received[], ctx: ChannelContext): void;
  /** The body of the 200 answer (each platform's webhook has always answered its own way). */
  answer(counts: ReceivedCounts): Record<string, unknown>;
}

/**
 * A messaging platform plugged into the desk (receiving, turns, the background work's senders):
 * its webhook, its sending side, its photo fetching, and what it must do at start (register the
 * webhook, or poll) and at stop.
 */
export interface ChannelModule {
  readonly name: ChannelName;
  readonly transport: ChannelTransport;
  readonly media?: MediaFetcher;
  /** Mounted at /webhooks/<name> by the shared webhook route. */
  readonly webhook: ChannelWebhook;
  /** The account's public name for links that open a chat with it (Telegram: the bot's @username, from getMe); undefined when unknown. */
  readonly accountName?: () => Promise<string | undefined>;
  start(ctx: ChannelContext): Promise<void>;
  stop(): Promise<void>;
}
