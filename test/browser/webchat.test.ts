/**
 * The web chat page (/chat) in a real Chromium: a teacher's fault report on a phone (zh-CN), the
 * same in English on a desktop, a QR-code link, markup shown as text, and bad input.
 * Needs Debian's Chromium at /usr/bin/chromium (`apt-get install -y chromium`) or FIXLINE_CHROMIUM; never
 * downloads one. Without it these tests are skipped (one line says so) unless FIXLINE_BROWSER_TESTS=1.
 *
 * Over 400 lines on purpose: one file holds every web chat scenario so that they share one server
 * and one Chromium (each costs seconds to start); each test is one teacher's story, read top to bottom.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConversationWriter } from '../../src/app/conversation-writer.js';
import { parseConfig } from '../../src/config.js';
import { type Fixline, startFixline } from '../../src/server.js';
import { browserTestsRun, launchChromium, png } from './console-support.js';

/** Text assertions wait for the page to catch up (it renders after the server answers), as locators do. */
const POLL = { timeout: 15_000 };

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const STEP_MS = 15_000;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const SMALL_PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
// The server's clock runs from a Tuesday at 12:30 in Shanghai: inside the service hours (the ticket's
// message promises a response time; after hours it would say when the desk opens instead), outside
// the return visits' windows (no visit question joins the conversations).
const START = new Date('2026-12-01T12:30:00+08:00').getTime();

let fixline: Fixline;
let browser: Browser;
let attachments: string;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];

beforeAll(async () => {
  attachments = await mkdtemp(path.join(os.tmpdir(), 'fixline-webchat-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    ATTACHMENTS_DIR: attachments,
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'a-long-test-password',
  });
  const template = new Blob([await readFile(inject('pgliteTemplate'))]);
  const began = Date.now();
  fixline = await startFixline(config, { loadDataDir: template, clock: () => new Date(START + Date.now() - began) });
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await fixline?.stop();
  if (attachments) await rm(attachments, { recursive: true, force: true });
}, 60_000);

// ---- helpers ---------------------------------------------------------------------------------

