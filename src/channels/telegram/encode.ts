import type { OutboxPayload } from '../../ports/outbox.js';
import type { Lang } from '../../domain/i18n.js';

/** Telegram's limits for a text message and its inline keyboard. */
export const MAX_TEXT = 4096;
export const MAX_CALLBACK_BYTES = 64;
export const MAX_BUTTONS = 100;
const MAX_LABEL = 120;

const PHONE_BUTTON: Record<Lang, string> = { 'zh-CN': '📱 分享手机号', en: '📱 Share my phone number' };

export interface InlineButton {
  readonly text: string;
  readonly callback_data: string;
}

type ReplyMarkup =
  | { readonly inline_keyboard: InlineButton[][] }
  | { readonly keyboard: { text: string; request_contact: true }[][]; readonly one_time_keyboard: true; readonly resize_keyboard: true }
  | { readonly remove_keyboard: true };

/** One sendMessage request. */
export interface SendMessage {
  readonly chat_id: number | string;
  readonly text: string;
  readonly reply_markup?: ReplyMarkup;
}

/** A dropped button, and why. */
export type DropReport = (choice: { id: string; label: string }, why: string) => void;

/** Chat ids of users are positive; groups and channels are negative. */
export function isPrivateChat(to: string): boolean {
  return /^\d+$/.test(to);
}

const chatId = (to: string): number | string => (/^-?\d{1,15}$/.test(to) ? Number(to) : to);

/**
 * Splits a text into parts Telegram accepts (≤ 4096 UTF-16 units, which is how it counts): at
 * the last line break of each part when there is one in its second half, else at a space, else
 * hard (never inside a surrogate pair). Parts that are only white space are left out.
 */
export function splitText(text: string, max: number = MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    let skip = 1;
    if (cut < max / 2) {
      cut = rest.lastIndexOf(' ', max);
      if (cut < max / 2) {
        cut = max;
        skip = 0;
        const code = rest.charCodeAt(cut - 1);
        if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      }
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut + skip);
  }
  parts.push(rest);
  return parts.filter((p) => p.trim() !== '');
}

/** How wide a label shows: CJK and emoji count double. */
function displayWidth(label: string): number {
  let width = 0;
  for (const ch of label)
    width +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return width;
}

/** Buttons per row a label allows: short ones three, medium two, long ones alone. */
function perRow(label: string): number {
  const w = displayWidth(label);
  return w <= 10 ? 3 : w <= 18 ? 2 : 1;
}

/**
 * Choices as an inline keyboard: callback_data is the choice id and must be 1–64 bytes (a button
 * whose id cannot fit is left out and reported, never cut: a cut id would select something else),
 * at most 100 buttons, in rows of 1–3 by label length, in the given order.
 */
export function inlineKeyboard(choices: readonly { id: string; label: string }[], drop: DropReport): InlineButton[][] | undefined {
  const buttons: InlineButton[] = [];
  for (const c of choices) {
    const bytes = Buffer.byteLength(c.id, 'utf8');
    if (bytes < 1 || bytes > MAX_CALLBACK_BYTES) {
      drop(c, `callback data is ${bytes} bytes (Telegram allows 1–${MAX_CALLBACK_BYTES})`);
      continue;
    }
    if (buttons.length >= MAX_BUTTONS) {
      drop(c, `more than ${MAX_BUTTONS} buttons`);
      continue;
    }
    const label = c.label.trim() || c.id;
    buttons.push({ text: label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label, callback_data: c.id });
  }
  if (buttons.length === 0) return undefined;
  const rows: InlineButton[][] = [];
  let row: InlineButton[] = [];
  let cap = 3;
  for (const b of buttons) {
    const own = perRow(b.text);
    if (row.length > 0 && row.length + 1 > Math.min(cap, own)) {
      rows.push(row);
      row = [];
      cap = 3;
    }
    row.push(b);
    cap = Math.min(cap, own);
  }
  rows.push(row);
  return rows;
}

/** One request to the Bot API a reply turns into (fixline sends texts with their keyboards: sendMessage). */
export interface TelegramCall {
  readonly method: 'sendMessage';
  readonly body: SendMessage;
}

/**
 * One outbox message as the requests that show it (pure): the text split at 4096, the buttons
 * (or the "share my phone number" keyboard, in private chats) on the last part. Plain messages in
 * private chats take away a phone keyboard shown earlier. A button that cannot be sent is left
 * out and reported to `drop`.
 */
export function encode(payload: OutboxPayload, drop: DropReport = () => {}): TelegramCall[] {
  const to = chatId(payload.to);
  const parts = splitText(payload.text);
  if (parts.length === 0) parts.push('…');
  const keyboard = payload.choices?.length ? inlineKeyboard(payload.choices, drop) : undefined;
  const privateChat = isPrivateChat(payload.to);
  let markup: ReplyMarkup | undefined;
  if (keyboard) markup = { inline_keyboard: keyboard };
  else if (payload.requestPhone && privateChat) {
    markup = { keyboard: [[{ text: PHONE_BUTTON[payload.lang], request_contact: true }]], one_time_keyboard: true, resize_keyboard: true };
  } else if (privateChat) markup = { remove_keyboard: true };
  return parts.map((text, i) => ({
    method: 'sendMessage',
    body: i === parts.length - 1 && markup ? { chat_id: to, text, reply_markup: markup } : { chat_id: to, text },
  }));
}
