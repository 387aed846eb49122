import type { Api } from './api.js';
import type { ConsoleMeta } from './types.js';

/** The server's rules and words for the console (GET /api/console/meta). */
export function loadMeta(api: Api): Promise<ConsoleMeta> {
  return api.get<ConsoleMeta>('/meta');
}
