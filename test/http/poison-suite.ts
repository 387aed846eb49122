import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../src/ports/console-store.js';
import { inboundEvents, messages } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { BOT } from '../channels/telegram/fake-telegram.js';
import { teacherWithTicket } from '../support/teacher.js';
import { type PoisonDesk, poisonDesk } from './poison-desk.js';

/** What PostgreSQL refuses in text and jsonb, and what a platform or an attacker can still send. */
const POISONS = [
  ['NUL', 'a\u0000b'],
  ['a lone surrogate', 'a\uD800b'],
] as const;

type Answer = readonly [string, number];

/** Every answer that is a 5xx (or no answer at all), by the request's name. */
async function serverErrors(requests: readonly (readonly [string, Promise<Response>])[]): Promise<Answer[]> {
  const answers = await Promise.all(requests.map(async ([name, res]) => [name, (await res).status] as const));
  return answers.filter(([, status]) => status >= 500 || status === 0);
}

/**
 * Poisoned strings (NUL, lone surrogates) in every field fixline stores, on every channel and in
 * the console: each request is answered 2xx or 4xx, never 5xx (which a platform would redeliver
 * forever), and what was accepted is processed. Shared by the PGlite and PostgreSQL runs: PGlite
 * accepts some of what PostgreSQL refuses.
 */
