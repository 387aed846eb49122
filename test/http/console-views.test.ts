import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRules } from '../../src/app/console-meta.js';
import { humanText } from '../../src/app/transcript.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { permissionsOf } from '../../src/app/permissions.js';
import { ENGINEER_MOVES } from '../../src/app/ticket-service.js';
import { REOPEN, REPORT_FIELDS, TRANSITIONS } from '../../src/domain/ticket-life.js';
import { ROLES, type QueueEntry } from '../../src/ports/console-store.js';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { FLOWS_DIR } from '../support/contracts.js';
import { ChatClient, startTestServer } from '../support/server.js';

/** A 1×1 PNG. */
const PNG = new Uint8Array(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
);

interface Message {
  seq: number;
  direction: string;
  sender: string;
  kind: string;
  text: string;
  agentName: string | null;
  raw: { kind: string; text: string };
}
interface View {
  entry: QueueEntry;
  transcript: Message[];
  collected: { flow: string; title: string; waitingOn: string | null; answers: { slot: string; question: string; answer: string }[] }[];
}
interface Page {
  conversations: QueueEntry[];
  nextCursor: string | null;
}

let fixline: Fixline;
let admin: ConsoleClient;
let agent: ConsoleClient;
let engineer: ConsoleClient;

beforeAll(async () => {
  fixline = await startTestServer();
  admin = new ConsoleClient(fixline.url);
  await admin.login('admin', 'a-long-test-password');
  for (const [username, role] of [
    ['lili', 'agent'],
    ['gong', 'engineer'],
  ] as const) {
    await admin.post('/agents', {
      username,
      displayName: username === 'lili' ? '李客服' : '龚工',
      role,
      password: `${username}-password-1`,
    });
  }
  agent = new ConsoleClient(fixline.url);
  await agent.login('lili', 'lili-password-1');
  engineer = new ConsoleClient(fixline.url);
  await engineer.login('gong', 'gong-password-1');
});
afterAll(async () => fixline?.stop());

/** The conversation behind a web chat session, found by searching the list for its words. */
async function conversationOf(words: string): Promise<QueueEntry> {
  for (let i = 0; i < 100; i++) {
    const found = (await agent.json<Page>(`/conversations?scope=all&q=${encodeURIComponent(words)}`)).conversations;
    if (found[0]) return found[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no conversation with ${words}`);
}

describe('the transcript shows what the teacher saw', () => {
  let chat: ChatClient;
  let view: View;

  beforeAll(async () => {
    chat = new ChatClient(fixline.url);
    await chat.open({ asset: 'FX-PNL-0101' });
    await chat.waitFor(/怎么称呼/);
    await chat.post({ text: '钱老师' });
    await chat.waitFor(/故障现象/);
    await chat.post({ text: '黑屏了，完全没有画面' });
    await new Promise((r) => setTimeout(r, 100));
    let last = (await chat.messages()).messages.at(-1)!;
    for (let i = 0; i < 100 && !(last.from !== 'user' && last.choices?.length); i++) {
      await new Promise((r) => setTimeout(r, 50));
      last = (await chat.messages()).messages.at(-1)!;
    }
    await chat.post({ choice: last.choices![0]!.id });
    await new Promise((r) => setTimeout(r, 300));
    const entry = await conversationOf('钱老师');
    view = await agent.json<View>(`/conversations/${entry.id}`);
  });

  it('a QR scan reads as the scan of that asset; the raw entry stays', () => {
    expect(view.transcript[0]).toMatchObject({
      direction: 'in',
      kind: 'start',
      text: '扫码报修：FX-PNL-0101',
      raw: { kind: 'start', text: '/start FX-PNL-0101' },
    });
  });

  it("a pressed button reads as its label, and the bot's messages as the teacher read them", async () => {
    const shown = (await chat.messages()).messages;
    const pressed = view.transcript.filter((m) => m.direction === 'in').at(-1)!;
    const offered = shown.filter((m) => m.from !== 'user' && m.choices?.length && m.seq < pressed.seq).at(-1)!;
    expect(offered.choices!.map((c) => c.label)).toContain(pressed.text);
    const botTexts = view.transcript.filter((m) => m.sender === 'bot').map((m) => m.text);
    expect(botTexts).toEqual(shown.filter((m) => m.from === 'bot').map((m) => m.text));
  });

  it('what the bot collected is each question as asked with the answer in words, not slot names', () => {
    const report = view.collected.find((f) => f.flow === 'report_fault')!;
    expect(report.title).toBe('报修');
    expect(report.answers).toContainEqual(expect.objectContaining({ question: expect.stringMatching(/怎么称呼/), answer: '钱老师' }));
    expect(report.waitingOn).toEqual(expect.any(String));
    for (const a of report.answers) expect(a.question).not.toMatch(/^[a-z_]+$/);
  });
});

describe('a photo without words', () => {
  it("reads as [照片] / [photo], with its caption when it has one, in the conversation's language", async () => {
    const { catalog } = await loadCatalog(FLOWS_DIR);
    const photo = (text: string) => ({ direction: 'in' as const, kind: 'photo', text, attachmentId: 'a' });
    expect(humanText(catalog!, photo('屏幕裂了'), 'zh-CN')).toBe('[照片] 屏幕裂了');
    expect(humanText(catalog!, photo(''), 'en')).toBe('[photo]');
    expect(humanText(catalog!, { direction: 'in', kind: 'start', text: '/start FX-PNL-0101', attachmentId: null }, 'en')).toBe(
      'Scanned asset FX-PNL-0101',
    );
    expect(humanText(catalog!, { direction: 'in', kind: 'unsupported', text: '[sticker]', attachmentId: null }, 'zh-CN')).toBe(
      '[表情贴图]',
    );
  });

  it('previews as [照片] in the list and in the queue, and as [照片] in the transcript', async () => {
    const chat = new ChatClient(fixline.url);
    await chat.open();
    await chat.waitFor(/请选择需要的服务/);
    await chat.post({ text: '我叫郑老师，投影仪坏了' });
    await chat.waitFor(/./);
    const res = await fetch(chat.url('/photos'), {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${chat.token}` },
      body: PNG,
    });
    expect(res.status).toBe(202);
    const entry = await conversationOf('郑老师');
    let view = await agent.json<View>(`/conversations/${entry.id}`);
    for (let i = 0; i < 100 && !view.transcript.some((m) => m.kind === 'photo'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = await agent.json<View>(`/conversations/${entry.id}`);
    }
    expect(view.transcript.find((m) => m.kind === 'photo')).toMatchObject({ direction: 'in', text: '[照片]', raw: { text: '' } });
    // The bot answers the photo; the preview is of the last message. Ask for a human so the photo is last in the queue.
    const again = await fetch(chat.url('/photos'), {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${chat.token}` },
      body: PNG,
    });
    expect(again.status).toBe(202);
    await agent.post(`/conversations/${entry.id}/claim`);
    const third = await fetch(chat.url('/photos'), {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${chat.token}` },
      body: PNG,
    });
    expect(third.status).toBe(202);
    let listed: QueueEntry | undefined;
    for (let i = 0; i < 100 && listed?.lastMessage?.kind !== 'photo'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      listed = (await agent.json<{ queue: QueueEntry[] }>('/queue')).queue.find((e) => e.id === entry.id);
    }
    expect(listed).toMatchObject({ lastText: '[照片]', lastMessage: { kind: 'photo', text: '' } });
    expect((await agent.json<Page>('/conversations?q=郑老师')).conversations[0]).toMatchObject({ lastText: '[照片]' });
  });
});

