/**
 * The agent console in Chromium, on what it takes from the server and what a new user found: the
 * ticket page follows the rules of /api/console/meta (a move added there shows, one removed hides),
 * severities named as their contract names them, ticket search by asset tag, reopening a closed
 * ticket with a reason, the list and search of every conversation (one handed back stays), the
 * transcript in the teacher's words with photos and agents' names, a normal assign list, and a
 * phone-width header that keeps the ticket number in view in English.
 */
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { assets } from '../../src/storage/schema.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';
import {
  ADMIN_PASSWORD,
  botSays,
  browserTestsRun,
  consoleMessage,
  DESKTOP,
  launchChromium,
  openWindow,
  PHONE,
  press,
  queueItem,
  reportFault,
  screenshot,
  signIn,
  unexpected,
  type Window,
} from './console-support.js';

/** Text assertions wait for the page to catch up (it renders after the server answers), as locators do. */
const POLL = { timeout: 15_000 };

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
const windows: Window[] = [];
let admin: Window;
let teacher: Window;
let ticketNumber = '';

async function window(
  url: string,
  device: typeof DESKTOP | typeof PHONE = DESKTOP,
  before?: (context: BrowserContext) => Promise<unknown>,
): Promise<Window> {
  const opened = await openWindow(browser!, `${fixline!.url}${url}`, device, before);
  windows.push(opened);
  return opened;
}

/** Opens the ticket from the tickets list (searched by what is typed). */
async function openTicket(w: Window, search: string): Promise<void> {
  await w.page.locator('[data-nav="tickets"]').click();
  await w.page.locator('#f-q').fill(search);
  await w.page.locator(`.ticket-row[data-number="${ticketNumber}"]`).click();
  await w.page.locator('#ticket-number').filter({ hasText: ticketNumber }).waitFor();
}

