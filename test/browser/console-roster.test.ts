/**
 * The on-duty roster and major events in Chromium: an admin makes a service coordinator in
 * Accounts; the coordinator adds a shift covering now (highlighted as on duty) and declares the
 * final exams at a school; a teacher reports a fault there in the web chat, and the ticket opened
 * is severity A with the event named in its reason, its clocks listed; then all of it in English.
 * An agent reads the roster and the events without the forms.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';
import {
  ADMIN_PASSWORD,
  botSays,
  browserTestsRun,
  DESKTOP,
  launchChromium,
  openWindow,
  reportFault,
  screenshot,
  signIn,
  unexpected,
  type Window,
} from './console-support.js';

const POLL = { timeout: 15_000 };
const HOUR = 3_600_000;
// The server's clock runs from a Wednesday at 14:00 in Shanghai: a shift from an hour ago to three
// hours on stays on today's card whatever hour the tests run at (after midnight it would start yesterday).
const START = new Date('2026-12-02T14:00:00+08:00').getTime();
let began = Date.now();
const serverNow = () => START + Date.now() - began;

let fixline: (Fixline & { dir: string }) | undefined;
let browser: Browser | undefined;
const windows: Window[] = [];
let coordinator: Window;
let ticketId = '';

/** A moment's date ("2026-11-30") and time ("08:00") in Asia/Shanghai. */
function shanghai(at: number): { date: string; time: string; local: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const time = `${get('hour')}:${get('minute')}`;
  return { date, time, local: `${date}T${time}` };
}