export function poisonSuite(kind: TestDatabaseKind) {
  describe(`NUL and lone surrogates at every boundary on ${kind}`, () => {
    let desk: PoisonDesk;
    let conversationId = '';
    let ticketId = '';
    let engineerId = '';
    beforeAll(async () => {
      desk = await poisonDesk(kind);
      const { number } = await teacherWithTicket(desk.chat());
      const queue = (await desk.admin.json<{ queue: QueueEntry[] }>('/queue')).queue;
      const entry = queue.find((e) => e.ticket?.number === number)!;
      conversationId = entry.id;
      ticketId = entry.ticket!.id;
      const created = await desk.admin.post('/agents', {
        username: 'poison-eng',
        displayName: '陈工',
        role: 'engineer',
        password: 'poison-engineer-password',
      });
      engineerId = ((await created.json()) as { agent: { id: string } }).agent.id;
      expect((await desk.admin.post(`/conversations/${conversationId}/claim`)).status).toBe(200);
    });
    afterAll(async () => desk?.stop());

    /** Every recorded event gets processed without a failed attempt (what a poisoned insert would cause). */
    async function allProcessed() {
      const until = Date.now() + 20_000;
      for (;;) {
        const [left] = await desk.db
          .select({ n: sql<number>`count(*)::int` })
          .from(inboundEvents)
          .where(isNull(inboundEvents.processedAt));
        if (left!.n === 0) break;
        if (Date.now() > until) throw new Error(`${left!.n} events still unprocessed`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const failed = await desk.db
        .select({ id: inboundEvents.id, error: inboundEvents.error })
        .from(inboundEvents)
        .where(gt(inboundEvents.attempts, 0));
      expect(failed).toEqual([]);
    }

    for (const [name, bad] of POISONS) {
      describe(`${name} (${JSON.stringify(bad)})`, () => {
        it('web chat: a device tag, a button choice, a text, a client id', async () => {
          const chat = desk.chat();
          await chat.open();
          const tagged = fetch(`${desk.fixline.url}/api/webchat/sessions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ asset: `FX-${bad}` }),
          });
          expect(
            await serverErrors([
              ['asset', tagged],
              ['choice', chat.post({ choice: bad })],
              ['text', chat.post({ text: bad })],
              ['clientId', chat.post({ text: 'hello', clientId: bad })],
              [
                'session id',
                fetch(`${desk.fixline.url}/api/webchat/sessions/a%00b/messages`, { headers: { authorization: `Bearer ${chat.token}` } }),
              ],
              ['token', fetch(`${chat.url('/attachments/x')}?token=a%00b`)],
            ]),
          ).toEqual([]);
          expect((await chat.post({ choice: bad })).status).toBe(202);
          // A button the bot never offered: it says so, and the conversation goes on.
          await chat.waitFor(/按钮属于之前的问题/);
          await allProcessed();
        });

        it('Telegram: callback data and id, an edited text, photo and document file ids, a phone, names, a command argument', async () => {
          const chatId = 7_100_000 + (bad.includes('\u0000') ? 1 : 2);
          const from = {
            id: chatId,
            is_bot: false,
            first_name: `Name${bad}`,
            last_name: bad,
            username: `u${bad}`,
            language_code: `zh${bad}`,
          };
          const chat = { id: chatId, type: 'private', first_name: 'x' };
          let n = chatId * 100;
          const message = (fields: object, key = 'message') => ({
            update_id: ++n,
            [key]: { message_id: n, from, chat, date: 1_760_000_000, ...fields },
          });
          const callback = (id: string, data: string) => ({
            update_id: ++n,
            callback_query: {
              id,
              from,
              chat_instance: '-1',
              data,
              message: { message_id: 1, from: BOT, chat, date: 1_760_000_000, text: 'menu' },
            },
          });
          const updates: [string, unknown][] = [
            ['text', message({ text: `hello ${bad}` })],
            ['callback data', callback(`cb-${n}`, bad)],
            ['callback id', callback(`cb${bad}`, 'menu:report')],
            ['edited text', message({ text: bad, edit_date: 1_760_000_100 }, 'edited_message')],
            ['photo file_id', message({ photo: [{ file_id: `photo${bad}`, file_unique_id: 'u1', width: 90, height: 90 }] })],
            ['document file_id', message({ document: { file_id: `doc${bad}`, mime_type: 'image/png' } })],
            ['phone', message({ contact: { phone_number: `+86138${bad}`, user_id: chatId } })],
            ['command argument', message({ text: `/start FX-${bad}`, entities: [{ type: 'bot_command', offset: 0, length: 6 }] })],
          ];
          expect(await serverErrors(updates.map(([what, update]) => [what, desk.telegramPost(update)] as const))).toEqual([]);
          await allProcessed();
          // The update whose callback query id is poisoned cannot be answered: kept as rejected, with the reason.
          const rejected = await desk.db
            .select({ rejected: inboundEvents.rejected })
            .from(inboundEvents)
            .where(and(eq(inboundEvents.conversationKey, String(chatId)), isNotNull(inboundEvents.rejected)));
          expect(rejected).toEqual([{ rejected: expect.stringMatching(/externalId/) }]);
        });

        it('LINE: postback data, userId, webhookEventId, replyToken, an edited text, group ids, image references', async () => {
          const user = `U${bad.includes('\u0000') ? 'a' : 'b'}0000000000000000000000000000001`;
          let n = 0;
          const event = (fields: object, source: object = { type: 'user', userId: user }) => ({
            webhookEventId: `01POISON${bad.length}${String(++n).padStart(6, '0')}${user.slice(1, 4)}`,
            timestamp: 1_760_000_000_000,
            mode: 'active',
            deliveryContext: { isRedelivery: false },
            replyToken: desk.line.issueToken(user),
            source,
            ...fields,
          });
          const text = (t: string) => ({ type: 'message', message: { id: `5${n}`, type: 'text', quoteToken: 'q', text: t } });
          const batches: [string, unknown][] = [
            ['postback data', event({ type: 'postback', postback: { data: bad } })],
            ['userId', event(text('hello'), { type: 'user', userId: `U${bad}` })],
            ['webhookEventId', { ...event(text('hello')), webhookEventId: `01POISON${bad}` }],
            ['replyToken', { ...event(text('hello')), replyToken: `token${bad}` }],
            ['edited text', event({ type: 'messageEdited', message: { id: '77', type: 'text', text: bad } })],
            [
              'group id',
              event(
                {
                  type: 'message',
                  message: {
                    id: '78',
                    type: 'text',
                    text: '@Fixline hi',
                    mention: { mentionees: [{ index: 0, length: 8, type: 'user', isSelf: true }] },
                  },
                },
                { type: 'group', groupId: `C${bad}`, userId: user },
              ),
            ],
            ['image id', event({ type: 'message', message: { id: `9${bad}`, type: 'image', contentProvider: { type: 'line' } } })],
            [
              'external image',
              event({
                type: 'message',
                message: {
                  id: '80',
                  type: 'image',
                  contentProvider: { type: 'external', originalContentUrl: `https://img.example.org/${bad}.jpg` },
                },
              }),
            ],
            ['follow of a poisoned user', event({ type: 'follow' }, { type: 'user', userId: `U${bad}f` })],
          ];
          expect(await serverErrors(batches.map(([what, e]) => [what, desk.linePost(e)] as const))).toEqual([]);
          await allProcessed();
        });

        it('console: sign-in, search filters, notes, replies, transfers, reasons, the report, account names', async () => {
          const a = desk.admin;
          const raw = bad.includes('\u0000') ? 'a%00b' : 'a%ED%A0%80b'; // a lone surrogate cannot be percent-encoded otherwise
          const login = (username: string, password: string) =>
            fetch(`${desk.fixline.url}/api/console/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ username, password }),
            });
          const command = (body: object) => a.post(`/tickets/${ticketId}/commands`, body);
          expect(
            await serverErrors([
              ['login username', login(`admin${bad}`, 'whatever-password')],
              ['login password', login('nobody', `pw${bad}`)],
              ...['q', 'contract', 'site', 'assignee', 'engineer', 'status', 'severity'].map(
                (f) => [`search ${f}`, a.get(`/tickets?${f}=${raw}`)] as const,
              ),
              ['ticket id', a.get(`/tickets/${raw}`)],
              ['conversation id', a.get(`/conversations/${raw}`)],
              ['reply', a.post(`/conversations/${conversationId}/messages`, { text: `reply ${bad}` })],
              ['note', a.post(`/conversations/${conversationId}/notes`, { text: `note ${bad}` })],
              ['transfer', a.post(`/conversations/${conversationId}/transfer`, { agentId: bad })],
              ['move note', command({ kind: 'move', to: 'remote_support', note: `note ${bad}` })],
              ['severity reason', command({ kind: 'override_severity', to: 'C', reason: `reason ${bad}` })],
              ['warranty reason', command({ kind: 'override_warranty', to: 'excluded', reason: `reason ${bad}` })],
              ['dispatch engineer', command({ kind: 'dispatch', engineerId: bad, appointmentAt: '2026-12-01T09:00:00+08:00' })],
              ['assign', command({ kind: 'assign', agentId: bad })],
              ['version', command({ kind: 'assign', agentId: engineerId, version: bad })],
              ['report', command({ kind: 'close', report: { problemType: bad, cause: bad, solution: bad, lossAssessment: bad } })],
              [
                'new agent name',
                a.post('/agents', {
                  username: `p${bad.length}${bad.charCodeAt(1)}`,
                  displayName: `名${bad}`,
                  role: 'agent',
                  password: 'long-enough-password',
                }),
              ],
              [
                'new agent username',
                a.post('/agents', { username: `p${bad}`, displayName: 'x', role: 'agent', password: 'long-enough-password' }),
              ],
              ['agent change', a.send('PATCH', `/agents/${engineerId}`, { displayName: `陈工${bad}` })],
            ]),
          ).toEqual([]);
          // What was kept shows the damage as U+FFFD, in place.
          const notes = await desk.db
            .select({ text: messages.text })
            .from(messages)
            .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'note')));
          expect(notes.map((m) => m.text)).toContain('note a\uFFFDb');
        });
      });
    }

    it('a LINE batch with one poisoned event keeps its good events and records the bad one as rejected', async () => {
      const good = ['Ugood000000000000000000000000001', 'Ugood000000000000000000000000002'];
      const base = (id: string, userId: string) => ({
        webhookEventId: id,
        timestamp: 1_760_000_000_000,
        mode: 'active',
        replyToken: desk.line.issueToken(userId),
        source: { type: 'user', userId },
      });
      const res = await desk.linePost(
        { ...base('01BATCHGOOD0000000000000001', good[0]!), type: 'message', message: { id: '901', type: 'text', text: '你好' } },
        { ...base('01BATCHBAD00000000000000001', 'U\u0000bad'), type: 'message', message: { id: '902', type: 'text', text: '你好' } },
        { ...base('01BATCHGOOD0000000000000002', good[1]!), type: 'postback', postback: { data: 'not-a-button' } },
      );
      expect(res.status).toBe(200);
      await allProcessed();
      const kept = await desk.db
        .select({ key: inboundEvents.conversationKey, rejected: inboundEvents.rejected })
        .from(inboundEvents)
        .where(sql`${inboundEvents.externalId} like '01BATCH%'`)
        .orderBy(inboundEvents.id);
      expect(kept).toEqual([
        { key: good[0], rejected: null },
        { key: 'U\uFFFDbad', rejected: expect.stringMatching(/userId/) },
        { key: good[1], rejected: null },
      ]);
      // The good events were answered.
      await desk.telegram.waitFor(() => good.every((u) => desk.line.shown.some((s) => s.to === u)), 'replies to both good LINE users');
      const rejected = await desk.db
        .select()
        .from(inboundEvents)
        .where(and(isNotNull(inboundEvents.rejected), isNull(inboundEvents.processedAt)));
      expect(rejected).toEqual([]);
    });
  });
}
