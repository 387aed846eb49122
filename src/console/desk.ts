import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { Api } from './api.js';
import type { Format } from './format.js';
import type { Translate } from './i18n/index.js';
import type { Labels } from './labels.js';
import type { Agent, CannedReply, Change, ConsoleMeta, Lang, Permission, Queued } from './types.js';

export const TICK_MS = 30_000;

/** What every view of a signed-in console needs: who, their rights, the server's rules, words. */
export interface Desk {
  readonly api: Api;
  readonly lang: Lang;
  readonly t: Translate;
  readonly labels: Labels;
  readonly fmt: Format;
  readonly me: Agent;
  readonly meta: ConsoleMeta;
  readonly agents: readonly Agent[];
  readonly canned: readonly CannedReply[];
  /** The queue as last loaded (null: not yet), and who waits for a human. */
  readonly queue: readonly Queued[] | null;
  readonly queueError: string;
  // The functions below are closures over the console's state (they never use `this`): typed as
  // properties, a view may take them out of the desk (`const { agentName } = desk`) and pass them on.
  readonly can: (permission: Permission) => boolean;
  readonly agentName: (id: string | null | undefined) => string;
  /** Loads the colleagues anew (names of notes, transfer and assign lists). */
  readonly refreshAgents: () => Promise<void>;
  /** Loads the server's meta anew (the schools of the filters, after an import created one); null: it failed. */
  readonly refreshMeta: () => Promise<ConsoleMeta | null>;
  readonly loadQueue: () => Promise<void>;
  readonly toast: (text: string, kind?: 'info' | 'error') => void;
  /** Hears the server's changes; also `{ type: 'refresh' }` after the stream was down. */
  readonly listen: (listener: (change: Change) => void) => () => void;
  /** What a view keeps for when the agent comes back to it this session (the ticket filters). */
  readonly remembered: Map<string, unknown>;
  /** Bumped every TICK_MS: views showing elapsed times render again. */
  readonly tick: number;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside a signed-in console');
  return desk;
}

/** Calls the listener on each live change while the component is mounted (always its latest version). */
export function useChanges(listener: (change: Change) => void): void {
  const desk = useDesk();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => desk.listen((change) => latest.current(change)), [desk.listen]);
}

/** Someone asked for a human and nobody has claimed the conversation yet. */
export function isWaiting(entry: Queued): boolean {
  return entry.agentId === null && entry.mode !== 'human' && Boolean(entry.humanRequestedAt);
}