beforeAll(async () => {
  if (!browserTestsRun()) return;
  began = Date.now();
  [fixline, browser] = await Promise.all([startTestServer({}, { clock: () => new Date(serverNow()) }), launchChromium()]);
  const api = new ConsoleClient(fixline.url);
  await api.login('admin', ADMIN_PASSWORD);
  for (const [username, displayName, role] of [
    ['chen', '陈工', 'engineer'],
    ['wang', '王客服', 'agent'],
  ] as const) {
    const res = await api.post('/agents', { username, displayName, role, password: `${username}-password-1` });
    expect(res.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  for (const w of windows) await w.context.close().catch(() => undefined);
  await browser?.close();
  await fixline?.stop();
}, 60_000);

describe.runIf(browserTestsRun())('the roster and major events in the console', () => {
  it('an admin makes a service coordinator in Accounts: the role is offered and shown by its name', async () => {
    const admin = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    windows.push(admin);
    const page = admin.page;
    await signIn(page, 'admin', ADMIN_PASSWORD, '管理员');
    await page.locator('#nav-accounts').click();
    expect(await page.locator('#new-role option').allTextContents()).toContain('服务协调员');
    await page.locator('#new-username').fill('lin');
    await page.locator('#new-display-name').fill('林协调');
    await page.locator('#new-role').selectOption({ label: '服务协调员' });
    await page.locator('#new-password').fill('lin-password-1');
    await page.locator('#create-account').click();
    const row = page.locator('.account-row[data-username="lin"]');
    await row.waitFor();
    expect(await row.locator('select[data-field="role"] option:checked').textContent()).toBe('服务协调员');
    expect(unexpected(admin.errors)).toEqual([]);
  }, 60_000);

  it('the coordinator adds a shift covering now: listed on its day, highlighted, and named as on duty now', async () => {
    coordinator = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    windows.push(coordinator);
    const page = coordinator.page;
    await signIn(page, 'lin', 'lin-password-1', '林协调');
    expect(await page.locator('#me-role').textContent()).toBe('服务协调员');
    await page.locator('#nav-roster').click();
    await page.locator('#roster-week .roster-day').first().waitFor();
    expect(await page.locator('#roster-week .roster-day').count()).toBe(7);
    expect(await page.locator('#on-duty-now').textContent()).toContain('现在没有人值班');

    const start = shanghai(serverNow() - HOUR);
    const end = shanghai(serverNow() + 3 * HOUR);
    await page.locator('#shift-agent').selectOption({ label: '陈工（工程师）' });
    await page.locator('#shift-date').fill(start.date);
    await page.locator('#shift-from').fill(start.time);
    await page.locator('#shift-to').fill(end.time);
    await page.locator('#shift-note').fill('期末考试保障');
    await page.locator('#add-shift').click();
    await expect.poll(() => page.locator('#roster-message').textContent(), POLL).toContain('已安排陈工值班');
    const shift = page.locator(`.roster-day[data-date="${start.date}"] .shift.is-now`);
    await shift.waitFor();
    expect(await shift.locator('.shift-time').textContent()).toMatch(new RegExp(`^${start.time} – `));
    expect(await shift.textContent()).toContain('值班中');
    expect(await shift.locator('.shift-note').textContent()).toBe('期末考试保障');
    expect(await page.locator('#on-duty-now .on-duty-name').allTextContents()).toEqual(['陈工']);

    // A shift that ends before it starts is a night shift; one with nobody chosen is refused in the page.
    await page.locator('#add-shift').click();
    expect(await page.locator('#shift-error').textContent()).toBe('请选择值班人员。');
    await screenshot(page, 'console-roster.png', true);
    expect(unexpected(coordinator.errors)).toEqual([]);
  }, 60_000);

  it('the coordinator declares the final exams at a school: listed as in force', async () => {
    const page = coordinator.page;
    await page.locator('#nav-events').click();
    await page.locator('#event-form').waitFor();
    await page.locator('#event-name').fill('期末考试');
    await page.locator('#event-site').selectOption({ label: '明湖小学' });
    await page.locator('#event-start').fill(shanghai(serverNow() - HOUR).local);
    await page.locator('#event-end').fill(shanghai(serverNow() - 2 * HOUR).local);
    await page.locator('#declare-event').click();
    expect(await page.locator('#event-error').textContent()).toBe('结束时间要晚于开始时间。');
    await page.locator('#event-end').fill(shanghai(serverNow() + 5 * HOUR).local);
    await page.locator('#declare-event').click();
    await expect.poll(() => page.locator('#events-message').textContent(), POLL).toBe('已登记「期末考试」。');
    const row = page.locator('#events-current .mevent-row');
    await row.waitFor();
    expect(await row.locator('.mevent-name').textContent()).toBe('期末考试');
    expect(await row.locator('.mevent-site').textContent()).toBe('明湖小学');

    // One more, upcoming for every site, then cancelled: struck through.
    await page.locator('#event-name').fill('市民文化节开幕');
    await page.locator('#event-start').fill(shanghai(serverNow() + 48 * HOUR).local);
    await page.locator('#event-end').fill(shanghai(serverNow() + 52 * HOUR).local);
    await page.locator('#declare-event').click();
    const festival = page.locator('#events-upcoming .mevent-row').filter({ hasText: '市民文化节开幕' });
    await festival.waitFor();
    expect(await festival.locator('.mevent-site').textContent()).toBe('全部学校和场馆');
    await festival.locator('[data-action="cancel-event"]').click();
    await page.locator('#events-upcoming .mevent-row.is-cancelled').waitFor();
    expect(await festival.textContent()).toContain('已取消');
    expect(await festival.locator('.mevent-name').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    await screenshot(page, 'console-events.png', true);
    expect(unexpected(coordinator.errors)).toEqual([]);
  }, 60_000);

  it('a fault reported at that school during the exams is A, its reason naming the event, with its clocks', async () => {
    const teacher = await openWindow(browser!, `${fixline!.url}/chat`, DESKTOP);
    windows.push(teacher);
    const number = await reportFault(teacher.page, '冯老师');
    await botSays(teacher.page, '重大活动「期末考试」期间发生故障');
    const api = new ConsoleClient(fixline!.url);
    await api.login('lin', 'lin-password-1');
    const { tickets } = await api.json<{ tickets: { id: string; number: string }[] }>(`/tickets?q=${number}`);
    ticketId = tickets.find((t) => t.number === number)!.id;

    const page = coordinator.page;
    await page.goto(`${fixline!.url}/console#/tickets/${ticketId}`);
    await page.locator('#severity').waitFor();
    expect(await page.locator('#severity').textContent()).toContain('A级（紧急）');
    expect(await page.locator('#reasons li').first().textContent()).toBe('GX-EDU 第 5.14 条重大活动「期末考试」期间发生故障：A级（紧急）');
    const majorEvent = page.locator('#fact-table tr[data-fact="majorEvent"]');
    expect(await majorEvent.locator('.origin').textContent()).toBe('重大活动登记');
    expect(await majorEvent.locator('.fact-quote').textContent()).toBe('期末考试');
    await page.locator('#clocks li').first().waitFor();
    expect(await page.locator('#clocks li').count()).toBeGreaterThan(0);
    await screenshot(page, 'console-event-ticket.png', true);
    expect(unexpected(coordinator.errors)).toEqual([]);
  }, 90_000);

  it('in English: the ticket, the roster and the events', async () => {
    const page = coordinator.page;
    await page.locator('#lang-switch').click();
    await expect
      .poll(() => page.locator('#reasons li').first().textContent(), POLL)
      .toBe('GX-EDU clause 5.14a fault during the major event "期末考试": A (critical)');
    expect(await page.locator('#fact-table tr[data-fact="majorEvent"] .origin').textContent()).toBe('declared event');
    await screenshot(page, 'console-event-ticket-en.png', true);

    await page.locator('#nav-roster').click();
    const shift = page.locator('#roster-week .shift.is-now');
    await shift.waitFor();
    expect(await shift.textContent()).toContain('on duty now');
    expect(await page.locator('#roster-week .roster-day-title').first().textContent()).toMatch(
      /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d+ \w{3}today$/,
    );
    expect(await page.locator('#on-duty-now .card-title').textContent()).toBe('On duty now');
    await screenshot(page, 'console-roster-en.png', true);

    await page.locator('#nav-events').click();
    await page.locator('#events-current .mevent-row').waitFor();
    expect(await page.locator('#events-current .card-title').textContent()).toBe('Now');
    expect(await page.locator('#events-upcoming .mevent-row').textContent()).toContain('cancelled');
    expect(await page.locator('#events-upcoming .mevent-site').textContent()).toBe('All schools and venues');
    await screenshot(page, 'console-events-en.png', true);
    expect(unexpected(coordinator.errors)).toEqual([]);
  }, 60_000);

  it('an agent reads the roster and the events without the forms', async () => {
    const agent = await openWindow(browser!, `${fixline!.url}/console`, DESKTOP);
    windows.push(agent);
    const page = agent.page;
    await signIn(page, 'wang', 'wang-password-1', '王客服');
    await page.locator('#nav-roster').click();
    await page.locator('#roster-read-only').waitFor();
    expect(await page.locator('#shift-form').count()).toBe(0);
    expect(await page.locator('[data-action="remove-shift"]').count()).toBe(0);
    expect(await page.locator('#on-duty-now .on-duty-name').allTextContents()).toEqual(['陈工']);
    await page.locator('#nav-events').click();
    await page.locator('#events-read-only').waitFor();
    expect(await page.locator('#event-form').count()).toBe(0);
    expect(await page.locator('[data-action="cancel-event"]').count()).toBe(0);
    expect(await page.locator('#events-current .mevent-name').textContent()).toBe('期末考试');
    expect(unexpected(agent.errors)).toEqual([]);
  }, 60_000);
});
