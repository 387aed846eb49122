import type { Catalog } from '../../catalog/catalog.js';
import type { Lang } from '../../domain/i18n.js';
import type { ActionResult } from '../../flows/input.js';
import type { Json } from '../../flows/schema.js';
import type { FactExtractor, ReportImage } from '../../triage/extractor.js';
import type { ChannelName } from '../../domain/messages.js';
import type { GuessLimits } from '../guessing.js';
import type { ContactRecord, ConversationRecord, Repos } from '../../ports/store.js';

/** What an action may use: the transaction's repositories, the data, and who is asking. */
export interface ActionContext {
  readonly repos: Repos;
  readonly catalog: Catalog;
  readonly extractor: FactExtractor;
  readonly conversation: ConversationRecord;
  /** The person who sent the message being handled. */
  readonly contact: ContactRecord;
  readonly lang: Lang;
  readonly now: Date;
  /** Who sent it, on which channel, and from which address where the channel knows (web chat). */
  readonly sender: { readonly channel: ChannelName; readonly userId: string; readonly address: string | null };
  readonly limits: GuessLimits;
  /** Channels whose messages leave through the outbox (for writing into another conversation). */
  readonly pushChannels: ReadonlySet<ChannelName>;
  /** Reads a stored photo (for an extractor that takes images); absent: photos are not read. */
  readonly photos?: PhotoReader;
  /** What follows the opening of a ticket, in its transaction (its alerts are scheduled); absent: nothing. */
  readonly ticketOpened?: (r: Repos, ticketId: string, now: Date) => Promise<void>;
}

export interface PhotoReader {
  read(attachmentId: string): Promise<ReportImage | null>;
}

type ActionInput = Readonly<Record<string, Json>>;
export type ActionHandler = (ctx: ActionContext, input: ActionInput) => Promise<ActionResult>;

/** Reads `{id, label}` (a place as flows hold it) from an action input. */
export function placeOf(value: Json | undefined): { id: string; label: string } | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return typeof value.id === 'string' && typeof value.label === 'string' ? { id: value.id, label: value.label } : null;
}

export function idOf(value: Json | undefined): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return typeof value.id === 'string' ? value.id : null;
}
