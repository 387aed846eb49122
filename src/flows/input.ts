import type { CommandName, Json, SystemText } from './schema.js';

/** What a user sent, as the engine sees it, whatever the channel. */
export type FlowInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'choice'; readonly id: string }
  | { readonly kind: 'photo'; readonly attachmentId: string; readonly caption?: string }
  | { readonly kind: 'command'; readonly command: CommandName; readonly arg?: string }
  /** A conversation opened from a link; `assetTag` when the link names a device (a QR sticker). */
  | { readonly kind: 'start'; readonly assetTag?: string }
  /**
   * The bot has the conversation again (an agent handed it back, or the user stopped waiting for
   * one): it says so (`notice`, default back_to_bot) and starts clean at the menu.
   */
  | { readonly kind: 'handback'; readonly notice?: SystemText }
  /** The user edited an earlier message: told how to correct an answer, and the question repeated. */
  | { readonly kind: 'edited'; readonly text: string }
  /** Something the bot cannot read (a sticker, a location…): answered, and the question repeated. */
  | { readonly kind: 'unsupported'; readonly what: string };

/** A message the bot sends: text, and buttons when it offers choices. */
export interface Reply {
  readonly text: string;
  readonly choices?: readonly { readonly id: string; readonly label: string }[];
  /** The question asks for a phone number: channels that can offer a "share my number" button do. */
  readonly requestPhone?: boolean;
}

export interface ActionRequest {
  readonly name: string;
  readonly input: Readonly<Record<string, Json>>;
}

export interface ActionResult {
  readonly outcome: string;
  /** Saved in the step's slot; it must survive JSON (the state is stored as JSON). */
  readonly value?: unknown;
}

/** Why a text cannot be read as an answer, or null when it can. */
export function textProblem(text: string, maxLength: number): 'empty_message' | 'too_long' | 'unreadable' | null {
  if (text.trim() === '') return 'empty_message';
  if (Array.from(text).length > maxLength) return 'too_long';
  // Control characters other than tab and newlines, lone surrogates or the replacement character
  // mean binary data or a broken encoding, not something a person typed.
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/.test(text) || !text.isWellFormed()) return 'unreadable';
  return null;
}
