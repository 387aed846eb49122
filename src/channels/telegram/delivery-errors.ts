import type { DeliveryFailure } from '../../ports/transport.js';
import { TelegramError } from './api.js';
import { isPrivateChat } from './encode.js';

/**
 * What a failed sendMessage means for the outbox:
 * - the API gave `retry_after` (429 flood control) → try again then;
 * - 5xx, network errors, time-outs → try again with backoff;
 * - 403 (blocked by the user, user deactivated, kicked from the group…) or 400 "chat not found"
 *   for a private chat → the user is gone: stop sending to the chat;
 * - 401/404 (the token was refused) → try again: the message is fine, the set-up is not;
 * - any other 4xx → this message is refused for good.
 */
export function classifyFailure(error: unknown, to: string, describe: (e: unknown) => string): DeliveryFailure {
  const text = describe(error);
  if (!(error instanceof TelegramError)) return { kind: 'retry', error: text };
  const retryAfter = error.parameters?.retry_after;
  if (typeof retryAfter === 'number' && retryAfter >= 0) return { kind: 'retry', error: text, retryAfterMs: Math.ceil(retryAfter * 1000) };
  const code = error.code;
  const description = error.description;
  if (code === 429 || code >= 500 || !(code >= 400)) return { kind: 'retry', error: text };
  if (code === 403) return { kind: 'blocked', error: text };
  if (code === 400 && /chat not found|user is deactivated|blocked by the user/i.test(description) && isPrivateChat(to))
    return { kind: 'blocked', error: text };
  if (code === 401 || code === 404) return { kind: 'retry', error: `${text} (check TELEGRAM_BOT_TOKEN)` };
  return { kind: 'rejected', error: text };
}
