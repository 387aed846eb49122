import { HTTPFetchError } from '@line/bot-sdk';
import type { DeliveryFailure } from '../../ports/transport.js';

/** What a failed reply or push call means for the messages it carried. */
export type CallResult =
  | { readonly kind: 'sent' }
  /** A push whose retry key LINE had already accepted: the messages were shown before. */
  | { readonly kind: 'already_sent' }
  /** The reply token was refused (used, expired): the same messages go by push. */
  | { readonly kind: 'reply_token_refused'; readonly error: string }
  | { readonly kind: 'failed'; readonly failure: DeliveryFailure };

/** "Retry-After: 3" or an HTTP date, in milliseconds from now. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 3_600_000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), 3_600_000);
}

function describe(error: HTTPFetchError): string {
  let detail = '';
  try {
    const body = JSON.parse(error.body) as { message?: unknown };
    if (typeof body.message === 'string') detail = `: ${body.message}`;
  } catch {
    detail = error.body ? `: ${error.body.slice(0, 200)}` : '';
  }
  return `LINE answered ${error.status}${detail}`;
}

/**
 * LINE's answer → what the outbox does: 429 and 5xx (and 401, a token an operator must fix) are
 * retried, 409 on a push with a retry key means it was accepted before, 403/404 mean the user is
 * gone (blocked, unfollowed), other 4xx refuse the message for good. A 400 on a reply that names
 * the reply token falls back to push. Anything that is not an answer (network, timeout) is retried.
 */
export function classifyError(error: unknown, call: 'reply' | 'push'): CallResult {
  if (!(error instanceof HTTPFetchError)) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return { kind: 'failed', failure: { kind: 'retry', error: `no answer from LINE: ${message}${cause}` } };
  }
  const text = describe(error);
  const status = error.status;
  if (status === 409 && call === 'push') return { kind: 'already_sent' };
  if (status === 429) {
    const after = retryAfterMs(error.headers.get('retry-after'));
    return { kind: 'failed', failure: { kind: 'retry', error: text, ...(after === undefined ? {} : { retryAfterMs: after }) } };
  }
  if (status >= 500 || status === 401 || status === 408) return { kind: 'failed', failure: { kind: 'retry', error: text } };
  if (call === 'reply' && status === 400 && /reply ?token/i.test(error.body)) return { kind: 'reply_token_refused', error: text };
  if (status === 403 || status === 404) return { kind: 'failed', failure: { kind: 'blocked', error: text } };
  return { kind: 'failed', failure: { kind: 'rejected', error: text } };
}