beforeAll(async () => {
  [fixline, browser] = await Promise.all([startTestServer(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  for (const w of windows) await w.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('the console follows the server and what a new user found', () => {
  it('a conversation handed back stays in the list of all conversations, found by search; its transcript reads as the teacher saw it', async () => {
    admin = await window('/console');
    await signIn(admin.page, 'admin', ADMIN_PASSWORD, '管理员');
    teacher = await window('/chat', PHONE);
    ticketNumber = await reportFault(teacher.page, '孙老师');
    await press(teacher.page, '人工客服');
    await botSays(teacher.page, '已为您转接人工客服');

    const page = admin.page;
    await queueItem(page, '孙老师').click();
    await page.locator('#claim').click();
    await page.locator('#conv-status').filter({ hasText: '我正在处理' }).waitFor();
    await page.locator('#composer-input').fill('您好，我来处理');
    await page.locator('#composer-input').press('Enter');
    // The agent's bubble carries the agent's name; the photo shows as a photo, never as an empty message.
    await consoleMessage(page, 'agent', '您好，我来处理').waitFor();
    await expect.poll(() => page.locator('#transcript .msg-agent .msg-who').last().textContent(), POLL).toBe('客服 · 管理员（你）');
    await page.waitForFunction(
      () => (document.querySelector<HTMLImageElement>('#transcript .msg-user img.photo')?.naturalWidth ?? 0) === 8,
    );
    const transcript = (await page.locator('#transcript').textContent()) ?? '';
    expect(transcript).not.toContain('（空消息）');
    expect(transcript).not.toContain('/start');
    // What the bot collected: the questions as asked, never a flow's slot names.
    const side = (await page.locator('#conv-side').textContent()) ?? '';
    expect(side).not.toMatch(/report_fault|ask_same_place|\bprofile\b/);
    await page.locator('#release').click();
    await page.locator('#conv-status').filter({ hasText: '机器人对话中' }).waitFor();

    // Gone from the queue, still in the list of all conversations (the menu leads there).
    await page.locator('[data-nav="queue"]').click();
    await page.locator('#queue-empty').waitFor();
    await expect.poll(() => queueItem(page, '孙老师').count(), POLL).toBe(0);
    await page.locator('#nav-conversations').click();
    const listed = page.locator('#conversation-list .queue-item').filter({ hasText: '孙老师' });
    await listed.waitFor();
    await page.locator('#conversation-search').fill(ticketNumber);
    await page.locator('#conversation-list .queue-item').first().waitFor();
    await expect.poll(() => page.locator('#conversation-list .qi-name').allTextContents(), POLL).toEqual(['孙老师']);
    await page.locator('#conversation-search').fill('没有这个人');
    await page.locator('#conversations-empty').waitFor();
    await page.locator('#conversation-search').fill('孙老师');
    await listed.click();
    await consoleMessage(page, 'agent', '您好，我来处理').waitFor();
    await screenshot(page, 'console-conversations.png');
    expect(unexpected(admin.errors)).toEqual([]);
  }, 150_000);

  it("the ticket page shows the moves the server's meta allows: one added appears, one removed disappears", async () => {
    // As the server says: from "registered" to remote support, never straight to waiting for parts.
    await openTicket(admin, ticketNumber);
    await admin.page.locator('.move[data-to="remote_support"]').waitFor();
    await expect.poll(() => admin.page.locator('.move[data-to="waiting_parts"]').count(), POLL).toBe(0);

    // The same page, told by the server (here altered in flight) that the rule changed.
    const changed = await window('/console', DESKTOP, (context) =>
      context.route('**/api/console/meta', async (route) => {
        const response = await route.fetch();
        const meta = (await response.json()) as { transitions: Record<string, string[]> };
        meta.transitions.registered = [...meta.transitions.registered!.filter((s) => s !== 'remote_support'), 'waiting_parts'];
        await route.fulfill({ response, json: meta });
      }),
    );
    await signIn(changed.page, 'admin', ADMIN_PASSWORD, '管理员');
    await openTicket(changed, ticketNumber);
    await changed.page.locator('.move[data-to="waiting_parts"]').filter({ hasText: '等待配件/厂家' }).waitFor();
    await expect.poll(() => changed.page.locator('.move[data-to="remote_support"]').count(), POLL).toBe(0);
    expect(unexpected(changed.errors)).toEqual([]);
  }, 60_000);

  it('tickets: found by asset tag, the severity named as the contract names it, a normal assign list, closed and reopened with a reason', async () => {
    const page = admin.page;
    await openTicket(admin, 'FX-PNL-0001');
    await expect.poll(() => page.locator('#severity').textContent(), POLL).toContain('B级（严重）');
    await expect.poll(() => page.locator('#events .event[data-kind="created"] .event-what').textContent(), POLL).toContain('B级（严重）');
    const assign = await page.locator('#assign-agent').boundingBox();
    expect(assign!.height).toBeLessThan(60);

    await page.locator('.move[data-to="resolved"]').click();
    await page.locator('#ticket-status').filter({ hasText: '已解决' }).waitFor();
    for (const [field, text] of [
      ['problemType', '硬件故障'],
      ['cause', '电源板老化'],
      ['solution', '更换电源板'],
      ['lossAssessment', '无'],
    ] as const) {
      await page.locator(`#report-${field}`).fill(text);
    }
    // The parts replaced: the contract's, ticked, and one typed; they go on the panel (5.21.2).
    await page.locator('#part-display_power_board').check();
    await page.locator('#part-other').fill('电源线， ');
    await screenshot(page, 'console-ticket-close-parts.png', true);
    await page.locator('#close-ticket').click();
    await page.locator('#ticket-status').filter({ hasText: '已关闭' }).waitFor();
    await page.getByText('显示电源板、电源线').waitFor();
    const [panel] = await fixline!.database.db.select().from(assets).where(eq(assets.tag, 'FX-PNL-0001'));
    expect(panel!.replacedParts.map((p) => p.part)).toEqual(['display_power_board', '电源线']);
    await page.locator('#no-commands').filter({ hasText: '工单已关闭。' }).waitFor();

    // Reopening needs a reason; then the ticket is back in remote support, logged, and the teacher is told.
    await page.locator('#reopen').click();
    await page.locator('#reopen-error').filter({ hasText: '请填写重新打开的原因。' }).waitFor();
    await expect.poll(() => page.locator('#ticket-status').textContent(), POLL).toBe('已关闭');
    await page.locator('#reopen-reason').fill('老师反映又黑屏了');
    await page.locator('#reopen').click();
    await page.locator('#ticket-status').filter({ hasText: '远程支持中' }).waitFor();
    await page.locator('#ticket-message').filter({ hasText: '工单已重新打开' }).waitFor();
    const reopened = page.locator('#events .event[data-kind="reopened"]');
    await expect.poll(() => reopened.locator('.event-what').textContent(), POLL).toBe('重新打开：已关闭 → 远程支持中');
    await expect.poll(() => reopened.locator('.event-why').textContent(), POLL).toBe('老师反映又黑屏了');
    await botSays(teacher.page, '已重新打开');
    await screenshot(page, 'console-ticket-reopened.png', true);
    expect(unexpected(admin.errors)).toEqual([]);
  }, 90_000);

  it('in English on a phone (390 and 360 px), with a long name, the header keeps the ticket number in view', async () => {
    // A supervisor whose account is in English (the console starts in it) and whose name is long.
    const api = new ConsoleClient(fixline!.url);
    await api.login('admin', ADMIN_PASSWORD);
    const created = await api.post('/agents', {
      username: 'alexandra',
      displayName: 'Alexandra Montgomery-Whitfield',
      role: 'supervisor',
      lang: 'en',
      password: 'alexandra-password-1',
    });
    expect(created.status).toBe(201);
    const phone = await window('/console', PHONE);
    await signIn(phone.page, 'alexandra', 'alexandra-password-1', 'Alexandra Montgomery-Whitfield');
    await expect.poll(() => phone.page.locator('[data-nav="tickets"]').textContent(), POLL).toBe('Tickets');
    await openTicket(phone, ticketNumber);
    for (const width of [390, 360]) {
      await phone.page.setViewportSize({ width, height: 800 });
      await phone.page.waitForTimeout(100);
      const brand = await phone.page.locator('.brand').boundingBox();
      const signOut = await phone.page.locator('#sign-out').boundingBox();
      const number = await phone.page.locator('#ticket-number').boundingBox();
      // Two rows: the brand with who is signed in, then the menu (never a third).
      expect(signOut!.y + signOut!.height / 2).toBeLessThan(brand!.y + brand!.height);
      expect(number!.x).toBeGreaterThanOrEqual(0);
      expect(number!.x + number!.width).toBeLessThanOrEqual(width);
      expect(number!.y + number!.height).toBeLessThanOrEqual(800);
      await expect(phone.page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(width);
      await expect.poll(() => phone.page.locator('#sign-out').isVisible(), POLL).toBe(true);
      await screenshot(phone.page, `console-phone-en-ticket-${width}.png`);
    }
    expect(unexpected(phone.errors)).toEqual([]);
  }, 60_000);
});
