import type { messagingApi } from '@line/bot-sdk';
import type { OutboxPayload } from '../../ports/outbox.js';

/** LINE's limits (Messaging API reference). */
export const LINE_LIMITS = {
  /** Message objects in one reply or push. */
  messagesPerCall: 5,
  /** A text message, in UTF-16 code units. */
  textLength: 5000,
  quickReplyItems: 13,
  /** An action label. */
  labelLength: 20,
  postbackData: 300,
  displayText: 300,
} as const;

/** Cuts `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** A label within `max` units, shortened with "…" when it is longer. */
export function shortLabel(label: string, max: number = LINE_LIMITS.labelLength): string {
  const clean = label.replace(/\s+/g, ' ').trim() || '…';
  return clean.length <= max ? clean : `${cut(clean, max - 1).trimEnd()}…`;
}

/**
 * Splits a text into parts of at most `max` UTF-16 units, preferably at a line break, else at a
 * space, never inside a surrogate pair. An empty text becomes one part (LINE refuses empty texts,
 * so it is sent as "…").
 */
export function splitText(text: string, max: number = LINE_LIMITS.textLength): string[] {
  if (text.trim() === '') return ['…'];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = cut(rest, max);
    let at = window.lastIndexOf('\n');
    if (at < max / 2) at = window.lastIndexOf(' ');
    if (at < max / 2) at = window.length;
    const head = rest.slice(0, at);
    rest = rest.slice(at).replace(/^[\n ]/, '');
    if (head.trim() !== '') parts.push(head);
  }
  if (rest.trim() !== '' || parts.length === 0) parts.push(rest);
  return parts;
}

/**
 * The choices as quick-reply buttons: the first 13 (the engine already pages long lists), labels
 * shortened to 20 characters, the choice id as postback data (a choice whose id is longer than
 * LINE allows cannot be sent and is left out), and the full label as the text the user is shown
 * as having sent.
 */
export function quickReply(choices: OutboxPayload['choices']): messagingApi.QuickReply | undefined {
  const items: messagingApi.QuickReplyItem[] = (choices ?? [])
    .filter((c) => c.id.length > 0 && c.id.length <= LINE_LIMITS.postbackData)
    .slice(0, LINE_LIMITS.quickReplyItems)
    .map((c) => ({
      type: 'action',
      action: {
        type: 'postback',
        label: shortLabel(c.label),
        data: c.id,
        displayText: shortLabel(c.label, LINE_LIMITS.displayText),
      },
    }));
  return items.length > 0 ? { items } : undefined;
}

/**
 * One outbox message as LINE message objects (pure): its text in parts of at most 5,000 units,
 * the buttons as quick replies on the last part. The transport puts up to five in one reply or
 * push (LINE_LIMITS.messagesPerCall).
 */
export function encode(payload: OutboxPayload): messagingApi.TextMessage[] {
  const parts = splitText(payload.text);
  const buttons = quickReply(payload.choices);
  return parts.map((text, i) => (i === parts.length - 1 && buttons ? { type: 'text', text, quickReply: buttons } : { type: 'text', text }));
}