describe('the list of all conversations', () => {
  it('is for those who see conversations: an engineer gets 403 with the reason; a bad cursor or scope is a 400', async () => {
    const res = await engineer.get('/conversations');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'forbidden', message: 'your role sees tickets, not the conversations with users' });
    expect(await (await agent.get('/conversations?cursor=not-a-cursor')).json()).toMatchObject({ error: 'invalid_cursor' });
    expect((await agent.get('/conversations?scope=yesterday')).status).toBe(400);
  });

  it('pages through every conversation, newest activity first, and finds one by its asset tag', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await agent.json<Page>(`/conversations?scope=all&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.conversations.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor && all.length < 50);
    const once = await agent.json<Page>('/conversations?scope=all&limit=100');
    expect(all).toEqual(once.conversations.map((e) => e.id));
    expect(all.length).toBeGreaterThanOrEqual(2);
    const times = once.conversations.map((e) => new Date(e.activityAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const byTag = await agent.json<Page>('/conversations?q=FX-PNL-0101');
    expect(byTag.conversations.map((e) => e.contactName)).toContain('钱老师');
  });
});

describe('tickets and the rules', () => {
  it('the ticket search matches the asset tag', async () => {
    const chat = new ChatClient(fixline.url);
    const { teacherWithTicket } = await import('../support/teacher.js');
    const { number } = await teacherWithTicket(chat);
    const ticket = (
      await agent.json<{ ticket: { asset: { tag: string } | null } }>(
        `/tickets/${(await agent.json<{ tickets: { id: string }[] }>(`/tickets?q=${number}`)).tickets[0]!.id}`,
      )
    ).ticket;
    expect(ticket.asset).not.toBeNull();
    const byTag = await agent.json<{ tickets: { number: string }[] }>(`/tickets?q=${encodeURIComponent(ticket.asset!.tag.toLowerCase())}`);
    expect(byTag.tickets.map((t) => t.number)).toContain(number);
  });

  it('the meta gives the rule tables of the modules that enforce them', async () => {
    const meta = await engineer.json<ReturnType<typeof consoleRules> & { contracts: unknown[] }>('/meta');
    expect(meta.transitions).toEqual(TRANSITIONS);
    expect(meta.engineerMoves).toEqual(ENGINEER_MOVES);
    expect(meta.reopen).toEqual({ from: REOPEN.from, to: REOPEN.to, reasonRequired: true });
    expect(meta.reportFields).toEqual(REPORT_FIELDS);
    expect(meta.roles).toEqual(ROLES);
    for (const role of ROLES) expect(meta.permissions[role]).toEqual(permissionsOf({ role }));
    expect(meta.severities.find((s) => s.id === 'B')?.byContract['GX-EDU']?.name).toEqual({ 'zh-CN': 'B级（严重）', en: 'B (major)' });
    expect(meta.facts.map((f) => f.key)).toEqual(['device', 'accessory', 'symptom', 'cause', 'scope', 'usable', 'majorEvent']);
    expect(meta.factValues.symptom.no_display).toEqual({ 'zh-CN': '黑屏/无显示', en: 'no picture' });
    expect(meta.statuses.find((s) => s.id === 'closed')).toMatchObject({ open: false, label: { 'zh-CN': '已关闭' } });
  });
});
