import { sql } from 'drizzle-orm';
import type { TurnRecord } from '../../ports/store.js';
import type { Db } from '../database.js';
import { EVENTS_CHANNEL } from '../events.js';
import { rowsOf } from '../rows.js';
import { entryRow } from './entry-rows.js';

/**
 * Several conversations' turns written in one statement, each exactly as `DrizzleTurns.commit`
 * writes one: everything of a turn hangs on its conversation's update, which applies only at the
 * expected sequence number; a turn whose conversation moved writes nothing. Returns, for each
 * turn in the order given, how many of its events it marked processed, or -1 when it was not
 * written. One turn per conversation in a call.
 */
export async function commitTurns(db: Db, turns: readonly TurnRecord[]): Promise<number[]> {
  const heads = turns.map((t, n) => ({
    n,
    conversation_id: t.conversationId,
    state: t.state ?? null,
    last_seq: t.lastSeq,
    at: t.at.toISOString(),
    blocked_at: t.blockedAt ? t.blockedAt.toISOString() : null,
    expected: t.expectedSeq ?? null,
    contact_id: t.contactLang?.contactId ?? null,
    contact_lang: t.contactLang?.lang ?? null,
    notice: JSON.stringify({ type: 'conversation', id: t.conversationId, seq: t.lastSeq }),
  }));
  const entries = turns.flatMap((t, n) => t.entries.map((e) => ({ n, ...entryRow(e) })));
  const outbox = turns.flatMap((t, n) =>
    t.outbox.map((o) => ({
      n,
      seq: o.seq,
      channel: t.channel,
      payload: o.payload,
      not_before: o.notBefore?.toISOString() ?? null,
      status: t.undeliverable ? 'failed' : 'pending',
      last_error: t.undeliverable ?? null,
    })),
  );
  const processed = turns.flatMap((t, n) => t.processedIds.map((id) => ({ n, id })));
  const result = await db.execute(sql`
    with t as (
      select * from jsonb_to_recordset(${JSON.stringify(heads)}::jsonb)
        as t(n int, conversation_id uuid, state jsonb, last_seq int, at timestamptz, blocked_at timestamptz, expected int,
             contact_id uuid, contact_lang text, notice text)
    ), c as (
      update conversations v
         set state = t.state, last_seq = t.last_seq, last_message_at = t.at, updated_at = t.at, blocked_at = t.blocked_at
        from t
       where v.id = t.conversation_id and (t.expected is null or v.last_seq = t.expected)
      returning t.n, v.id, t.at
    ), m as (
      insert into messages (conversation_id, seq, direction, sender, agent_id, kind, text, choices, attachment_id, inbound_event_id, created_at)
      select c.id, x.seq, x.direction, x.sender, x.agent_id, x.kind, x.text, x.choices, x.attachment_id, x.inbound_event_id, c.at
        from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb)
          as x(n int, seq int, direction text, sender text, agent_id uuid, kind text, text text, choices jsonb, attachment_id uuid, inbound_event_id bigint)
        join c on c.n = x.n
      returning id, conversation_id, seq
    ), o as (
      insert into outbox (conversation_id, channel, message_id, payload, next_attempt_at, created_at, status, last_error)
      select c.id, y.channel, m.id, y.payload, coalesce(y.not_before, c.at), c.at, y.status, y.last_error
        from jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb)
          as y(n int, seq int, channel text, payload jsonb, not_before timestamptz, status text, last_error text)
        join c on c.n = y.n
        join m on m.conversation_id = c.id and m.seq = y.seq
      returning 1
    ), p as (
      update inbound_events e set processed_at = c.at
        from jsonb_to_recordset(${JSON.stringify(processed)}::jsonb) as q(n int, id bigint)
        join c on c.n = q.n
       where e.id = q.id and e.processed_at is null
      returning q.n
    ), l as (
      update contacts k set lang = t.contact_lang, updated_at = t.at
        from t join c on c.n = t.n
       where t.contact_id is not null and k.id = t.contact_id
      returning 1
    )
    select t.n, exists (select 1 from c where c.n = t.n) as saved,
           (select count(*) from p where p.n = t.n)::int as processed,
           (select count(*) from m)::int as written, (select count(*) from o)::int as queued, (select count(*) from l)::int as lang,
           case when exists (select 1 from c where c.n = t.n) then pg_notify(${EVENTS_CHANNEL}, t.notice) end as notified
      from t`);
  const out = turns.map(() => -1);
  for (const row of rowsOf<{ n: number; saved: boolean; processed: number }>(result)) {
    out[row.n] = row.saved ? row.processed : -1;
  }
  return out;
}
