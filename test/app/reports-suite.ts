import { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/app/password.js';
import { AuthService } from '../../src/auth/auth-service.js';
import { authRoutes } from '../../src/http/console/auth-routes.js';
import { type ConsoleEnv, requireSession } from '../../src/http/console/context.js';
import { reportRoutes } from '../../src/http/console/report-routes.js';
import type { Role } from '../../src/ports/console-store.js';
import { FIRST_AID_SOLVED } from '../../src/ports/reports.js';
import { errorHandler } from '../../src/web/errors.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { checkReport, type Seeded } from './reports-checks.js';
import { seedReportRows } from './reports-rows.js';
import { NOW, type SiteName } from './reports-seed.js';

const BASE = 'http://console.test';
const HOUR = 3_600_000;

/** A signed-in browser of the console API, served in-process on the desk's store and clock. */
export class ReportClient {
  private cookie = '';
  constructor(private readonly app: Hono) {}

  async login(username: string): Promise<this> {
    const res = await this.app.request(`${BASE}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE },
      body: JSON.stringify({ username, password: `${username}-password-1` }),
    });
    if (res.status !== 200) throw new Error(await res.text());
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return this;
  }

  get(path: string) {
    return this.app.request(`${BASE}/api/console${path}`, { headers: { cookie: this.cookie } });
  }
}

/**
 * The console's reports (issue 15 item 4) on every database: tickets with known timelines,
 * surveys, return visits, inspections and a first-aid fix made in a real chat are seeded; the
 * JSON, the CSV and the XLSX must give the numbers worked out in the test from the seed
 * definitions (reports-seed.ts); the range's edges; the contract and site filters; who may see them.
 */
export function reportsSuite(kind: TestDatabaseKind) {
  describe(`the console's reports on ${kind}`, () => {
    let desk: TestDesk;
    let coordinator: ReportClient;
    let agent: ReportClient;
    const seeded: Seeded = { siteIds: {} as Record<SiteName, string>, ticketIds: {} };

    beforeAll(async () => {
      desk = await testDesk(kind, { now: new Date('2026-11-18T02:00:00Z') });
      // A teacher's panel fault the first-aid tips fix: no ticket, one "first_aid.solved".
      const key = 'teacher-first-aid';
      await desk.send(key, '你好');
      await desk.press(key, '我要报修');
      await desk.send(key, '王老师');
      await desk.press(key, '明湖小学');
      await desk.press(key, '三年级二班');
      await desk.press(key, /FX-PNL-0001/);
      await desk.send(key, '一体机开不了机');
      for (const label of ['正常使用中出现', '完全不能用', '只有这台设备', '否']) await desk.press(key, label);
      await desk.send(key, '跳过');
      const before = await desk.lastSeq(key);
      await desk.press(key, '解决了');
      expect(await desk.botTextsSince(key, before)).toContain('不创建工单');
      const conversation = (await desk.conversation(key))!;
      desk.advance(NOW.getTime() - desk.now.getTime());

      const db = desk.database.db;
      for (const site of await desk.store.read.places.afterServiceSites()) seeded.siteIds[site.name as SiteName] = site.id;
      // One more first-aid fix in December: outside the range.
      await desk.store.transaction((r) =>
        r.console.audit.record({
          actorId: null,
          action: FIRST_AID_SOLVED,
          subject: 'conversation:x',
          data: { siteId: seeded.siteIds['明湖小学'], contractId: 'GX-EDU' },
          at: new Date(NOW.getTime() - HOUR),
        }),
      );
      Object.assign(
        seeded.ticketIds,
        await seedReportRows(db, { contactId: conversation.contactId, conversationId: conversation.id, siteIds: seeded.siteIds }),
      );

      const log = pino({ level: 'silent' });
      const clock = () => desk.now;
      const auth = new AuthService(desk.store, clock);
      const options = { trustProxy: 0, secureCookies: () => false, allowedOrigins: () => [] };
      const guarded = new Hono<ConsoleEnv>();
      guarded.use(requireSession(auth, options.allowedOrigins));
      guarded.route('/', reportRoutes(desk.store, desk.catalog, clock));
      const api = new Hono<ConsoleEnv>();
      api.route('/', authRoutes(auth, options));
      api.route('/', guarded);
      const app = new Hono();
      app.onError(errorHandler(log));
      app.route('/api/console', api);
      const addAccount = async (username: string, role: Role) => {
        const passwordHash = await hashPassword(`${username}-password-1`);
        await desk.store.transaction((r) =>
          r.console.agents.create({ username, displayName: username, role, lang: 'zh-CN', passwordHash }),
        );
      };
      await addAccount('lin', 'coordinator');
      await addAccount('wang', 'agent');
      coordinator = await new ReportClient(app).login('lin');
      agent = await new ReportClient(app).login('wang');
    });
    afterAll(async () => desk?.close());

    it('JSON, CSV and XLSX give the numbers worked out from the seeded rows', async () => {
      await checkReport(() => coordinator, desk, seeded);
    });

    it('refuses bad ranges with the reason, and agents', async () => {
      const cases: [string, number, string][] = [
        ['/reports?from=2026-11-31&to=2026-12-01', 400, 'invalid_from'],
        ['/reports?from=2026-11-01', 400, 'invalid_to'],
        ['/reports?from=2026-11-02&to=2026-11-01', 400, 'range_reversed'],
        ['/reports?from=2020-01-01&to=2026-11-01', 400, 'range_too_long'],
        ['/reports?from=2026-11-01&to=2026-11-30&contract=NOPE', 400, 'unknown_contract'],
        ['/reports?from=2026-11-01&to=2026-11-30&site=not-a-site', 400, 'unknown_site'],
        ['/reports/nothing.csv?from=2026-11-01&to=2026-11-30', 404, 'unknown_table'],
        ['/reports/site.csv?from=2026-11-01&to=2026-11-30&lang=fr', 400, 'invalid_lang'],
      ];
      for (const [path, status, error] of cases) {
        const res = await coordinator.get(path);
        expect(res.status, path).toBe(status);
        expect(await res.json(), path).toMatchObject({ error, message: expect.any(String) });
      }
      const refused = await agent.get('/reports?from=2026-11-01&to=2026-11-30');
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ message: expect.stringContaining('supervisor') });
      expect((await agent.get('/reports/site.csv?from=2026-11-01&to=2026-11-30')).status).toBe(403);
    });
  });
}
