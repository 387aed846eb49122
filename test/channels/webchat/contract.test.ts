import { count } from 'drizzle-orm';
import { decode } from '../../../src/channels/webchat/decode.js';
import { encode } from '../../../src/channels/webchat/encode.js';
import { webchatVerifier } from '../../../src/channels/webchat/verify.js';
import type { TranscriptEntry } from '../../../src/ports/store.js';
import { inboundEvents } from '../../../src/storage/schema.js';
import { shippedCatalog } from '../../support/desk.js';
import { ChatClient, startTestServer } from '../../support/server.js';
import { channelContract } from '../contract-suite.js';

const { commands } = (await shippedCatalog()).flowSet;
const SESSION = 'contract-session-0001';
const TOKEN = 'the-right-token-for-this-session';
/** Sessions as verify asks them: one, open. */
const sessions = {
  lifetime: { idleDays: 30, maxDays: 180 },
  authenticate: async (id: string, token: string) =>
    id === SESSION && token === TOKEN
      ? { status: 'ok' as const, endsAt: new Date('2026-11-01T00:00:00Z') }
      : { status: 'unknown' as const },
};
const body = (b: object) => JSON.stringify(b);
const entry = (text: string, choices: { id: string; label: string }[] | null = null): TranscriptEntry => ({
  seq: 7,
  direction: 'out',
  sender: 'bot',
  kind: 'text',
  text,
  choices,
  attachmentId: null,
  inboundEventId: null,
  createdAt: new Date('2026-10-12T06:00:00Z'),
});

channelContract({
  name: 'web chat',
  verify: webchatVerifier(sessions),
  signature: {
    good: { headers: { authorization: `Bearer ${TOKEN}` }, raw: '', params: { id: SESSION } },
    bad: { headers: { authorization: 'Bearer not-the-token' }, raw: '', params: { id: SESSION } },
    missing: { headers: {}, raw: '', params: { id: SESSION } },
  },
  decode: (raw) => decode(raw, { sessionId: SESSION, now: new Date('2026-10-12T06:00:00Z'), commands, nonce: 'n1' }),
  events: {
    text: { raw: body({ text: '三楼投影仪不亮了', clientId: 'c1' }), expect: { text: '三楼投影仪不亮了' } },
    command: { raw: body({ text: '/status@fixline 123' }), expect: { command: 'my_tickets', arg: '123' } },
    start: { raw: body({ text: '/start FX-PNL-0101' }), expect: { assetTag: 'FX-PNL-0101' } },
    button: { raw: body({ choice: '12:yes' }), expect: { id: '12:yes' } },
    photo: { none: 'the page uploads photos as bytes to …/photos; they are stored, not decoded' },
    group: { none: 'a web chat session has one person' },
    unknown: body({ sticker: 'cat' }),
    malformed: ['{"text":', '[]', 'null', body({ text: 42 }), body({ text: 'a', choice: 'b' }), new Uint8Array([0x7b, 0xff, 0x7d])],
  },
  dedupe: {
    raw: body({ text: '投影仪不亮', clientId: 'retried-1' }),
    desk: async () => {
      const fixline = await startTestServer();
      const chat = new ChatClient(fixline.url);
      await chat.open();
      return {
        post: async (raw) => {
          const res = await chat.post(raw);
          if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
        },
        recorded: async () => (await fixline.database.db.select({ n: count() }).from(inboundEvents))[0]!.n,
        stop: () => fixline.stop(),
      };
    },
  },
  encode: {
    texts: (text) => encode({ sessionId: SESSION, entry: entry(text) }).map((m) => m.text),
    buttons: (choices) => encode({ sessionId: SESSION, entry: entry('请选择', choices) }).flatMap((m) => [...(m.choices ?? [])]),
  },
});
