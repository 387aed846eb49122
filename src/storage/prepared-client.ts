import type { Sql, TransactionSql } from 'postgres';

/** Longer query texts are not kept prepared (a long multi-row statement is seldom repeated as is). */
const MAX_PREPARED_TEXT = 16_384;

type Client = Sql | TransactionSql;
type Callback = (sql: TransactionSql) => unknown;

/**
 * drizzle runs every statement through `unsafe(text, params, { prepare: false })`, for which
 * postgres.js first asks the server for the parameter types (Parse, Describe, wait; then Bind,
 * Execute): two round trips per statement. Kept prepared on each connection, a statement that
 * comes again takes one. Transactions and savepoints hand out clients that do the same.
 */
export function preparing<T extends Client>(client: T): T {
  const wrap = (args: unknown[]) => {
    const callback = args.pop() as Callback;
    return [...args, (tx: TransactionSql) => callback(preparing(tx))];
  };
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      if (prop === 'unsafe') {
        return (text: string, params: unknown[] = [], options: Record<string, unknown> = {}) =>
          target.unsafe(text, params as never, { ...options, prepare: params.length > 0 && text.length <= MAX_PREPARED_TEXT });
      }
      if (prop === 'begin' || prop === 'savepoint') {
        return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, wrap(args));
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
