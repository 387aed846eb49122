import { inArray, sql } from 'drizzle-orm';
import type { AttemptRule, AttemptVerdict, AttemptsRepo } from '../../ports/attempts.js';
import type { Db } from '../database.js';
import { firstRow, rowsOf } from '../rows.js';
import { attemptCounters } from '../schema.js';

/**
 * Attempt counters, each changed by one statement that counts, decides and answers at once: the
 * row lock of `insert … on conflict do update` makes parallel requests (and other instances) take
 * their turn, so the limit holds however many arrive together.
 *
 * A key lets `free` attempts through; the one that reaches `free` makes the next wait `firstWaitMs`,
 * and each later one doubles the wait up to `maxWaitMs`. An attempt that comes during a wait is
 * refused and not counted. The count starts again once the window has passed and no wait is due.
 */
export class DrizzleAttempts implements AttemptsRepo {
  constructor(private readonly db: Db) {}

  async take(rule: AttemptRule, now: Date): Promise<AttemptVerdict> {
    const at = now.toISOString();
    // In `do update`, every expression reads the row as it was before this attempt.
    const expired = sql`(t.window_start <= ${at}::timestamptz - t.window_ms * interval '1 millisecond' and t.next_at <= ${at}::timestamptz)`;
    const open = sql`(t.next_at <= ${at}::timestamptz)`;
    const counted = sql`(case when ${expired} then 1 else t.count + 1 end)`;
    const wait = (n: ReturnType<typeof sql>) =>
      sql`(case when ${n} >= excluded.free then least(excluded.max_wait_ms::float8, excluded.first_wait_ms * power(2::float8, least(${n} - excluded.free, 40))) else 0 end)`;
    const row = firstRow(
      rowsOf<{ count: number; allowed: boolean; wait_ms: number }>(
        await this.db.execute(sql`
        insert into attempt_counters as t (key, count, window_start, next_at, allowed, free, window_ms, first_wait_ms, max_wait_ms)
        values (${rule.key}, 1, ${at}::timestamptz,
                ${at}::timestamptz + ${firstWait(rule)}::float8 * interval '1 millisecond',
                true, ${rule.free}, ${rule.windowMs}, ${rule.firstWaitMs}, ${rule.maxWaitMs})
        on conflict (key) do update set
          free = excluded.free,
          window_ms = excluded.window_ms,
          first_wait_ms = excluded.first_wait_ms,
          max_wait_ms = excluded.max_wait_ms,
          allowed = ${open},
          count = case when ${open} then ${counted} else t.count end,
          window_start = case when ${expired} then ${at}::timestamptz else t.window_start end,
          next_at = case when ${open} then ${at}::timestamptz + ${wait(counted)} * interval '1 millisecond' else t.next_at end
        returning count, allowed, (extract(epoch from next_at - ${at}::timestamptz) * 1000)::float8 as wait_ms`),
      ),
      'An upsert of an attempt counter returns its row.',
    );
    const waitMs = Math.max(0, row.wait_ms);
    return row.allowed ? { allowed: true, count: row.count, waitMs } : { allowed: false, count: row.count, retryAfterMs: waitMs };
  }

  async refund(keys: readonly string[], now: Date): Promise<void> {
    if (keys.length === 0) return;
    // One attempt fewer; a count below the free attempts owes no wait.
    await this.db.execute(sql`
      update attempt_counters set
        count = greatest(count - 1, 0),
        next_at = case when count - 1 < free then least(next_at, ${now.toISOString()}::timestamptz) else next_at end
      where key in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})`);
  }

  async clear(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.delete(attemptCounters).where(inArray(attemptCounters.key, [...keys]));
  }

  async prune(now: Date): Promise<number> {
    const at = now.toISOString();
    const rows = rowsOf<{ key: string }>(
      await this.db.execute(sql`
        delete from attempt_counters
         where next_at <= ${at}::timestamptz and window_start <= ${at}::timestamptz - window_ms * interval '1 millisecond'
        returning key`),
    );
    return rows.length;
  }
}

/** The wait the very first attempt owes (only when a key lets no attempt through freely). */
function firstWait(rule: AttemptRule): number {
  return rule.free <= 1 ? rule.firstWaitMs : 0;
}
