import { API, type Api, isExpired } from './api.js';
import type { Change } from './types.js';

const STREAM_RETRY_MS = 3_000;
export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers {
  state(state: LiveState): void;
  /** The stream is (again) open; `again` when it had been open before (anything may have changed). */
  ready(again: boolean): void;
  change(change: Change): void;
}

/**
 * The server's live changes (Server-Sent Events). When the stream closes (refused, expired, the
 * server away) it asks who is signed in, then opens again after a pause; a 401 there ends the session.
 */
export class Live {
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connectedBefore = false;

  constructor(
    private readonly api: Api,
    private readonly on: LiveHandlers,
  ) {}

  open(): void {
    this.close();
    const epoch = this.api.epoch;
    const current = () => epoch === this.api.epoch && !this.closed;
    this.closed = false;
    const source = new EventSource(`${API}/events`);
    this.source = source;
    this.on.state('connecting');
    source.addEventListener('ready', () => {
      if (!current()) return;
      this.on.state('live');
      this.on.ready(this.connectedBefore);
      this.connectedBefore = true;
    });
    source.addEventListener('change', (event) => {
      if (!current()) return;
      let change: Change;
      try {
        change = JSON.parse((event as MessageEvent<string>).data) as Change;
      } catch {
        return;
      }
      this.on.change(change);
    });
    source.addEventListener('error', () => {
      if (!current()) return;
      this.on.state('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reopen(current), STREAM_RETRY_MS);
    });
  }

  /** Asks who is signed in, then opens the stream again; a refusal other than a 401 tries once more later. */
  private async reopen(current: () => boolean): Promise<void> {
    if (!current()) return;
    try {
      await this.api.get('/me');
      if (current()) this.open();
    } catch (error) {
      if (!isExpired(error) && current()) this.timer = setTimeout(() => current() && this.open(), STREAM_RETRY_MS);
    }
  }

  private closed = false;

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }
}
