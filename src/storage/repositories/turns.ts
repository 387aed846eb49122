import { type SQL, sql } from 'drizzle-orm';
import type { ContactRecord, OpenedTurn, TurnRecord, TurnsRepo } from '../../ports/store.js';
import type { ChannelName, InboundMessage } from '../../domain/messages.js';
import type { Db } from '../database.js';
import { EVENTS_CHANNEL } from '../events.js';
import { contactRecord } from './contacts.js';
import { rowsOf } from '../rows.js';
import { entryRow } from './entry-rows.js';

interface ContactJson {
  id: string;
  name: string | null;
  phone: string | null;
  lang: string;
  site_id: string | null;
  site_name: string | null;
  room_id: string | null;
  room_name: string | null;
  staff: boolean;
}

interface ConversationRow {
  contact: ContactJson | null;
  id: string;
  channel: string;
  external_key: string;
  contact_id: string;
  state: unknown;
  mode: 'bot' | 'human';
  agent_id: string | null;
  last_seq: number;
  human_requested_at: string | Date | null;
  blocked_at: string | Date | null;
  pending: { id: number | string; payload: InboundMessage }[] | null;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

const columns = sql.raw(
  'c.id, c.channel, c.external_key, c.contact_id, c.state, c.mode, c.agent_id, c.last_seq, c.human_requested_at, c.blocked_at',
);

/** A conversation's waiting events, oldest first, as one JSON array. */
const waiting = (
  channel: SQL,
  key: SQL,
) => sql`(select coalesce(json_agg(json_build_object('id', e.id, 'payload', e.payload) order by e.id), '[]'::json)
       from inbound_events e
      where e.channel = ${channel} and e.conversation_key = ${key} and e.processed_at is null)`;

/** The contact of conversation `c`, as one JSON object. */
const contact = sql`(select json_build_object('id', p.id, 'name', p.name, 'phone', p.phone, 'lang', p.lang,
         'site_id', p.site_id, 'site_name', s.name, 'room_id', p.room_id, 'room_name', r.name,
         'staff', exists (select 1 from agents a where a.contact_id = p.id and a.active))
       from contacts p left join sites s on s.id = p.site_id left join rooms r on r.id = p.room_id
      where p.id = c.contact_id)`;

const pendingOf = (pending: ConversationRow['pending']) => (pending ?? []).map((p) => ({ id: Number(p.id), message: p.payload }));

function opened(row: ConversationRow): OpenedTurn {
  return {
    conversation: {
      id: row.id,
      channel: row.channel as ChannelName,
      externalKey: row.external_key,
      contactId: row.contact_id,
      state: row.state,
      mode: row.mode,
      agentId: row.agent_id,
      lastSeq: row.last_seq,
      humanRequestedAt: date(row.human_requested_at),
      blockedAt: date(row.blocked_at),
    },
    contact: row.contact ? toContact(row.contact) : null,
    pending: pendingOf(row.pending),
  };
}

/**
 * The turns' hot path in as few round trips as the guarantees allow: a conversation is locked
 * and loaded with its waiting events in one statement, and a whole turn is written in another.
 */
export class DrizzleTurns implements TurnsRepo {
  constructor(private readonly db: Db) {}

  async open(channel: ChannelName, externalKey: string, options: { lock?: boolean } = {}): Promise<OpenedTurn> {
    // With the lock, the row lock serialises a conversation's turns across instances and returns
    // its latest committed state. The waiting events are read in the same statement, possibly from
    // before the lock was granted: `commit` refuses a turn whose events another turn took meanwhile.
    const result = await this.db.execute(sql`
      select ${columns}, ${waiting(sql`${channel}`, sql`${externalKey}`)} as pending, ${contact} as contact
        from conversations c
       where c.channel = ${channel} and c.external_key = ${externalKey}
       ${options.lock ? sql`for update of c` : sql``}`);
    const [row] = rowsOf<ConversationRow>(result);
    if (!row) {
      // A new conversation (the rare path): only its waiting events.
      const [first] = rowsOf<{ pending: ConversationRow['pending'] }>(
        await this.db.execute(sql`select ${waiting(sql`${channel}`, sql`${externalKey}`)} as pending`),
      );
      return { conversation: null, contact: null, pending: pendingOf(first?.pending ?? null) };
    }
    return opened(row);
  }

