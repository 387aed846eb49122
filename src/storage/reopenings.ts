import type { Reopening } from '../domain/ticket-life.js';
import type { Reopening as StoredReopening } from './schema.js';

/** tickets.reopenings as the domain reads it (dates), and back. */
export function reopeningsOf(stored: readonly StoredReopening[]): Reopening[] {
  return stored.map((r) => ({ resolvedAt: new Date(r.resolvedAt), reopenedAt: new Date(r.reopenedAt) }));
}

export function storedReopenings(reopenings: readonly Reopening[]): StoredReopening[] {
  return reopenings.map((r) => ({ resolvedAt: r.resolvedAt.toISOString(), reopenedAt: r.reopenedAt.toISOString() }));
}
