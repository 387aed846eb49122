import { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfactionReport } from '../../src/app/satisfaction-report/analysis.js';
import { hashPassword } from '../../src/app/password.js';
import { AuthService } from '../../src/auth/auth-service.js';
import { authRoutes } from '../../src/http/console/auth-routes.js';
import { type ConsoleEnv, requireSession } from '../../src/http/console/context.js';
import { satisfactionReportRoutes } from '../../src/http/console/satisfaction-report-routes.js';
import type { Role } from '../../src/ports/console-store.js';
import { errorHandler } from '../../src/web/errors.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import {
  RESPONSE_ALLOWANCE,
  seedSatisfactionYear,
  VISIT_ROUNDS,
  visitOutcomes,
  YEAR_SITES,
  type YearTicket,
  yearTickets,
} from '../support/satisfaction-year.js';

const BASE = 'http://console.test';
/** Shanghai is UTC+8 all year. */
const SHANGHAI = 8 * 3_600_000;
const local = (d: Date) => new Date(d.getTime() + SHANGHAI);
const NOW = new Date('2027-01-15T02:00:00Z');

/** What the report must say about these tickets, worked out with plain loops over the seed's definitions. */
function expected(all: readonly YearTicket[], contract: string, half: 1 | 2 | null) {
  const months = half === 1 ? [0, 1, 2, 3, 4, 5] : half === 2 ? [6, 7, 8, 9, 10, 11] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const inHalf = (d: Date) => local(d).getUTCFullYear() === 2026 && months.includes(local(d).getUTCMonth());
  const mine = all.filter((t) => t.site.contract === contract);
  const asked = mine.filter((t) => inHalf(t.askedAt));
  const stats = (list: readonly YearTicket[]) => {
    let answered = 0;
    let sum = 0;
    const distribution = [0, 0, 0, 0, 0];
    for (const t of list) {
      if (t.score === null) continue;
      answered++;
      sum += t.score;
      distribution[t.score - 1]!++;
    }
    return {
      asked: list.length,
      answered,
      expired: list.length - answered,
      mean: answered ? sum / answered : null,
      distribution,
      satisfied: answered ? (distribution[3]! + distribution[4]!) / answered : null,
    };
  };
  const quarters: Record<number, YearTicket[]> = {};
  for (const t of asked) (quarters[Math.floor(local(t.askedAt).getUTCMonth() / 3) + 1] ??= []).push(t);
  const breaches: { number: string; dueAt: string; actions: string[] }[] = [];
  for (const t of mine) {
    const due = new Date(t.reportedAt.getTime() + RESPONSE_ALLOWANCE[contract]!);
    if (t.respondedAt.getTime() > due.getTime() && inHalf(due))
      breaches.push({ number: t.number, dueAt: due.toISOString(), actions: t.followUps.filter((f) => f.at >= due).map((f) => f.kind) });
  }
  const visits = { written: 0, answered: 0, undelivered: 0, ok: 0, fault: 0, call: 0, called: 0 };
  for (const [round, roundOn] of VISIT_ROUNDS.entries()) {
    if (!roundOn.startsWith('2026-') || !months.includes(Number(roundOn.slice(5, 7)) - 1)) continue;
    for (const _site of YEAR_SITES.filter((s) => s.contract === contract))
      for (const o of visitOutcomes(round)) {
        visits.written++;
        if (o.status === 'answered') visits.answered++;
        if (o.status === 'undelivered') visits.undelivered++;
        if (o.answer) visits[o.answer]++;
        if (o.called) visits.called++;
      }
  }
  return {
    overall: stats(asked),
    quarters: Object.fromEntries(Object.entries(quarters).map(([q, list]) => [q, stats(list)])),
    sites: Object.fromEntries(
      YEAR_SITES.filter((s) => s.contract === contract).map((s) => [s.name, stats(asked.filter((t) => t.site === s))]),
    ),
    engineers: Object.fromEntries(
      [...new Set(asked.map((t) => t.engineer))].map((e) => [e ?? '-', stats(asked.filter((t) => t.engineer === e))]),
    ),
    comments: asked.filter((t) => t.comment).map((t) => [t.number, t.score, t.comment]),
    low: asked.filter((t) => t.score !== null && t.score <= 2).map((t) => [t.number, t.followUps.some((f) => f.kind === 'reopened')]),
    breaches: breaches.sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
    visits,
  };
}

/**
 * The yearly satisfaction analysis and the half-year feedback summary (issue 15 item 5) through the
 * console API, on a made-up year over both contracts: every figure compared with one worked out
 * independently from the seed's definitions; bad requests refused with the reason; engineers refused.
 */
