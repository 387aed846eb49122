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

/**
 * What the teachers' conversations hold against what was sent and shown: each event recorded
 * once and processed, one transcript entry per event, the replies the script causes (no more, no
 * fewer), what each chat saw equal to the transcript in order, one ticket per finished report.
 * `allowCrashWindow`: after fixline was killed, a message shown twice in a row (at most one per
 * chat) is the documented crash window: Telegram has no idempotency key, and a LINE reply call
 * accepted just before the kill is pushed again (its token is spent, a reply has no retry key).
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
      // What the chat saw must be the transcript, in order; a message shown twice in a row counts apart.
      const collapsed: string[] = [];
      let chatRepeats = 0;
      for (const [i, text] of seen.entries()) {
        if (i > 0 && text === seen[i - 1] && collapsed.length < outs.length && outs[collapsed.length] !== text) {
          chatRepeats++;
          if (t.channel === 'line') lineRepeats++;
          continue;
        }
        collapsed.push(text);
      }
      repeats += chatRepeats;
      repeatsPerChat = Math.max(repeatsPerChat, chatRepeats);
      if (collapsed.join('\u0000') !== outs.join('\u0000')) mismatched++;
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
      { name: 'one transcript entry per event', ok: inEntries === sentEvents && duplicateEntries === 0, figures: `${inEntries} entries, ${duplicateEntries} twice` },
      { name: 'one state change per turn (sequence numbers)', ok: seqGaps === 0, figures: `${seqGaps} conversations off` },
      { name: 'the replies the script causes', ok: outEntries === expectedReplies, figures: `${outEntries} / ${expectedReplies}` },
      {
        name: 'what each chat saw = its transcript, in order',
        ok: mismatched === 0 && repeatsOk && pending === 0 && failed === 0,
        figures: `${shown} shown, ${mismatched} chats differ, ${repeats} shown twice${options.allowCrashWindow ? ` (crash window: ${repeats - lineRepeats} Telegram, ${lineRepeats} LINE; at most ${repeatsPerChat} in a chat)` : ''}, ${pending} pending, ${failed} failed`,
      },
      { name: 'one ticket per finished report', ok: ticketCount === finished && doubleTickets === 0, figures: `${ticketCount} tickets / ${finished} finished, ${doubleTickets} doubled` },
    ];
  } finally {
    await sql.end({ timeout: 5 });
  }
}
