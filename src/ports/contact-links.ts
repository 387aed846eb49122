import type { ChannelName } from '../domain/messages.js';

/** An identity's link into a contact by a code, as its other identities may see and undo it. */
export interface ContactLink {
  readonly id: string;
  readonly identities: readonly { readonly channel: ChannelName; readonly externalId: string }[];
  readonly linkedAt: Date;
}

/** Whose a redeemed link code was: a contact's (its identities join), or a staff account's (the chat becomes theirs). */
export type RedeemedCode =
  | { readonly kind: 'contact'; readonly contactId: string; readonly conversationId: string | null }
  | { readonly kind: 'staff'; readonly agentId: string };

/** Link codes, and the links they made (see contact_links in the schema). */
export interface ContactLinksRepo {
  /** Gives out a code for the contact, replacing its unused one; false when the code is taken. */
  issue(contactId: string, conversationId: string, code: string, expiresAt: Date, now: Date): Promise<boolean>;
  /**
   * Uses up a valid, unused code: the contact that issued it and the conversation it was given in,
   * or the staff account it links a chat to; null when there is no such code.
   */
  redeem(code: string, now: Date): Promise<RedeemedCode | null>;
  /** Merges `from` into `into` (ContactsRepo.merge), remembering what moved so that it can be undone. */
  link(from: string, into: string, now: Date): Promise<ContactLink>;
  /** When the identity joined its contact by a link still in force; null when it was there before any. */
  joinedAt(contactId: string, channel: ChannelName, externalId: string): Promise<Date | null>;
  /** The contact's links in force, newest first. */
  recent(contactId: string, limit: number): Promise<ContactLink[]>;
  /**
   * Undoes a link of the contact: its identities, their conversations and the tickets reported in
   * their one-to-one chats become a contact of their own again, and the contact's codes in force are
   * cancelled. Null when there is no such link.
   */
  undo(linkId: string, contactId: string, now: Date): Promise<ContactLink | null>;
}