export function satisfactionReportSuite(kind: TestDatabaseKind) {
  describe(`the satisfaction report on ${kind}`, () => {
    let desk: TestDesk;
    let app: Hono;
    const cookies: Record<string, string> = {};
    const all = yearTickets();

    const login = async (username: string, displayName: string, role: Role) => {
      const passwordHash = await hashPassword(`${username}-password-1`);
      await desk.store.transaction((r) => r.console.agents.create({ username, displayName, role, lang: 'zh-CN', passwordHash }));
      const res = await app.request(`${BASE}/api/console/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE },
        body: JSON.stringify({ username, password: `${username}-password-1` }),
      });
      expect(res.status).toBe(200);
      cookies[username] = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    };
    const get = (username: string, query: string) =>
      app.request(`${BASE}/api/console/reports/satisfaction?${query}`, { headers: { cookie: cookies[username]! } });
    const report = async (query: string) => {
      const res = await get('lin', query);
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as SatisfactionReport;
    };

    beforeAll(async () => {
      desk = await testDesk(kind, { now: NOW });
      await seedSatisfactionYear(desk.database.db);
      const clock = () => desk.now;
      const auth = new AuthService(desk.store, clock);
      const options = { trustProxy: 0, secureCookies: () => false, allowedOrigins: () => [] };
      const guarded = new Hono<ConsoleEnv>();
      guarded.use(requireSession(auth, options.allowedOrigins));
      guarded.route('/', satisfactionReportRoutes(desk.store, desk.catalog.contracts, clock));
      const api = new Hono<ConsoleEnv>();
      api.route('/', authRoutes(auth, options));
      api.route('/', guarded);
      app = new Hono();
      app.onError(errorHandler(pino({ level: 'silent' })));
      app.route('/api/console', api);
      await login('lin', '林协调', 'coordinator');
      await login('chen', '陈工', 'engineer');
    });
    afterAll(async () => desk?.close());

    const check = (r: SatisfactionReport, want: ReturnType<typeof expected>) => {
      const pick = (s: SatisfactionReport['overall']) => ({
        asked: s.asked,
        answered: s.answered,
        expired: s.expired,
        mean: s.mean,
        distribution: s.distribution,
        satisfied: s.satisfied,
      });
      expect(pick(r.overall)).toEqual(want.overall);
      expect(r.overall.responseRate).toBe(want.overall.answered / want.overall.asked);
      expect(Object.fromEntries(r.byQuarter.filter((q) => q.stats.asked).map((q) => [String(q.quarter), pick(q.stats)]))).toEqual(
        want.quarters,
      );
      const mySites = new Set(Object.keys(want.sites));
      expect(Object.fromEntries(r.bySite.filter((s) => mySites.has(s.site ?? '')).map((s) => [s.site, pick(s.stats)]))).toEqual(want.sites);
      // The demo sites of the contract are listed too, with nothing asked.
      expect(r.bySite.filter((s) => !mySites.has(s.site ?? '')).every((s) => s.stats.asked === 0)).toBe(true);
      expect(Object.fromEntries(r.byEngineer.map((e) => [e.engineer ?? '-', pick(e.stats)]))).toEqual(want.engineers);
      expect(r.comments.map((c) => [c.ticketNumber, c.score, c.comment])).toEqual(want.comments);
      expect(r.lowScores.map((l) => [l.ticketNumber, l.reopened])).toEqual(want.low);
      expect(r.breaches.map((b) => ({ number: b.ticketNumber, dueAt: b.dueAt, actions: b.actions.map((a) => a.kind) }))).toEqual(
        want.breaches,
      );
      expect(r.breaches.every((b) => b.clock === 'response' && b.solution?.startsWith('更换部件并测试'))).toBe(true);
      const t = r.feedback.total;
      expect({
        written: t.written,
        answered: t.answered,
        undelivered: t.undelivered,
        ok: t.answers.ok,
        fault: t.answers.fault,
        call: t.answers.call,
        called: t.called,
      }).toEqual(want.visits);
    };

    it('the yearly analysis of each contract gives the figures the stored answers make', async () => {
      for (const contract of ['GX-EDU', 'CG-CULTURE']) {
        const r = await report(`contract=${contract}&year=2026`);
        expect(r.contract.id).toBe(contract);
        expect([r.from, r.to]).toEqual(['2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
        expect(r.byQuarter.map((q) => q.quarter)).toEqual([1, 2, 3, 4]);
        check(r, expected(all, contract, null));
      }
      const cg = await report('contract=CG-CULTURE&year=2026');
      expect(cg.clause).toBe('4.5.4');
      expect(cg.overall.asked).toBeGreaterThan(5);
      expect(cg.lowScores.length).toBeGreaterThan(0);
      expect(cg.breaches.length).toBeGreaterThan(0);
      expect(cg.comments.length).toBeGreaterThan(0);
    });

    it('the half-year summaries split the year in the contract zone', async () => {
      for (const contract of ['GX-EDU', 'CG-CULTURE'])
        for (const half of [1, 2] as const) {
          const r = await report(`contract=${contract}&year=2026&half=${half}`);
          expect(r.half).toBe(half);
          expect(r.byQuarter.map((q) => q.quarter)).toEqual(half === 1 ? [1, 2] : [3, 4]);
          check(r, expected(all, contract, half));
        }
      const h1 = await report('contract=CG-CULTURE&year=2026&half=1');
      expect(h1.feedback.rounds.map((r) => r.roundOn)).toEqual(['2026-03-20']);
    });

    it('refuses an unknown contract, a bad or future year and a bad half, with the reason', async () => {
      for (const [query, code] of [
        ['contract=NOPE&year=2026', 'unknown_contract'],
        ['year=2026', 'unknown_contract'],
        ['contract=GX-EDU&year=26', 'bad_year'],
        ['contract=GX-EDU&year=2031', 'bad_year'],
        ['contract=GX-EDU&year=2026&half=3', 'bad_half'],
      ]) {
        const res = await get('lin', query!);
        expect(res.status).toBe(400);
        const body = (await res.json()) as { error: string; message: string };
        expect(body.error).toBe(code);
        expect(body.message.length).toBeGreaterThan(10);
      }
    });

    it('an engineer may not see the report', async () => {
      const res = await get('chen', 'contract=GX-EDU&year=2026');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toContain('reports');
    });
  });
}