  /**
   * Several conversations opened (without a lock) in one statement, in the order asked: what
   * `open` returns for each, a conversation not yet created included.
   */
  async openMany(keys: readonly { channel: ChannelName; externalKey: string }[]): Promise<OpenedTurn[]> {
    const asked = JSON.stringify(keys.map((k, n) => ({ n, channel: k.channel, key: k.externalKey })));
    const result = await this.db.execute(sql`
      select k.n, c.id is not null as found, ${columns}, ${waiting(sql`k.channel`, sql`k.key`)} as pending, ${contact} as contact
        from jsonb_to_recordset(${asked}::jsonb) as k(n int, channel text, key text)
        left join conversations c on c.channel = k.channel and c.external_key = k.key`);
    const out: OpenedTurn[] = keys.map(() => ({ conversation: null, contact: null, pending: [] }));
    for (const row of rowsOf<ConversationRow & { n: number; found: boolean }>(result)) {
      out[row.n] = row.found ? opened(row) : { conversation: null, contact: null, pending: pendingOf(row.pending) };
    }
    return out;
  }

  async commit(turn: TurnRecord): Promise<number> {
    const at = turn.at.toISOString();
    const entries = turn.entries.map(entryRow);
    const notice = JSON.stringify({ type: 'conversation', id: turn.conversationId, seq: turn.lastSeq });
    // A reply held for quiet hours waits in the outbox: its first attempt is no earlier than `notBefore`.
    const outbox = turn.outbox.map((o) => ({ seq: o.seq, payload: o.payload, not_before: o.notBefore?.toISOString() ?? null }));
    const expected = turn.expectedSeq === undefined ? sql`` : sql` and last_seq = ${turn.expectedSeq}`;
    // Everything hangs on the conversation's update: at an unexpected sequence number, nothing is written.
    const result = await this.db.execute(sql`
      with c as (
        update conversations
           set state = ${JSON.stringify(turn.state)}::jsonb, last_seq = ${turn.lastSeq}, last_message_at = ${at}::timestamptz,
               updated_at = ${at}::timestamptz, blocked_at = ${turn.blockedAt ? turn.blockedAt.toISOString() : null}::timestamptz
         where id = ${turn.conversationId}::uuid${expected}
        returning id
      ), m as (
        insert into messages (conversation_id, seq, direction, sender, agent_id, kind, text, choices, attachment_id, inbound_event_id, created_at)
        select c.id, x.seq, x.direction, x.sender, x.agent_id, x.kind, x.text, x.choices, x.attachment_id, x.inbound_event_id, ${at}::timestamptz
          from c, jsonb_to_recordset(${JSON.stringify(entries)}::jsonb)
            as x(seq int, direction text, sender text, agent_id uuid, kind text, text text, choices jsonb, attachment_id uuid, inbound_event_id bigint)
        returning id, seq
      ), o as (
        insert into outbox (conversation_id, channel, message_id, payload, next_attempt_at, created_at, status, last_error)
        select ${turn.conversationId}::uuid, ${turn.channel}, m.id, y.payload, coalesce(y.not_before, ${at}::timestamptz), ${at}::timestamptz,
               ${turn.undeliverable ? 'failed' : 'pending'}, ${turn.undeliverable ?? null}
          from jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb) as y(seq int, payload jsonb, not_before timestamptz)
          join m on m.seq = y.seq
        returning 1
      ), p as (
        update inbound_events set processed_at = ${at}::timestamptz
         where exists (select 1 from c)
           and id in (select (jsonb_array_elements_text(${JSON.stringify(turn.processedIds)}::jsonb))::bigint) and processed_at is null
        returning 1
      ), l as (
        update contacts set lang = ${turn.contactLang?.lang ?? null}, updated_at = ${at}::timestamptz
         where ${turn.contactLang ? sql`id = ${turn.contactLang.contactId}::uuid` : sql`false`} and exists (select 1 from c)
        returning 1
      )
      select (select count(*) from c)::int as saved, (select count(*) from p)::int as processed,
             (select count(*) from m)::int as written, (select count(*) from o)::int as queued, (select count(*) from l)::int as lang,
             case when exists (select 1 from c) then pg_notify(${EVENTS_CHANNEL}, ${notice}) end as notified`);
    const [row] = rowsOf<{ saved: number; processed: number }>(result);
    return (row?.saved ?? 0) === 0 ? -1 : (row?.processed ?? 0);
  }
}

function toContact(c: ContactJson): ContactRecord {
  return contactRecord({ ...c, siteId: c.site_id, siteName: c.site_name, roomId: c.room_id, roomName: c.room_name, staff: c.staff });
}
