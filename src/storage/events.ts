/** The notification channel every instance listens on. */
export const EVENTS_CHANNEL = 'fixline_events';

/** What changed, told to every instance (the web chat and the console stream these). */
export type StoreEvent =
  | { type: 'conversation'; id: string; seq: number }
  /** A conversation's place in the agents' queue changed (asked for a human, claimed, handed back). */
  | { type: 'queue'; id: string }
  | { type: 'ticket'; id: string }
  /** An inspection changed (a line marked from the engineer's chat or the console, assigned, completed). */
  | { type: 'inspection'; id: string }
  /** Schools, rooms or assets changed (an import): every instance forgets what it cached of them. */
  | { type: 'places' };
