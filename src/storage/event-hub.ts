import type { Logger } from 'pino';
import type { Database } from './database.js';
import { EVENTS_CHANNEL, type StoreEvent } from './store.js';

type Listener = (event: StoreEvent) => void;

/**
 * Live updates for this instance: one database listener (PostgreSQL LISTEN/NOTIFY, so changes
 * made by any instance arrive; PGlite in-process) fanned out to the open streams.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly everything = new Set<Listener>();
  private stop: (() => Promise<void>) | undefined;

  constructor(private readonly log: Logger) {}

  async start(database: Database): Promise<void> {
    this.stop = await database.listen(EVENTS_CHANNEL, (payload) => {
      try {
        this.emit(JSON.parse(payload) as StoreEvent);
      } catch (error) {
        this.log.warn({ err: error, payload }, 'unreadable event');
      }
    });
  }

  emit(event: StoreEvent): void {
    if ('id' in event) for (const listener of this.listeners.get(event.id) ?? []) listener(event);
    for (const listener of this.everything) listener(event);
  }

  /** Every event (the agents' console); returns the unsubscribe function. */
  subscribeAll(listener: Listener): () => void {
    this.everything.add(listener);
    return () => this.everything.delete(listener);
  }

  /** Calls back on every change of the conversation; returns the unsubscribe function. */
  subscribe(conversationId: string, listener: Listener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  async close(): Promise<void> {
    await this.stop?.();
    this.listeners.clear();
    this.everything.clear();
  }
}
