/**
 * Helpers of the console's browser tests: Chromium (Debian's, never downloaded), browser contexts
 * for agents and teachers, the web chat page's moves, and screenshots.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { expect, inject } from 'vitest';
import { isExecutable } from '../support/browser-tests.js';

/**
 * Whether this run has the browser tests, decided once (test/support/browser-setup.ts): without
 * Chromium they are skipped with one line saying so, unless FIXLINE_BROWSER_TESTS=1 requires them.
 */
export const browserTestsRun = (): boolean => inject('browserTests').run;
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const STEP_MS = 15_000;
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
export const ADMIN_PASSWORD = 'a-long-test-password';

/** Chromium at FIXLINE_CHROMIUM or /usr/bin/chromium; a missing one fails with how to install it. */
export async function launchChromium(): Promise<Browser> {
  const executable = inject('browserTests').chromium;
  if (!isExecutable(executable)) {
    throw new Error(
      `Chromium is missing at ${executable}: install it with \`apt-get install -y chromium\` or set FIXLINE_CHROMIUM (the browser tests never download one)`,
    );
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: executable,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** One person's browser window: its page and the errors the page reported. */
export interface Window {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

export async function openWindow(
  browser: Browser,
  url: string,
  device: typeof PHONE | typeof DESKTOP = DESKTOP,
  before?: (context: BrowserContext) => Promise<unknown>,
): Promise<Window> {
  const context = await browser.newContext({ ...device, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(STEP_MS);
  await before?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
  });
  await page.goto(url);
  return { context, page, errors };
}

/**
 * Errors a page may log that are expected: refusals the test provokes on purpose (the browser logs
 * every non-2xx fetch) and event streams cut when the server or context closes.
 */
export function unexpected(errors: readonly string[], allowed: readonly number[] = []): string[] {
  return errors.filter((e) => {
    const status = /status of (\d{3})/.exec(e)?.[1];
    if (status && allowed.includes(Number(status))) return false;
    // Every page first asks who is signed in: before signing in that is a 401.
    if (status === '401' && e.endsWith('/api/console/me')) return false;
    return !/ERR_NETWORK_CHANGED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|net::ERR_ABORTED|net::ERR_FAILED/.test(e);
  });
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(150); // let scrolling and fonts settle
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage });
}

/** A screenshot of one part of the page (scrolled into view). */
export async function screenshotOf(locator: Locator, name: string): Promise<void> {
  await locator.page().waitForTimeout(150);
  await locator.screenshot({ path: path.join(SCREENSHOTS, name) });
}

// ---- the console -------------------------------------------------------------------------------------

/** Signs in on the console's sign-in screen; waits for the header to show who is signed in. */
export async function signIn(
  page: Page,
  username: string,
  password: string,
  displayName: string,
  options: { live?: boolean } = {},
): Promise<void> {
  await page.locator('#login-screen').waitFor();
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
  await page.locator('#me-name').filter({ hasText: displayName }).waitFor();
  if (options.live ?? true) await page.locator('#live[data-state="live"]').waitFor();
}

/** The queue entry of a conversation by its contact's name (waits for it). */
export function queueItem(page: Page, name: string): Locator {
  return page.locator('.queue-item').filter({ has: page.locator('.qi-name', { hasText: name }) });
}

/** A transcript entry in the console (user, bot, agent, note) containing the text. */
export function consoleMessage(page: Page, kind: 'user' | 'bot' | 'agent' | 'note', text: string): Locator {
  return page.locator(`#transcript .msg-${kind} .text`).filter({ hasText: text });
}

/** Types into the console's composer and sends with Enter. */
export async function compose(page: Page, text: string): Promise<void> {
  await page.locator('#composer-input').fill(text);
  await page.locator('#composer-input').press('Enter');
}

/** The next day in the desk's time zone as YYYY-MM-DD, and its month and day. */
export function tomorrowInShanghai(): { date: string; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + 86_400_000),
  );
  const [, month, day] = parts.split('-').map(Number);
  return { date: parts, month: month!, day: day! };
}

// ---- the web chat (the teacher's side) ---------------------------------------------------------------

/** The newest bot message containing the text (waits for it). */
export async function botSays(page: Page, text: string | RegExp): Promise<Locator> {
  const message = page.locator('.msg-bot').filter({ hasText: text }).last();
  await message.waitFor();
  return message;
}

/** Presses a live answer button (the newest question's). */
export async function press(page: Page, label: string): Promise<void> {
  await page.locator('.choices').getByRole('button', { name: label, exact: true, disabled: false }).click();
}

/** Types into the chat's box and sends with Enter; waits until the server's copy is shown. */
export async function say(page: Page, text: string): Promise<void> {
  await page.locator('#input').fill(text);
  await page.locator('#input').press('Enter');
  await page
    .locator('.msg-user:not(.msg-pending) .text')
    .filter({ hasText: text.slice(0, 60) })
    .last()
    .waitFor();
}

/** A teacher's fault report on the web chat, with a photo; returns the ticket number. */
export async function reportFault(page: Page, name: string): Promise<string> {
  await botSays(page, '您好，这里是设备报修服务');
  await say(page, '一体机黑屏了');
  await botSays(page, '请问怎么称呼您');
  await say(page, name);
  await botSays(page, '请选择学校或场馆');
  await press(page, '明湖小学');
  await botSays(page, '的哪个教室或房间');
  await press(page, '三年级二班'); // the panel: named in the first message, found in the room
  await botSays(page, '故障是怎么发生的');
  await press(page, '正常使用中出现');
  await botSays(page, '设备现在还能用吗');
  await press(page, '完全不能用');
  await botSays(page, '受影响的范围有多大');
  await press(page, '只有这台设备');
  await botSays(page, '重大活动');
  await press(page, '否');
  await botSays(page, '请拍一张故障照片');
  await page.locator('#photo-input').setInputFiles({ name: 'fault.png', mimeType: 'image/png', buffer: png() });
  await page.locator('.msg-user:not(.msg-pending) img.photo').waitFor();
  await botSays(page, '问题解决了吗');
  await press(page, '没有解决');
  await botSays(page, '请确认报修信息');
  await press(page, '确认提交');
  const done = await botSays(page, '报修成功');
  const number = /FX-\d{4}-\d{6}/.exec((await done.textContent()) ?? '')?.[0];
  expect(number).toBeTruthy();
  await page.locator('.choices').getByRole('button', { name: '人工客服', exact: true, disabled: false }).waitFor();
  return number!;
}

/** A valid 8×8 PNG (a blue square with a red diagonal), built here so the tests need no files. */
export function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, tail]);
  };
  const size = 8;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) rows.push(...(x === y ? [220, 40, 40] : [40, 110, 200]));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