async function open(
  url: string,
  device: typeof PHONE | typeof DESKTOP,
  locale: string,
  before?: (context: BrowserContext) => Promise<unknown>,
): Promise<Page> {
  context = await browser.newContext({ ...device, locale, timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(STEP_MS);
  await before?.(context);
  const page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${message.text()} ${message.location().url}`);
  });
  await page.goto(`${fixline.url}${url}`);
  return page;
}

/** The newest bot message containing the text (waits for it). */
async function botSays(page: Page, text: string | RegExp): Promise<Locator> {
  const message = page.locator('.msg-bot').filter({ hasText: text }).last();
  await message.waitFor();
  return message;
}

/** Presses a live answer button (the newest question's). */
async function press(page: Page, label: string): Promise<void> {
  await page.locator('.choices').getByRole('button', { name: label, exact: true, disabled: false }).click();
}

/** Types into the message box and sends with Enter; waits until the server's copy is shown. */
async function say(page: Page, text: string): Promise<void> {
  await page.locator('#input').fill(text);
  await page.locator('#input').press('Enter');
  await page
    .locator('.msg-user:not(.msg-pending) .text')
    .filter({ hasText: text.slice(0, 60) })
    .last()
    .waitFor();
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150); // let the scroll to the newest message settle
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

/** What the page shows, in order: `from: text` per transcript entry. */
async function transcript(page: Page): Promise<string[]> {
  return page
    .locator('.msg')
    .evaluateAll((rows) =>
      rows.map(
        (row) =>
          `${/msg-(user|bot|agent)/.exec(row.getAttribute('class') ?? '')?.[1] ?? '?'}: ${row.querySelector('.text')?.textContent ?? (row.querySelector('img') ? '[photo]' : '')}`,
      ),
    );
}

/** Every transcript entry is shown once, and nothing is left waiting for the server. */
async function expectNoDuplicates(page: Page): Promise<void> {
  const seqs = await page.locator('.msg[data-seq]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.seq));
  expect(seqs.length).toBeGreaterThan(0);
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(await page.locator('.msg-pending').count()).toBe(0);
}

/** Writes an agent's message into the session's transcript, as the agent desk does (one turn, notified). */
async function agentSays(sessionId: string, text: string): Promise<void> {
  await fixline.store.transaction(async (r) => {
    const conversation = await r.conversations.lock('webchat', sessionId);
    if (!conversation) throw new Error(`no conversation for session ${sessionId}`);
    const writer = new ConversationWriter(r, conversation, false, new Date());
    writer.outbound({ text }, { lang: 'zh-CN', sender: 'agent' });
    await writer.flush();
  });
}

// ---- tests -----------------------------------------------------------------------------------

describe.runIf(browserTestsRun())('web chat in Chromium', () => {
  it('zh-CN on a phone: reports a fault with a photo, gets a ticket, lists it, and survives a reload', async () => {
    const page = await open('/chat', PHONE, 'zh-CN');

    // The greeting and the main menu.
    await botSays(page, '您好，这里是设备报修服务');
    for (const label of ['我要报修', '我的工单', '人工客服', 'English']) {
      await expect.poll(() => page.locator('.choices').getByRole('button', { name: label, exact: true }).isEnabled(), POLL).toBe(true);
    }
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('设备报修');
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('zh-CN');
    await page.locator('#status-text').filter({ hasText: '已连接' }).waitFor();
    await expect.poll(() => page.locator('#input').getAttribute('placeholder'), POLL).toBe('输入消息，按 Enter 发送');
    await expect.poll(() => page.locator('#send').isDisabled(), POLL).toBe(true);
    await screenshot(page, 'webchat-zh-menu.png');

    // A description typed at the menu starts a report.
    await say(page, '三年级二班一体机开不了机');
    await botSays(page, '请问怎么称呼您');
    await say(page, '王老师');
    // The room and the panel are named in the description: no question about them.
    await botSays(page, '好的：明湖小学 三年级二班 的一体机 FX-PNL-0001');
    await botSays(page, '故障是怎么发生的');
    await press(page, '正常使用中出现');
    await botSays(page, '设备现在还能用吗');
    await press(page, '完全不能用');
    await botSays(page, '受影响的范围有多大');
    await press(page, '只有这台设备');
    await botSays(page, '是否影响考试、公开课、检查等重大活动');
    await press(page, '否');
    await botSays(page, '请拍一张故障照片');

    // Older questions keep their buttons, disabled, with the answer marked.
    const how = page.locator('.choices button', { hasText: '正常使用中出现' });
    await expect.poll(() => how.isDisabled(), POLL).toBe(true);
    await expect.poll(() => how.getAttribute('class'), POLL).toContain('chosen');

    // The photo: uploaded through the file input, shown from the server (fetched with the token).
    await page.locator('#photo-input').setInputFiles({ name: 'fault.png', mimeType: 'image/png', buffer: png() });
    const photo = page.locator('.msg-user:not(.msg-pending) img.photo');
    await photo.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.msg-user:not(.msg-pending) img.photo');
      return img !== null && img.complete && img.naturalWidth === 8;
    });

    // First aid for a panel that won't boot, then the confirmation.
    const tips = await botSays(page, '在工程师处理之前，可以先试试');
    await expect.poll(() => tips.textContent(), POLL).toContain('长按电源键 10 秒关机');
    await press(page, '没有解决');
    const confirm = await botSays(page, '请确认报修信息');
    const confirmText = (await confirm.locator('.text').textContent()) ?? '';
    expect(confirmText).toContain('报修人：王老师');
    expect(confirmText).toContain('地点：明湖小学 三年级二班');
    expect(confirmText).toContain('设备：一体机 FX-PNL-0001');
    expect(confirmText).toContain('问题：三年级二班一体机开不了机');
    // Line breaks are kept: the confirmation is shown on several lines.
    const lines = await confirm
      .locator('.text')
      .evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
    expect(lines).toBeGreaterThanOrEqual(7);
    await screenshot(page, 'webchat-zh-confirm.png');

    await press(page, '确认提交');
    const done = await botSays(page, '报修成功');
    const doneText = (await done.locator('.text').textContent()) ?? '';
    const ticket = /工单号：(FX-\d{4}-\d{6})/.exec(doneText)?.[1];
    expect(ticket, doneText).toMatch(/^FX-\d{4}-\d{6}$/);
    expect(doneText).toMatch(/故障等级：[A-D]级/);
    expect(doneText).toMatch(/服务承诺：.*内响应/);
    expect(doneText).toMatch(/工程师.*内到场/);
    // ... and the menu comes back, its buttons live again.
    await page.locator('.choices').getByRole('button', { name: '我要报修', exact: true, disabled: false }).waitFor();
    await screenshot(page, 'webchat-zh-ticket.png');

    // My tickets lists it.
    await say(page, '我的工单');
    const list = await botSays(page, '您最近的工单');
    await expect.poll(() => list.textContent(), POLL).toContain(ticket!);
    await page.locator('.choices').getByRole('button', { name: ticket!, exact: true, disabled: false }).waitFor();
    await expectNoDuplicates(page);
    expect((await transcript(page)).filter((line) => line === 'user: 三年级二班一体机开不了机')).toHaveLength(1);
    const before = await transcript(page);

    // A reload continues the same conversation (the session is kept in localStorage).
    await page.reload();
    await botSays(page, '您最近的工单');
    await page.locator('#status-text').filter({ hasText: '已连接' }).waitFor();
    await expect(transcript(page)).resolves.toEqual(before);
    await expectNoDuplicates(page);
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('img.photo')?.naturalWidth ?? 0) === 8);
    await expect.poll(() => page.locator('.msg-bot', { hasText: ticket! }).count(), POLL).toBeGreaterThanOrEqual(2);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('English on a desktop: English chrome and greeting, a report through the buttons, a ticket', async () => {
    const page = await open('/chat?lang=en', DESKTOP, 'en-GB');

    await botSays(page, 'Hello, this is the equipment fault desk');
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('Equipment fault desk');
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('en');
    await expect.poll(() => page.title(), POLL).toBe('Equipment fault desk');
    await expect.poll(() => page.locator('#input').getAttribute('placeholder'), POLL).toBe('Type a message, Enter to send');
    await expect.poll(() => page.locator('#send').textContent(), POLL).toBe('Send');
    await expect.poll(() => page.locator('#new-chat').textContent(), POLL).toBe('New chat');
    await expect.poll(() => page.locator('#photo-button').getAttribute('aria-label'), POLL).toBe('Send a photo');
    await page.locator('#status-text').filter({ hasText: 'Connected' }).waitFor();
    // The ?lang= is used up: a reload continues this conversation rather than starting another.
    expect(new URL(page.url()).search).toBe('');

    await press(page, 'Report a fault');
    await botSays(page, 'What is your name?');
    await say(page, 'Ms Lee');
    await botSays(page, 'Which school or venue?');
    await press(page, '明湖小学');
    await botSays(page, 'Which room at 明湖小学?');
    await press(page, '五年级一班');
    await botSays(page, 'Which device has the problem?');
    await press(page, 'Interactive panel FX-PNL-0002');
    await botSays(page, 'What happens?');
    await say(page, 'the touch screen does not respond');
    await botSays(page, 'How did it happen?');
    await press(page, 'During normal use');
    await press(page, 'Yes, with problems');
    await press(page, 'Just this device');
    await press(page, 'No');
    await botSays(page, 'send a photo of the fault');
    await press(page, 'Skip');
    // First aid for a touch fault (flows/desk/first-aid.yaml), then the confirmation.
    const tips = await botSays(page, 'Did that fix it?');
    await expect.poll(() => tips.textContent(), POLL).toContain('touch calibration');
    await press(page, 'No, still broken');
    const confirm = await botSays(page, 'Please check your report');
    await expect.poll(() => confirm.textContent(), POLL).toContain('Device: Interactive panel FX-PNL-0002');
    await press(page, 'Submit');
    const done = await botSays(page, 'registered as ticket');
    const doneText = (await done.locator('.text').textContent()) ?? '';
    expect(doneText).toMatch(/Your report is registered as ticket FX-\d{4}-\d{6}\./);
    expect(doneText).toMatch(/Severity: [A-D]/);
    expect(doneText).toContain('We promise: a response within');
    await page.locator('.choices').getByRole('button', { name: 'Report a fault', exact: true, disabled: false }).waitFor();
    await expectNoDuplicates(page);

    // The column is centred and about 720 px wide on a desktop.
    const column = await page.locator('#app').boundingBox();
    expect(column!.width).toBeGreaterThanOrEqual(700);
    expect(column!.width).toBeLessThanOrEqual(740);
    expect(Math.abs(column!.x + column!.width / 2 - 640)).toBeLessThanOrEqual(2);
    await screenshot(page, 'webchat-en-ticket.png');

    // Switching the conversation to Chinese switches the page's own words too.
    await press(page, '中文');
    await botSays(page, '已切换为中文');
    await page.locator('h1').filter({ hasText: '设备报修' }).waitFor();
    await expect.poll(() => page.locator('#input').getAttribute('placeholder'), POLL).toBe('输入消息，按 Enter 发送');
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('zh-CN');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('English on a small phone: the message box is one line high, empty or after a send', async () => {
    const page = await open('/chat?lang=en', SMALL_PHONE, 'en-GB');
    await botSays(page, 'Hello, this is the equipment fault desk');
    const input = page.locator('#input');
    const height = async (): Promise<number> => (await input.boundingBox())?.height ?? 0;
    expect(await height()).toBeLessThanOrEqual(50);
    await say(page, 'Ms Lee');
    await botSays(page, 'What is your name?');
    expect(await height()).toBeLessThanOrEqual(50);
    // Several lines grow it, and sending empties and shrinks it again.
    await input.fill('one\ntwo\nthree');
    expect(await height()).toBeGreaterThan(70);
    await input.press('Enter');
    await expect.poll(height).toBeLessThanOrEqual(50);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a QR link (/chat?asset=FX-PNL-0002) opens a report for that panel', async () => {
    const page = await open('/chat?asset=FX-PNL-0002', PHONE, 'zh-CN');

    await botSays(page, '请问怎么称呼您');
    await say(page, '李老师');
    const linked = await botSays(page, '您正在为');
    const text = (await linked.textContent()) ?? '';
    expect(text).toContain('FX-PNL-0002');
    expect(text).toContain('明湖小学');
    expect(text).toContain('五年级一班');
    // No questions about the school, room or device: straight to what happens (after the English
    // test's ticket on this panel, still open, is offered and this is said to be another fault).
    const next = await botSays(page, /请描述一下故障现象|已有未完成的工单/);
    if (((await next.textContent()) ?? '').includes('已有未完成的工单')) await press(page, '仍然报新故障');
    await botSays(page, '请描述一下故障现象');
    await expect.poll(() => page.locator('.msg-bot', { hasText: '请选择学校或场馆' }).count(), POLL).toBe(0);
    expect(new URL(page.url()).search).toBe('');
    await screenshot(page, 'webchat-zh-asset.png');

    // 新对话 starts afresh: an empty page, the greeting and menu, another session kept for reloads.
    const storedSession = () =>
      page.evaluate(() => (JSON.parse(localStorage.getItem('fixline.webchat.session') ?? '{}') as { sessionId?: string }).sessionId);
    const first = await storedSession();
    await page.getByRole('button', { name: '新对话' }).click();
    await botSays(page, '您好，这里是设备报修服务');
    await expect.poll(() => page.locator('.msg-bot', { hasText: '您正在为' }).count(), POLL).toBe(0);
    await expect.poll(() => page.locator('.msg-user').count(), POLL).toBe(0);
    const second = await storedSession();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows markup from users and agents as text and never runs it', async () => {
    // Chinese chosen: the markup typed first is Latin letters, which would make a conversation nobody chose English.
    const page = await open('/chat?lang=zh-CN', PHONE, 'zh-CN');
    await botSays(page, '您好，这里是设备报修服务');

    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    await say(page, payload);
    const mine = page.locator('.msg-user:not(.msg-pending) .text').last();
    await expect.poll(() => mine.textContent(), POLL).toBe(payload);
    await botSays(page, '请问怎么称呼您');

    // An agent's message: its own colour and tag, and markup shown as text too.
    const sessionId = await page.evaluate(
      () => (JSON.parse(localStorage.getItem('fixline.webchat.session') ?? '{}') as { sessionId?: string }).sessionId ?? '',
    );
    expect(sessionId).not.toBe('');
    const agentText = '您好，我是客服小张。<b onmouseover="window.__xss=3">稍等</b>\n第二行<script>window.__xss=4</script>';
    await agentSays(sessionId, agentText);
    const agent = page.locator('.msg-agent').last();
    await agent.waitFor();
    await expect.poll(() => agent.locator('.tag').textContent(), POLL).toBe('人工客服');
    await expect.poll(() => agent.locator('.text').textContent(), POLL).toBe(agentText);
    const colours = await page.evaluate(() => ({
      agent: getComputedStyle(document.querySelector('.msg-agent .bubble')!).backgroundColor,
      bot: getComputedStyle(document.querySelector('.msg-bot .bubble')!).backgroundColor,
    }));
    expect(colours.agent).not.toBe(colours.bot);
    await agent.hover();
    await page.waitForTimeout(500);

    await expect(page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).resolves.toBeUndefined();
    await expect.poll(() => page.locator('#messages img:not(.photo), #messages script, #messages b').count(), POLL).toBe(0);
    await screenshot(page, 'webchat-zh-agent.png');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('bad input: nothing is sent for an empty box; a 4,500-character message is refused and the question repeated', async () => {
    const page = await open('/chat', SMALL_PHONE, 'zh-CN');
    await botSays(page, '您好，这里是设备报修服务');
    await page.locator('#status-text').filter({ hasText: '已连接' }).waitFor();
    const input = page.locator('#input');

    // Empty or blank: the send button stays disabled and Enter sends nothing.
    await expect.poll(() => page.locator('#send').isDisabled(), POLL).toBe(true);
    await input.fill('   ');
    await expect.poll(() => page.locator('#send').isDisabled(), POLL).toBe(true);
    await input.press('Enter');
    // Shift+Enter is a new line, not a send.
    await input.fill('第一行');
    await input.press('Shift+Enter');
    await input.pressSequentially('第二行');
    await expect.poll(() => input.inputValue(), POLL).toBe('第一行\n第二行');
    await input.fill('');
    await input.press('Enter');
    await page.waitForTimeout(1500);
    await expect.poll(() => page.locator('.msg-user').count(), POLL).toBe(0);
    await expect.poll(() => page.locator('.msg-bot', { hasText: '收到一条空消息' }).count(), POLL).toBe(0);

    // Too long: the bot says so and asks the same question again; the answer after it is taken.
    await press(page, '我要报修');
    await botSays(page, '请问怎么称呼您');
    await input.fill('a'.repeat(4500));
    await expect.poll(() => page.locator('#send').isEnabled(), POLL).toBe(true);
    await page.locator('#send').click();
    await botSays(page, '消息太长了（最多 4000 个字）');
    await page.waitForFunction(() => {
      const bots = [...document.querySelectorAll('.msg-bot .text')].map((e) => e.textContent ?? '');
      return bots.at(-1)?.includes('请问怎么称呼您') && bots.filter((t) => t.includes('请问怎么称呼您')).length === 2;
    });
    // The long message wraps inside the screen.
    const long = await page.locator('.msg-user:not(.msg-pending) .bubble').last().boundingBox();
    expect(long!.x).toBeGreaterThanOrEqual(0);
    expect(long!.x + long!.width).toBeLessThanOrEqual(360);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
    // Tap targets stay large at 360 px.
    for (const id of ['#send', '#photo-button', '#input'])
      expect((await page.locator(id).boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'webchat-zh-too-long.png');

    await say(page, '王老师');
    await botSays(page, '请选择学校或场馆');
    await expectNoDuplicates(page);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('network trouble: a failed send keeps the words and retries once; without streaming it polls', async () => {
    // The event stream never connects: the page says so, then falls back to polling.
    const page = await open('/chat', PHONE, 'zh-CN', (c) => c.route('**/events?**', (route) => route.abort('connectionrefused')));
    await page.locator('#status-text').filter({ hasText: '连接已断开，正在重连…' }).waitFor();
    await botSays(page, '您好，这里是设备报修服务');
    await page.locator('#status-text').filter({ hasText: '已连接' }).waitFor();

    // The first send fails: an error in Chinese, the words back in the box, the bubble offers a retry.
    let refused = 0;
    await page.route('**/messages', async (route) => {
      if (route.request().method() === 'POST' && refused++ === 0) return route.abort('internetdisconnected');
      return route.fallback();
    });
    await page.locator('#input').fill('我要报修');
    await page.locator('#input').press('Enter');
    await page.locator('#alert').filter({ hasText: '网络连接失败' }).waitFor();
    await expect.poll(() => page.locator('#alert-text').textContent(), POLL).toContain('内容已保留在输入框中');
    await expect.poll(() => page.locator('#input').inputValue(), POLL).toBe('我要报修');
    await page.locator('.msg-failed').filter({ hasText: '发送失败' }).waitFor();
    await screenshot(page, 'webchat-zh-failed.png');

    // Retry: it goes through once, the box empties, the bot answers (seen by polling).
    await page.locator('#alert-retry').click();
    await botSays(page, '请问怎么称呼您');
    await expect.poll(() => page.locator('#input').inputValue(), POLL).toBe('');
    await expect.poll(() => page.locator('#alert').isHidden(), POLL).toBe(true);
    await expect.poll(() => page.locator('.msg-user .text', { hasText: '我要报修' }).count(), POLL).toBe(1);
    await expectNoDuplicates(page);
    expect(pageErrors.filter((e) => !/ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  }, 120_000);

  it('limits: a stream refused with 429 falls back to polling at once; an expired session starts a new one and keeps the typed words', async () => {
    // Every stream is refused (too many open elsewhere): the page polls instead of retrying the stream.
    const asked: string[] = [];
    const page = await open('/chat', PHONE, 'zh-CN', (c) => {
      c.on('request', (r) => {
        if (/\/events\?|\/messages\?after/.test(r.url())) asked.push(r.url().includes('/events?') ? 'stream' : 'poll');
      });
      return c.route('**/events?**', (route) =>
        route.fulfill({
          status: 429,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'too_many_streams', message: 'too many' }),
        }),
      );
    });
    await botSays(page, '请选择需要的服务');
    await page.locator('#status-text').filter({ hasText: '已连接' }).waitFor();
    await expect.poll(() => asked.slice(0, 2)).toEqual(['stream', 'poll']);
    const before = await page.evaluate(() => JSON.parse(localStorage.getItem('fixline.webchat.session') ?? '{}').sessionId as string);

    // The session has expired when the teacher sends: a new one starts, the words stay in the box.
    await page.route('**/messages', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 401,
            contentType: 'application/json',
            body: JSON.stringify({ error: 'session_expired', message: 'this chat session has ended' }),
          })
        : route.fallback(),
    );
    await page.locator('#input').fill('三楼投影仪不亮了');
    await page.locator('#input').press('Enter');
    await page.locator('#alert').filter({ hasText: '之前的对话已过期，已为您开始新的对话；您输入的内容仍在输入框中' }).waitFor();
    await expect.poll(() => page.locator('#input').inputValue(), POLL).toBe('三楼投影仪不亮了');
    await expect
      .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('fixline.webchat.session') ?? '{}').sessionId as string))
      .not.toBe(before);
    await botSays(page, '请选择需要的服务');
    await page.unroute('**/messages');
    await page.locator('#send').click();
    await page.locator('.msg-user:not(.msg-pending) .text').filter({ hasText: '三楼投影仪不亮了' }).waitFor();
    await expectNoDuplicates(page);
  }, 120_000);
});
