import type { Logger } from 'pino';
import type { TelegramApi } from './api.js';
import { type RawUpdate, UpdateHead } from './decode.js';

export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/** Waits, or stops waiting when the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** 1 s, 2 s, 4 s … at most a minute. */
export const backoff = (failures: number) => Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));

/**
 * Long polling (no PUBLIC_URL): getUpdates with a long time-out, the updates recorded, and only
 * then the offset moved past them, so that updates fetched before a crash are fetched again
 * (recording them twice is harmless: they are de-duplicated). Ends when the signal aborts.
 */
export async function pollUpdates(
  api: TelegramApi,
  takeIn: (updates: readonly RawUpdate[]) => Promise<unknown>,
  log: Logger,
  options: { timeoutSeconds: number; signal: AbortSignal },
): Promise<void> {
  const { signal, timeoutSeconds } = options;
  let offset: number | undefined;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const batch = await api.call<unknown[]>(
        'getUpdates',
        { offset, timeout: timeoutSeconds, limit: 100, allowed_updates: ALLOWED_UPDATES },
        { timeoutMs: (timeoutSeconds + 15) * 1000, signal },
      );
      const updates: RawUpdate[] = [];
      let last = -1;
      for (const raw of Array.isArray(batch) ? batch : []) {
        const u = UpdateHead.safeParse(raw);
        if (u.success) {
          updates.push(u.data);
          last = Math.max(last, u.data.update_id);
        }
      }
      if (updates.length > 0) await takeIn(updates);
      if (last >= 0) offset = last + 1;
      failures = 0;
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the loop checked it before the await; an abort during it lands here
      if (signal.aborted) break;
      failures++;
      log.warn({ error: api.describe(error), failures }, 'Telegram long polling failed; trying again');
      await pause(backoff(failures), signal);
    }
  }
}
