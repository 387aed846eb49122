import postgres from 'postgres';
import type { FakePlatforms } from './fake-platforms.js';
import type { Teacher } from './teachers.js';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly figures: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the teachers' events are all processed and their replies all sent (or a deadline). */
export async function settle(dbUrl: string, teachers: readonly Teacher[], deadlineMs = 180_000): Promise<boolean> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const keys = teachers.map((t) => t.key);
  try {
    const until = performance.now() + deadlineMs;
    while (performance.now() < until) {
      const [row] = await sql<{ events: string; outbox: string }[]>`
        select (select count(*) from inbound_events where conversation_key in ${sql(keys)} and processed_at is null) as events,
               (select count(*) from outbox o join conversations c on c.id = o.conversation_id
                 where c.external_key in ${sql(keys)} and o.status = 'pending') as outbox`;
      if (Number(row!.events) === 0 && Number(row!.outbox) === 0) return true;
      await sleep(500);
    }
    return false;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** LINE takes up to 5 messages in one reply or push. */
const LINE_MESSAGES_PER_CALL = 5;

/**
 * How many messages from `i` on repeat the ones just before them (a delivery shown again), at most
 * `maxRun`; 0 when what comes is new — also when the transcript itself says the same again.
 */
function repeatedRun(seen: readonly string[], i: number, collapsed: readonly string[], outs: readonly string[], maxRun: number): number {
  for (let k = Math.min(maxRun, i, seen.length - i); k >= 1; k--) {
    const block = seen.slice(i, i + k);
    const before = collapsed.slice(collapsed.length - k);
    if (before.length !== k || block.some((text, j) => text !== before[j])) continue;
    // The transcript going on with the same texts is not a repeat.
    if (block.every((text, j) => outs[collapsed.length + j] === text)) continue;
    return k;
  }
  return 0;
}

/**
 * What the teachers' conversations hold against what was sent and shown: each event recorded
 * once and processed, one transcript entry per event, the replies the script causes (no more, no
 * fewer), what each chat saw equal to the transcript in order, one ticket per finished report.
 * `allowCrashWindow`: after fixline was killed, one delivery per chat shown again right after
 * itself is the documented crash window: a Telegram message (no idempotency key), or the messages
 * of one LINE reply call accepted just before the kill, pushed again (the token is spent, and a
 * reply has no retry key).
 */
export async function verify(
  dbUrl: string,
  fakes: FakePlatforms,
  teachers: readonly Teacher[],
  replies: readonly number[],
  options: { allowCrashWindow?: boolean } = {},
): Promise<Check[]> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const keys = teachers.map((t) => t.key);
  try {
    const events = await sql<{ key: string; n: string; open: string }[]>`
      select conversation_key as key, count(*) as n, count(*) filter (where processed_at is null) as open
        from inbound_events where conversation_key in ${sql(keys)} group by conversation_key`;
    const transcript = await sql<{ key: string; direction: string; text: string; event: string | null; seq: number; last_seq: number }[]>`
      select c.external_key as key, m.direction, m.text, m.inbound_event_id as event, m.seq, c.last_seq
        from messages m join conversations c on c.id = m.conversation_id
       where c.external_key in ${sql(keys)} order by c.external_key, m.seq`;
    const tickets = await sql<{ key: string; n: string }[]>`
      select c.external_key as key, count(*) as n from tickets t join conversations c on c.id = t.conversation_id
       where c.external_key in ${sql(keys)} group by c.external_key`;
    const outbox = await sql<{ status: string; n: string }[]>`
      select o.status, count(*) as n from outbox o join conversations c on c.id = o.conversation_id
       where c.external_key in ${sql(keys)} group by o.status`;

    const sentEvents = teachers.reduce((n, t) => n + t.step, 0);
    const recorded = events.reduce((n, e) => n + Number(e.n), 0);
    const unprocessed = events.reduce((n, e) => n + Number(e.open), 0);
    type Row = (typeof transcript)[number];
    const byKey = new Map<string, Row[]>();
    for (const m of transcript) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m]);

    let inEntries = 0;
    let duplicateEntries = 0;
    let expectedReplies = 0;
    let outEntries = 0;
    let shown = 0;
    let mismatched = 0;
    let repeats = 0;
    let seqGaps = 0;
    let lineRepeats = 0;
    let repeatsPerChat = 0;
    let example = '';
    for (const t of teachers) {
      const rows = byKey.get(t.key) ?? [];
      const ins = rows.filter((r) => r.direction === 'in');
      inEntries += ins.length;
      duplicateEntries += ins.length - new Set(ins.map((r) => r.event)).size;
      expectedReplies += replies.slice(0, t.step).reduce((a, b) => a + b, 0);
      const outs = rows.filter((r) => r.direction === 'out').map((r) => r.text);
      outEntries += outs.length;
      if (rows.length > 0 && rows.at(-1)!.last_seq !== rows.length) seqGaps++;
      const seen = ((t.channel === 'telegram' ? fakes.telegram : fakes.line).get(t.key) ?? []).map((s) => s.text);
      shown += seen.length;
      // What the chat saw must be the transcript, in order. A delivery shown again right after
      // itself (one call: a Telegram message, or up to 5 LINE messages) counts apart as a repeat.
      const collapsed: string[] = [];
      let chatRepeats = 0;
      let chatRepeatedCalls = 0;
      for (let i = 0; i < seen.length;) {
        const run = repeatedRun(seen, i, collapsed, outs, t.channel === 'line' ? LINE_MESSAGES_PER_CALL : 1);
        if (run > 0) {
          chatRepeats += run;
          chatRepeatedCalls++;
          if (t.channel === 'line') lineRepeats += run;
          i += run;
          continue;
        }
        collapsed.push(seen[i]!);
        i++;
      }
      repeats += chatRepeats;
      repeatsPerChat = Math.max(repeatsPerChat, chatRepeatedCalls);
      if (collapsed.join('\u0000') !== outs.join('\u0000')) {
        mismatched++;
        // The first chat that differs, from where it differs, so a failure can be read.
        if (!example) {
          const at = collapsed.findIndex((text, i) => text !== outs[i]);
          const from = Math.max(0, (at < 0 ? Math.min(collapsed.length, outs.length) : at) - 1);
          const clip = (texts: string[]) =>
            texts
              .slice(from, from + 4)
              .map((x) => JSON.stringify(x.slice(0, 24)))
              .join(' ');
          example = `; e.g. ${t.channel} ${t.key} from #${from + 1}: saw ${clip(seen)} | transcript ${clip(outs)}`;
        }
      }
    }
    const finished = teachers.filter((t) => t.step === replies.length).length;
    const ticketCount = tickets.reduce((n, r) => n + Number(r.n), 0);
    const doubleTickets = tickets.filter((r) => Number(r.n) > 1).length;
    const pending = Number(outbox.find((o) => o.status === 'pending')?.n ?? 0);
    const failed = Number(outbox.find((o) => o.status === 'failed')?.n ?? 0);

    const repeatsOk = options.allowCrashWindow ? repeatsPerChat <= 1 : repeats === 0;
    return [
      { name: 'every event recorded once', ok: recorded === sentEvents, figures: `${recorded} recorded / ${sentEvents} sent` },
      { name: 'every event processed', ok: unprocessed === 0, figures: `${unprocessed} left` },
      {
        name: 'one transcript entry per event',
        ok: inEntries === sentEvents && duplicateEntries === 0,
        figures: `${inEntries} entries, ${duplicateEntries} twice`,
      },
      { name: 'one state change per turn (sequence numbers)', ok: seqGaps === 0, figures: `${seqGaps} conversations off` },
      { name: 'the replies the script causes', ok: outEntries === expectedReplies, figures: `${outEntries} / ${expectedReplies}` },
      {
        name: 'what each chat saw = its transcript, in order',
        ok: mismatched === 0 && repeatsOk && pending === 0 && failed === 0,
        figures: `${shown} shown, ${mismatched} chats differ, ${repeats} shown twice${options.allowCrashWindow ? ` (crash window: ${repeats - lineRepeats} Telegram, ${lineRepeats} LINE; at most ${repeatsPerChat} repeated call in a chat)` : repeats > 0 ? ` (${repeats - lineRepeats} Telegram, ${lineRepeats} LINE; at most ${repeatsPerChat} repeated call in a chat)` : ''}, ${pending} pending, ${failed} failed${example}`,
      },
      {
        name: 'one ticket per finished report',
        ok: ticketCount === finished && doubleTickets === 0,
        figures: `${ticketCount} tickets / ${finished} finished, ${doubleTickets} doubled`,
      },
    ];
  } finally {
    await sql.end({ timeout: 5 });
  }
}
