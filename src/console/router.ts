import { useEffect, useState } from 'preact/hooks';

export type Section =
  | 'queue'
  | 'conversations'
  | 'tickets'
  | 'roster'
  | 'events'
  | 'visits'
  | 'inspections'
  | 'reports'
  | 'satisfaction'
  | 'accounts'
  | 'asset-labels';
export interface Route {
  readonly section: string;
  readonly id: string;
}

/** The console's place is its URL's hash: #/queue/<conversation>, #/tickets/<ticket>, #/accounts… */
export function parseHash(hash: string = location.hash): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  return { section: parts[0] ?? '', id: parts[1] ?? '' };
}

export function href(section: Section, id?: string): string {
  return id ? `#/${section}/${encodeURIComponent(id)}` : `#/${section}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parseHash);
  useEffect(() => {
    const changed = () => setRoute(parseHash());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/** Replaces the current place without a history entry (a section the agent may not see). */
export function replaceRoute(section: Section): void {
  history.replaceState(null, '', `#/${section}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
