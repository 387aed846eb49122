import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { decode } from '../../../src/channels/line/decode.js';
import { encode } from '../../../src/channels/line/encode.js';
import { lineChannel } from '../../../src/channels/line/index.js';
import { lineSignature, lineVerifier } from '../../../src/channels/line/verify.js';
import { inboundEvents } from '../../../src/storage/schema.js';
import { shippedCatalog } from '../../support/desk.js';
import { channelContract } from '../contract-suite.js';
import { FIXTURES, startLineDesk } from './harness.js';

const { commands } = (await shippedCatalog()).flowSet;
const SECRET = 'contract-test-channel-secret';
const file = (name: string) => readFileSync(path.join(FIXTURES, name));
const user = { type: 'user', userId: 'U0123456789abcdef0123456789abcdef' };
const event = (fields: Record<string, unknown>, source: object = user) =>
  JSON.stringify({
    destination: 'Ubot',
    events: [
      { type: 'message', mode: 'active', timestamp: 1, webhookEventId: '01CONTRACT0000000000000001', replyToken: 'r1', source, ...fields },
    ],
  });
const text = (t: string, source?: object, mention?: object) =>
  event({ message: { id: '325708', type: 'text', text: t, ...(mention ? { mention } : {}) } }, source);
const signed = file('java-sdk_text-user.json');
const payload = { to: user.userId, lang: 'zh-CN' as const };

channelContract({
  name: 'LINE',
  verify: lineVerifier(SECRET),
  signature: {
    good: { headers: { 'x-line-signature': lineSignature(signed, SECRET) }, raw: signed },
    bad: { headers: { 'x-line-signature': lineSignature(signed, `${SECRET}-other`) }, raw: signed },
    missing: { headers: {}, raw: signed },
  },
  signed: (raw) => ({ 'x-line-signature': lineSignature(typeof raw === 'string' ? Buffer.from(raw) : raw, SECRET) }),
  webhook: lineChannel({ channelSecret: SECRET, accessToken: 'unused', apiBaseUrl: 'http://127.0.0.1:9' }).webhook,
  decode: (raw) => decode(raw, { receivedAt: '2026-10-12T06:00:00.000Z', commands }),
  events: {
    text: { raw: file('java-sdk_text-user.json'), expect: { text: 'Hello, world' } },
    command: { raw: text('/status@fixline 123'), expect: { command: 'my_tickets', arg: '123' } },
    start: { raw: text('/start FX-PNL-0101'), expect: { assetTag: 'FX-PNL-0101' } },
    button: { raw: file('java-sdk_postback.json'), expect: { id: 'action=buyItem&itemId=123123&color=red' } },
    photo: event({ message: { id: '325709', type: 'image', contentProvider: { type: 'line' } } }),
    group: text(
      '@报修助手 三楼投影仪坏了',
      { type: 'group', groupId: 'Cgroup0123', userId: user.userId },
      { mentionees: [{ index: 0, length: 5, type: 'user', isSelf: true }] },
    ),
    unknown: file('java-sdk_unknown.json'),
    malformed: ['{"events":', '', '[]', '{"destination":"U"}', '{"events":{}}', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  },
  dedupe: {
    raw: text('投影仪不亮'),
    desk: async () => {
      const desk = await startLineDesk();
      return {
        post: async (raw) => {
          const res = await desk.post(raw);
          if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
        },
        recorded: async () => (await desk.db.select({ n: count() }).from(inboundEvents))[0]!.n,
        stop: () => desk.stop(),
      };
    },
  },
  encode: {
    texts: (t) => encode({ ...payload, text: t }).map((m) => m.text),
    maxText: 5000,
    buttons: (choices) =>
      (encode({ ...payload, text: '请选择', choices }).at(-1)?.quickReply?.items ?? []).map((i) => {
        const action = i.action as { data: string; label: string };
        return { id: action.data, label: action.label };
      }),
    maxButtons: 13,
    maxLabel: 20,
  },
});
