import postgres from 'postgres';

/**
 * What this machine's PostgreSQL allows any design: transactions of the four statements an
 * inbound message needs at least (record the event, update the conversation, store the message,
 * queue the reply), from `concurrency` connections for `seconds`, with postgres.js and nothing
 * else. Returns transactions per second.
 */
export async function ceiling(url: string, concurrency: number, seconds: number): Promise<number> {
  const sql = postgres(url, { max: concurrency, onnotice: () => {} });
  try {
    await sql.unsafe(`
      create table if not exists ceiling_events (id bigserial primary key, key text not null, external_id text not null unique, payload jsonb not null, received_at timestamptz not null default now());
      create table if not exists ceiling_conversations (key text primary key, state jsonb not null, last_seq int not null default 0);
      create table if not exists ceiling_messages (id bigserial primary key, key text not null, seq int not null, text text not null);
      create table if not exists ceiling_outbox (id bigserial primary key, key text not null, payload jsonb not null, status text not null default 'pending');
      insert into ceiling_conversations (key, state) select 'c' || g, '{}' from generate_series(0, 999) g on conflict do nothing;
    `);
    let done = 0;
    let n = 0;
    const until = performance.now() + seconds * 1000;
    const worker = async (w: number) => {
      while (performance.now() < until) {
        const i = n++;
        const key = `c${(i * 7 + w) % 1000}`;
        await sql.begin(async (tx) => {
          await tx`insert into ceiling_events (key, external_id, payload) values (${key}, ${`e${w}-${i}`}, ${tx.json({ text: 'hello', i })})`;
          const [conv] = await tx<
            { last_seq: number }[]
          >`update ceiling_conversations set state = ${tx.json({ step: i })}, last_seq = last_seq + 2 where key = ${key} returning last_seq`;
          await tx`insert into ceiling_messages (key, seq, text) values (${key}, ${conv!.last_seq}, 'hello')`;
          await tx`insert into ceiling_outbox (key, payload) values (${key}, ${tx.json({ text: 'reply' })})`;
        });
        done++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    return done / ((performance.now() - started) / 1000);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
