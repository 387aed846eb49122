/**
 * Live updates: the session's event stream (server-sent events read over fetch, so the token goes
 * in a header), reconnected with backoff; when streaming keeps failing (a proxy that buffers, a
 * flaky network, 429 for too many streams) the page polls between attempts.
 */
import { ApiError, isGone, type ServerMessage } from './api.js';
import { setLang, setStatus } from './chrome.js';
import type { Chat, LiveLink } from './state.js';
import { addServerMessage } from './transcript.js';

const POLL_MS = 3000;
const STREAM_SILENCE_MS = 50000; // the server sends a keep-alive every 20 s
const STREAM_FAILURES_BEFORE_POLLING = 3;
const PAGE_SIZE = 200;

interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | null;
}

/** A small server-sent-events parser: feed it text, it calls back once per complete event. */
export function sseParser(onEvent: (event: SseEvent) => void): (chunk: string) => void {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | null = null;
  return (chunk) => {
    buffer += chunk;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      if (!match) return;
      if (match[0] === '\r' && match.index === buffer.length - 1) return; // wait: \r\n may be split
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (data.length) onEvent({ event: event || 'message', data: data.join('\n'), id });
        data = [];
        event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id') id = value;
    }
  };
}

/** Fetches everything after the last entry shown, a page at a time. */
export async function fetchNew(chat: Chat, signal?: AbortSignal): Promise<void> {
  for (;;) {
    const page = await chat.api.messages(chat.lastSeq, signal);
    if (page.lang) setLang(chat, page.lang);
    const before = chat.lastSeq;
    for (const m of page.messages) addServerMessage(chat, m);
    if (page.messages.length < PAGE_SIZE || chat.lastSeq === before) return;
  }
}

/** One session's live updates, from start() until stop(). */
class Live implements LiveLink {
  active = true;
  private controller: AbortController | null = null;
  private wakeUp: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly chat: Chat) {}

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  wake(): void {
    clearTimeout(this.timer);
    this.wakeUp?.();
    this.wakeUp = null;
  }

  stop(): void {
    this.active = false;
    this.controller?.abort();
    this.wake();
  }

  /** Reads one event stream until it ends; says whether it delivered anything and how it ended. */
  async openStream(): Promise<{ received: boolean; error: unknown }> {
    const controller = new AbortController();
    this.controller = controller;
    let received = false;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const kick = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(), STREAM_SILENCE_MS);
    };
    try {
      kick();
      const res = await this.chat.api.events(this.chat.lastSeq, controller.signal);
      if (!res.body) throw new ApiError(0, 'no_stream');
      if (this.active) setStatus(this.chat, 'connected');
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const feed = sseParser((e) => this.onEvent(e));
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !this.active) break;
        received = true;
        kick();
        feed(decoder.decode(value, { stream: true }));
      }
      return { received, error: null };
    } catch (error) {
      return { received, error };
    } finally {
      clearTimeout(watchdog);
      this.controller = null;
    }
  }

  private onEvent(e: SseEvent): void {
    if (e.event !== 'message') return;
    try {
      addServerMessage(this.chat, JSON.parse(e.data) as ServerMessage);
    } catch {
      // a damaged event: the next reconnect fetches from the last good seq
    }
  }

  async run(): Promise<void> {
    const chat = this.chat;
    let failures = 0;
    let nextStreamAt = 0;
    while (this.active) {
      if (Date.now() >= nextStreamAt) {
        const result = await this.openStream();
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run during the await
        if (!this.active) return;
        if (isGone(result.error)) {
          chat.actions.sessionGone(result.error);
          return;
        }
        // Too many streams open (other tabs): poll at once instead of retrying the stream.
        if (result.error instanceof ApiError && result.error.status === 429)
          failures = Math.max(failures, STREAM_FAILURES_BEFORE_POLLING - 1);
        failures = result.received ? 0 : failures + 1;
        nextStreamAt = Date.now() + backoff(failures);
        if (failures < STREAM_FAILURES_BEFORE_POLLING) {
          setStatus(chat, 'reconnecting');
          await this.sleep(nextStreamAt - Date.now());
          continue;
        }
      }
      // Streaming keeps failing: poll between attempts.
      try {
        await fetchNew(chat);
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run during the await
        if (this.active) setStatus(chat, 'polling');
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run during the await
        if (!this.active) return;
        if (isGone(error)) {
          chat.actions.sessionGone(error);
          return;
        }
        setStatus(chat, 'reconnecting');
      }
      await this.sleep(Math.min(POLL_MS, Math.max(0, nextStreamAt - Date.now())) || POLL_MS);
    }
  }
}

const backoff = (failures: number): number => Math.min(10000, 1000 * 2 ** Math.max(0, failures - 1)) + Math.floor(Math.random() * 250);

/** Starts following the session (stopping whatever followed the one before). */
export function startLive(chat: Chat): void {
  stopLive(chat);
  const live = new Live(chat);
  chat.live = live;
  void live.run();
}

export function stopLive(chat: Chat): void {
  chat.live?.stop();
  chat.live = null;
}

/** Comes back at once when the network returns or the tab is shown again. */
export function wireLiveWakeUps(chat: Chat): void {
  window.addEventListener('online', () => chat.live?.wake());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') chat.live?.wake();
  });
}
