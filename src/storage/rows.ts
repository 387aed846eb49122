/** The rows of a raw `db.execute`: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

/**
 * The first row of a statement that always yields one (an `insert … returning` without `on conflict do
 * nothing`, an upsert, a select of a row this transaction just saw): `why` says why it cannot be missing,
 * and is the error if the database says otherwise.
 */
export function firstRow<T>(rows: readonly T[], why: string): T {
  const [row] = rows;
  if (row === undefined) throw new Error(why);
  return row;
}
