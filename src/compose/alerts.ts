import { staffComposers } from '../app/alerts/composers.js';
import type { AlertComposers } from '../app/alerts/types.js';

/**
 * The alerts worker's registry: alert kind → composer. The staff warnings (clock, unassigned,
 * raised, page) come from app/alerts/composers.ts; the engineer's dispatch (kind 'dispatch',
 * app/alerts/dispatch.ts) is registered here, next to them, once it exists.
 */
export function alertComposers(): AlertComposers {
  return {
    ...staffComposers(),
    // dispatch: registered here from app/alerts/dispatch.ts.
  };
}
