import { randomUUID } from 'node:crypto';
import { and, asc, eq, like } from 'drizzle-orm';
import { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/app/password.js';
import { RosterService } from '../../src/app/roster-service.js';
import { TicketService } from '../../src/app/ticket-service.js';
import { AuthService } from '../../src/auth/auth-service.js';
import { authRoutes } from '../../src/http/console/auth-routes.js';
import { type ConsoleEnv, requireSession } from '../../src/http/console/context.js';
import { rosterRoutes } from '../../src/http/console/roster-routes.js';
import type { Role } from '../../src/ports/console-store.js';
import { auditLog, ticketAlerts, tickets } from '../../src/storage/schema.js';
import { errorHandler } from '../../src/web/errors.js';
import { chatTexts, staffWithChat, workerDeps } from './alerts-suite.js';
import { sendDueAlerts } from '../../src/app/alerts/worker.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';

const HOUR = 3_600_000;
const BASE = 'http://console.test';

/** A signed-in browser of the console API, served in-process on the desk's store and clock. */
class Client {
  private cookie = '';
  private csrf = '';
  constructor(private readonly app: Hono) {}

  async login(username: string): Promise<this> {
    const res = await this.app.request(`${BASE}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE },
      body: JSON.stringify({ username, password: `${username}-password-1` }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  get(path: string) {
    return this.app.request(`${BASE}/api/console${path}`, { headers: { cookie: this.cookie } });
  }

  send(method: string, path: string, body?: unknown, csrf = this.csrf) {
    return this.app.request(`${BASE}/api/console${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': csrf, origin: BASE, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}

/**
 * The on-duty roster and the major events through the console API on every database: who may change
 * them, what is refused and why, who is on duty now, each change audited; and a fault reported in
 * chat during a declared event is severity A citing the event, with a 'page' alert row for the
 * on-duty staff, while other sites, cancelled events and other times are not.
 */
export function rosterSuite(kind: TestDatabaseKind) {
  describe(`the roster and major events on ${kind}`, () => {
    let desk: TestDesk;
    let coordinator: Client;
    let agent: Client;
    const ids: Record<string, string> = {};
    let minghu = '';

    const addAccount = async (username: string, displayName: string, role: Role, active = true) => {
      const passwordHash = await hashPassword(`${username}-password-1`);
      const created = await desk.store.transaction((r) =>
        r.console.agents.create({ username, displayName, role, lang: 'zh-CN', passwordHash }),
      );
      if (!active) await desk.store.transaction((r) => r.console.agents.update(created!.id, { active: false }));
      ids[username] = created!.id;
    };
    /** Moves the clock; the sessions (30 minutes idle, 8 hours at most) are signed in again. */
    const advance = async (ms: number) => {
      desk.advance(ms);
      await coordinator.login('lin');
      await agent.login('wang');
    };
    const iso = (offsetMs: number) => new Date(desk.now.getTime() + offsetMs).toISOString();
    const body = async (res: Response) => (await res.json()) as Record<string, unknown>;

    beforeAll(async () => {
      desk = await testDesk(kind);
      const log = pino({ level: 'silent' });
      const clock = () => desk.now;
      const auth = new AuthService(desk.store, clock);
      const options = { trustProxy: 0, secureCookies: () => false, allowedOrigins: () => [] };
      const guarded = new Hono<ConsoleEnv>();
      guarded.use(requireSession(auth, options.allowedOrigins));
      guarded.route('/', rosterRoutes(new RosterService(desk.store, clock)));
      const api = new Hono<ConsoleEnv>();
      api.route('/', authRoutes(auth, options));
      api.route('/', guarded);
      const app = new Hono();
      app.onError(errorHandler(log));
      app.route('/api/console', api);
      await addAccount('lin', '林协调', 'coordinator');
      await addAccount('wang', '王客服', 'agent');
      await addAccount('chen', '陈工', 'engineer');
      await addAccount('zhou', '周工', 'engineer', false);
      coordinator = await new Client(app).login('lin');
      agent = await new Client(app).login('wang');
      const sites = await desk.store.read.places.listSites();
      minghu = sites.find((s) => s.label === '明湖小学')!.id;
    });
    afterAll(async () => desk?.close());

    it('a shift refused with the reason: an end before the start, over 7 days, an unknown or inactive account, a bad time', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ agentId: ids.chen, startsAt: iso(2 * HOUR), endsAt: iso(HOUR) }, 'ends_before_start'],
        [{ agentId: ids.chen, startsAt: iso(HOUR), endsAt: iso(HOUR) }, 'ends_before_start'],
        [{ agentId: ids.chen, startsAt: iso(0), endsAt: iso(7 * 24 * HOUR + 60_000) }, 'shift_too_long'],
        [{ agentId: randomUUID(), startsAt: iso(0), endsAt: iso(HOUR) }, 'unknown_agent'],
        [{ agentId: 'not-an-id', startsAt: iso(0), endsAt: iso(HOUR) }, 'unknown_agent'],
        [{ agentId: ids.zhou, startsAt: iso(0), endsAt: iso(HOUR) }, 'inactive_agent'],
        [{ agentId: ids.chen, startsAt: 'tomorrow', endsAt: iso(HOUR) }, 'invalid_request'],
      ];
      for (const [shift, error] of cases) {
        const res = await coordinator.send('POST', '/roster', shift);
        expect(res.status, JSON.stringify(shift)).toBe(400);
        expect(await body(res)).toMatchObject({ error, message: expect.any(String) });
      }
      expect(await body(await coordinator.send('POST', '/roster', cases[5]![0]))).toMatchObject({
        message: "周工's account is deactivated",
      });
      // A week exactly is one shift.
      const week = await coordinator.send('POST', '/roster', { agentId: ids.wang, startsAt: iso(24 * HOUR), endsAt: iso(8 * 24 * HOUR) });
      expect(week.status).toBe(201);
    });

    it('only coordinators, supervisors and admins change the roster (403 with the reason); everyone reads it; the CSRF token is needed', async () => {
      const refused = await agent.send('POST', '/roster', { agentId: ids.chen, startsAt: iso(0), endsAt: iso(HOUR) });
      expect(refused.status).toBe(403);
      expect(await body(refused)).toMatchObject({ error: 'forbidden', message: expect.stringContaining('coordinator') });
      expect((await agent.send('POST', '/major-events', { name: 'x', siteId: null, startsAt: iso(0), endsAt: iso(HOUR) })).status).toBe(
        403,
      );
      expect((await agent.get('/roster')).status).toBe(200);
      expect((await agent.get('/major-events')).status).toBe(200);
      const forged = await coordinator.send('POST', '/roster', { agentId: ids.chen, startsAt: iso(0), endsAt: iso(HOUR) }, 'nope');
      expect(forged.status).toBe(403);
      expect(await body(forged)).toMatchObject({ error: 'csrf' });
    });

    it('who is on duty now is part of the roster; a removed shift is gone, and each change is in the audit log', async () => {
      const now = await coordinator.send('POST', '/roster', {
        agentId: ids.chen,
        startsAt: iso(-HOUR),
        endsAt: iso(7 * HOUR),
        note: ' 期末考试保障 ',
      });
      expect(now.status).toBe(201);
      const { shift } = (await now.json()) as { shift: { id: string; agentName: string; note: string } };
      expect(shift).toMatchObject({ agentName: '陈工', note: '期末考试保障' });
      const later = await coordinator.send('POST', '/roster', {
        agentId: ids.lin,
        startsAt: iso(8 * HOUR),
        endsAt: iso(20 * HOUR),
        note: null,
      });
      expect(later.status).toBe(201);

      const roster = (await (await agent.get('/roster')).json()) as { shifts: { agentName: string }[]; onDuty: { displayName: string }[] };
      expect(roster.onDuty.map((a) => a.displayName)).toEqual(['陈工']);
      expect(roster.shifts.map((s) => s.agentName)).toEqual(['陈工', '林协调', '王客服']);
      const range = `from=${encodeURIComponent(iso(6 * HOUR))}&to=${encodeURIComponent(iso(12 * HOUR))}`;
      const narrow = (await (await agent.get(`/roster?${range}`)).json()) as { shifts: { agentName: string }[] };
      expect(narrow.shifts.map((s) => s.agentName)).toEqual(['陈工', '林协调']);
      expect((await agent.get(`/roster?from=${encodeURIComponent(iso(HOUR))}&to=${encodeURIComponent(iso(0))}`)).status).toBe(400);

      expect((await coordinator.send('DELETE', `/roster/${shift.id}`)).status).toBe(200);
      expect((await coordinator.send('DELETE', `/roster/${shift.id}`)).status).toBe(404);
      expect((await agent.send('DELETE', `/roster/${shift.id}`)).status).toBe(403);
      const gone = (await (await agent.get('/roster')).json()) as { onDuty: unknown[] };
      expect(gone.onDuty).toEqual([]);

      // Eight hours on, 林协调 is on duty.
      await advance(8 * HOUR);
      const after = (await (await agent.get('/roster')).json()) as { onDuty: { displayName: string }[] };
      expect(after.onDuty.map((a) => a.displayName)).toEqual(['林协调']);

      const audit = await desk.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorId, ids.lin!), like(auditLog.subject, 'shift:%')))
        .orderBy(asc(auditLog.id));
      expect(audit.map((a) => a.action)).toEqual(['shift_added', 'shift_added', 'shift_added', 'shift_removed']);
      expect(audit[1]!.data).toMatchObject({ agentId: ids.chen, note: '期末考试保障' });
      expect(audit[3]!.subject).toBe(`shift:${shift.id}`);
    });

    it('an event refused with the reason: its name, its times, over 31 days, already over, an unknown site', async () => {
      const ok = { name: '期末考试', siteId: minghu, startsAt: iso(-HOUR), endsAt: iso(5 * HOUR) };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...ok, name: '   ' }, 'invalid_name'],
        [{ ...ok, name: '考'.repeat(61) }, 'invalid_name'],
        [{ ...ok, endsAt: iso(-2 * HOUR) }, 'ends_before_start'],
        [{ ...ok, endsAt: iso(32 * 24 * HOUR) }, 'event_too_long'],
        [{ ...ok, startsAt: iso(-5 * HOUR), endsAt: iso(-HOUR) }, 'event_over'],
        [{ ...ok, siteId: randomUUID() }, 'unknown_site'],
        [{ ...ok, siteId: undefined }, 'invalid_request'],
      ];
      for (const [event, error] of cases) {
        const res = await coordinator.send('POST', '/major-events', event);
        expect(res.status, JSON.stringify(event)).toBe(400);
        expect(await body(res)).toMatchObject({ error, message: expect.any(String) });
      }
      expect((await coordinator.send('POST', '/major-events/not-an-id/cancel')).status).toBe(404);
    });

    /** A teacher's report of a panel without sound at the site; returns the ticket and what the bot said. */
    async function report(key: string, site: '明湖小学' | '东山中学') {
      const start = await desk.lastSeq(key);
      await desk.send(key, '一体机没有声音');
      await desk.send(key, '冯老师');
      await desk.press(key, site);
      await desk.press(key, site === '明湖小学' ? '三年级二班' : '初一（3）班');
      const offered = (await desk.lastBot(key))?.choices ?? [];
      if (offered.some((c) => c.label === '仍然报新故障')) await desk.press(key, '仍然报新故障');
      for (const label of ['正常使用中出现', '还能用，但有问题', '只有这台设备', '否', '跳过', '没有解决']) await desk.press(key, label);
      const confirmation = (await desk.lastBot(key))?.text ?? '';
      await desk.press(key, '确认提交');
      const said = await desk.botTextsSince(key, start);
      const number = /工单号：(FX-\d{4}-\d{6})/.exec(said)?.[1];
      expect(number, said).toBeTruthy();
      const [ticket] = await desk.database.db.select().from(tickets).where(eq(tickets.number, number!));
      const alerts = await desk.database.db.select().from(ticketAlerts).where(eq(ticketAlerts.ticketId, ticket!.id));
      return { ticket: ticket!, confirmation, said, alerts };
    }

    let examsId = '';
    it('during an event at a school, a new fault there is A citing the event, and the on-duty staff get a page row', async () => {
      const res = await coordinator.send('POST', '/major-events', {
        name: ' 期末考试 ',
        siteId: minghu,
        startsAt: iso(-HOUR),
        endsAt: iso(5 * HOUR),
      });
      expect(res.status).toBe(201);
      const { event } = (await res.json()) as { event: { id: string; name: string; siteName: string; state: string } };
      expect(event).toMatchObject({ name: '期末考试', siteName: '明湖小学', state: 'current' });
      examsId = event.id;

      const { ticket, confirmation, said, alerts } = await report('exam-1', '明湖小学');
      expect(confirmation).toContain('初步判定：A级（重大活动「期末考试」期间），');
      expect(said).toContain('故障等级：A级（紧急）——重大活动「期末考试」期间发生故障');
      expect(ticket.severity).toBe('A');
      // The console's "the contract would now decide" hint agrees: it reckons with the event too.
      const lin = (await desk.store.read.console.agents.get(ids.lin!))!;
      const view = await new TicketService(
        desk.store,
        desk.catalog,
        new Set(),
        () => desk.now,
        () => {},
      ).detail(lin, ticket.id);
      expect(view.reassessment).toBeNull();
      expect(ticket.reasons[0]).toEqual({
        contract: 'GX-EDU',
        clause: '5.14',
        text: { 'zh-CN': '重大活动「期末考试」期间发生故障：A级（紧急）', en: 'a fault during the major event "期末考试": A (critical)' },
      });
      expect(ticket.facts).toMatchObject({ majorEvent: true });
      expect(ticket.triage?.origins.majorEvent).toEqual({ source: 'event', quote: '期末考试' });
      expect(alerts.map((a) => ({ key: a.key, kind: a.kind, data: a.data, status: a.status }))).toContainEqual({
        key: 'page',
        kind: 'page',
        data: { reason: 'event', event: '期末考试' },
        status: 'pending',
      });
      expect(alerts.find((a) => a.key === 'page')!.at).toEqual(desk.now);

      // The engineer on duty, whose Telegram is linked, is told at once by the alerts worker.
      const onDuty = await staffWithChat(desk, 'engineer', 'zh-CN', 'telegram', '值班许工');
      const shift = await coordinator.send('POST', '/roster', { agentId: onDuty.agent.id, startsAt: iso(-HOUR), endsAt: iso(8 * HOUR) });
      expect(shift.status).toBe(201);
      await sendDueAlerts(workerDeps(desk));
      const told = await chatTexts(desk, onDuty.conversationId);
      // One page: the event's, not a second one for the hour (22:00, outside the agents' hours).
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(/「期末考试」期间的故障：A 级工单 FX-\d{4}-\d{6}（明湖小学/);
    });

    it('a fault at another school during that event is not affected, and gets no page row', async () => {
      const { ticket, said, alerts } = await report('other-1', '东山中学');
      expect(ticket.severity).toBe('C');
      expect(said).not.toContain('期末考试');
      expect(ticket.facts).toMatchObject({ majorEvent: false });
      expect(alerts.filter((a) => a.kind === 'page')).toEqual([]);
    });

    it('a cancelled event affects nothing; the cancel is audited and listed struck through (cancelled)', async () => {
      expect((await coordinator.send('POST', `/major-events/${examsId}/cancel`)).status).toBe(200);
      expect((await coordinator.send('POST', `/major-events/${examsId}/cancel`)).status).toBe(404);
      const listed = (await (await agent.get('/major-events')).json()) as { events: { id: string; state: string; cancelledAt: string }[] };
      expect(listed.events.find((e) => e.id === examsId)).toMatchObject({ state: 'cancelled', cancelledAt: desk.now.toISOString() });
      const { ticket, alerts } = await report('exam-2', '明湖小学');
      expect(ticket.severity).toBe('C');
      expect(alerts.filter((a) => a.kind === 'page')).toEqual([]);
      const audit = await desk.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subject, `event:${examsId}`))
        .orderBy(asc(auditLog.id));
      expect(audit.map((a) => a.action)).toEqual(['event_declared', 'event_cancelled']);
      expect(audit[0]!.data).toMatchObject({ name: '期末考试', siteId: minghu });
    });

    it('an all-sites event makes a fault anywhere A; before it starts and after it ends it does not', async () => {
      const res = await coordinator.send('POST', '/major-events', {
        name: '市民文化节开幕',
        siteId: null,
        startsAt: iso(2 * HOUR),
        endsAt: iso(6 * HOUR),
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { event: { siteName: null; state: string } }).event).toMatchObject({
        siteName: null,
        state: 'upcoming',
      });
      // A list from a week ago (the page's) reaches events still to come.
      const fromLastWeek = `/major-events?from=${encodeURIComponent(iso(-7 * 24 * HOUR))}`;
      const upcoming = (await (await agent.get(fromLastWeek)).json()) as { events: { name: string; state: string }[] };
      expect(upcoming.events.find((e) => e.name === '市民文化节开幕')?.state).toBe('upcoming');
      expect((await report('before-festival', '东山中学')).ticket.severity).toBe('C');

      await advance(3 * HOUR);
      const during = await report('festival', '东山中学');
      expect(during.ticket.severity).toBe('A');
      expect(during.ticket.reasons[0]?.text.en).toBe('a fault during the major event "市民文化节开幕": A (critical)');
      expect(during.alerts.find((a) => a.kind === 'page')?.data).toEqual({ reason: 'event', event: '市民文化节开幕' });

      await advance(4 * HOUR);
      expect((await report('after-festival', '东山中学')).ticket.severity).toBe('C');
      const listed = (await (await agent.get('/major-events')).json()) as { events: { name: string; state: string }[] };
      expect(listed.events.find((e) => e.name === '市民文化节开幕')?.state).toBe('past');
    });
  });
}
