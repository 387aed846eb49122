import { type Posted, post, send } from './http.js';
import { lineSignature, TELEGRAM_SECRET } from './teachers.js';

/** What PostgreSQL refuses in text and jsonb (NUL; a lone surrogate in jsonb). */
const POISONS = ['a\u0000b', 'a\uD800b'] as const;
/** The same in a URL query: a lone surrogate cannot be percent-encoded as UTF-8, so its CESU bytes. */
const QUERY_POISONS = ['a%00b', 'a%ED%A0%80b'] as const;

export type Maker = () => Promise<Posted>;

const json = { 'content-type': 'application/json' };

/**
 * Requests carrying NUL or a lone surrogate in every field fixline stores besides a message's
 * text — Telegram callback data and id, an edited text, photo and document file ids, a phone,
 * names; LINE postback data, userId, webhookEventId, replyToken, an edited text, group ids, image
 * references; the web chat's choice, device tag and client id; the console's sign-in, search
 * filters, notes, replies, transfers, reasons, report and account names — plus out-of-range
 * `?after=` and a disguised Content-Type. Each must be answered 2xx or 4xx, never 5xx.
 */
export async function poisonMakers(base: string, random: () => number): Promise<Maker[]> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let n = 9_000_000;

  // The console: the admin signed in, a ticket and its conversation (the earlier scenarios made some).
  const login = await fetch(`${base}/api/console/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
  });
  if (login.status !== 200) throw new Error(`the bench admin could not sign in: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const agent = { ...json, cookie, 'x-csrf-token': csrfToken };
  const tickets = (await (await fetch(`${base}/api/console/tickets?limit=1`, { headers: { cookie } })).json()) as {
    tickets: { id: string }[];
  };
  const ticketId = tickets.tickets[0]?.id ?? '00000000-0000-4000-8000-000000000000';
  const detail = (await (await fetch(`${base}/api/console/tickets/${ticketId}`, { headers: { cookie } })).json()) as {
    ticket?: { conversationId: string | null };
  };
  const conversationId = detail.ticket?.conversationId ?? '00000000-0000-4000-8000-000000000000';

  // A few web chat sessions to send from (each may send 20 messages at once, then one a second).
  const sessions = await Promise.all(
    Array.from(
      { length: 8 },
      async () =>
        (await (await fetch(`${base}/api/webchat/sessions`, { method: 'POST', headers: json, body: '{}' })).json()) as {
          sessionId: string;
          token: string;
        },
    ),
  );
  const chat = () => {
    const s = pick(sessions);
    return { url: `${base}/api/webchat/sessions/${s.sessionId}`, auth: { authorization: `Bearer ${s.token}` } };
  };

  const telegram = (update: object) =>
    post(
      `${base}/webhooks/telegram`,
      { ...json, 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      JSON.stringify({ update_id: ++n, ...update }),
    );
  const tgUser = (bad: string) => ({
    id: 7_000_000 + (n % 50),
    is_bot: false,
    first_name: `N${bad}`,
    username: `u${bad}`,
    language_code: 'zh-hans',
  });
  const tgMessage = (bad: string, fields: object) => {
    const from = tgUser(bad);
    return { message_id: n, from, chat: { id: from.id, type: 'private' }, date: Math.floor(Date.now() / 1000), ...fields };
  };
  const tgCallback = (bad: string, id: string, data: string) => {
    const from = tgUser(bad);
    return telegram({
      callback_query: {
        id,
        from,
        chat_instance: '-1',
        data,
        message: { message_id: 1, chat: { id: from.id, type: 'private' }, date: 1, text: 'menu' },
      },
    });
  };

  const line = (event: object) => {
    const body = JSON.stringify({ destination: 'Ubenchbot', events: [event] });
    return post(`${base}/webhooks/line`, { ...json, 'x-line-signature': lineSignature(body) }, body);
  };
  const lineEvent = (fields: object, userId = `Upoison${String(n % 50).padStart(25, '0')}`) => ({
    type: 'message',
    mode: 'active',
    timestamp: Date.now(),
    webhookEventId: `01POISON${++n}`,
    deliveryContext: { isRedelivery: false },
    replyToken: `poison|${n}`,
    source: { type: 'user', userId },
    message: { id: `${n}`, type: 'text', text: 'hello', quoteToken: 'q' },
    ...fields,
  });

  const command = (body: object) => post(`${base}/api/console/tickets/${ticketId}/commands`, agent, JSON.stringify(body));
  const consolePost = (path: string, body: object) => post(`${base}/api/console${path}`, agent, JSON.stringify(body));

  const withPoison =
    (make: (bad: string, query: string) => Promise<Posted>): Maker =>
    () => {
      const i = Math.floor(random() * POISONS.length);
      return make(POISONS[i]!, QUERY_POISONS[i]!);
    };
  return [
    // Telegram
    withPoison((bad) => tgCallback(bad, `cb-${n}`, bad)),
    withPoison((bad) => tgCallback(bad, `cb${bad}${n}`, 'menu')),
    withPoison((bad) => telegram({ edited_message: { ...tgMessage(bad, { text: bad }), edit_date: 2 } })),
    withPoison((bad) =>
      telegram({ message: tgMessage(bad, { photo: [{ file_id: `p${bad}`, file_unique_id: 'u', width: 9, height: 9 }] }) }),
    ),
    withPoison((bad) => telegram({ message: tgMessage(bad, { document: { file_id: `d${bad}`, mime_type: 'image/png' } }) })),
    withPoison((bad) => telegram({ message: tgMessage(bad, { contact: { phone_number: `+86${bad}`, user_id: 7_000_000 + (n % 50) } }) })),
    // LINE
    withPoison((bad) => line(lineEvent({ type: 'postback', postback: { data: bad } }))),
    withPoison((bad) => line(lineEvent({}, `U${bad}`))),
    withPoison((bad) => line({ ...lineEvent({}), webhookEventId: `01POISON${bad}${n}` })),
    withPoison((bad) => line({ ...lineEvent({}), replyToken: `t${bad}` })),
    withPoison((bad) => line(lineEvent({ type: 'messageEdited', message: { id: '1', type: 'text', text: bad } }))),
    withPoison((bad) =>
      line({
        ...lineEvent({
          message: {
            id: '2',
            type: 'text',
            text: '@bot hi',
            mention: { mentionees: [{ index: 0, length: 4, type: 'user', isSelf: true }] },
          },
        }),
        source: { type: 'group', groupId: `C${bad}`, userId: 'Ux' },
      }),
    ),
    withPoison((bad) =>
      line(
        lineEvent({
          message: { id: '3', type: 'image', contentProvider: { type: 'external', originalContentUrl: `https://x.invalid/${bad}` } },
        }),
      ),
    ),
    // The web chat
    withPoison((bad) => {
      const c = chat();
      return post(`${c.url}/messages`, { ...json, ...c.auth }, JSON.stringify({ choice: bad }));
    }),
    withPoison((bad) => {
      const c = chat();
      return post(`${c.url}/messages`, { ...json, ...c.auth }, JSON.stringify({ text: 'x', clientId: bad }));
    }),
    withPoison((bad) => post(`${base}/api/webchat/sessions`, json, JSON.stringify({ asset: `FX-${bad}` }))),
    () => {
      const c = chat();
      return send('GET', `${c.url}/${pick(['messages', 'events'])}?after=${pick(['2147483648', '-1', 'abc', '99999999999'])}`, c.auth);
    },
    () => {
      const c = chat();
      return post(`${c.url}/messages`, { ...c.auth, 'content-type': 'text/plain; x=application/json' }, '{"text":"hi"}');
    },
    // The console
    withPoison((bad) =>
      post(`${base}/api/console/login`, json, JSON.stringify({ username: `admin${bad}`, password: `pw${bad}-long-enough` })),
    ),
    withPoison((_bad, query) =>
      send('GET', `${base}/api/console/tickets?${pick(['q', 'contract', 'site', 'assignee', 'engineer'])}=${query}`, { cookie }),
    ),
    withPoison((bad) => consolePost(`/conversations/${conversationId}/notes`, { text: `note ${bad}` })),
    withPoison((bad) => consolePost(`/conversations/${conversationId}/messages`, { text: `reply ${bad}` })),
    withPoison((bad) => consolePost(`/conversations/${conversationId}/transfer`, { agentId: bad })),
    withPoison((bad) =>
      command(
        pick([
          { kind: 'override_severity', to: 'C', reason: bad },
          { kind: 'override_warranty', to: 'excluded', reason: bad },
          { kind: 'move', to: 'remote_support', note: bad },
        ]),
      ),
    ),
    withPoison((bad) => command({ kind: 'close', report: { problemType: bad, cause: bad, solution: bad, lossAssessment: bad } })),
    withPoison((bad) =>
      consolePost('/agents', { username: 'poisoned', displayName: `名${bad}`, role: 'agent', password: 'long-enough-password' }),
    ),
  ];
}
