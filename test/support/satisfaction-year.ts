import { randomUUID } from 'node:crypto';
import {
  agents,
  contacts,
  conversations,
  organisations,
  returnVisits,
  sites,
  surveys,
  ticketEvents,
  tickets,
} from '../../src/storage/schema.js';
import type { Db } from '../../src/storage/database.js';

/**
 * A made-up year of answers for the satisfaction report (2026, four new sites over both
 * contracts): solved tickets with their surveys (answered, lapsed, commented, low), slow responses
 * (breaches) and what followed, and two rounds of return visits. Everything is derived from the
 * definitions below, so that a test can compute what the report must say with plain loops.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const YEAR_SITES = [
  { key: 'pine', name: '青松小学', contract: 'GX-EDU' },
  { key: 'birch', name: '白桦中学', contract: 'GX-EDU' },
  { key: 'spruce', name: '云杉文化馆', contract: 'CG-CULTURE' },
  { key: 'maple', name: '枫林剧院', contract: 'CG-CULTURE' },
] as const;
export const YEAR_ENGINEERS = ['赵工', '钱工'] as const;
/** The response allowance of each contract for an in-warranty question (flows/contracts/*.yaml). */
export const RESPONSE_ALLOWANCE: Readonly<Record<string, number>> = { 'GX-EDU': 15 * MIN, 'CG-CULTURE': HOUR };

const SCORES = [5, 4, 5, 3, null, 4, 2, 5, 1, 4, null] as const;

export interface YearTicket {
  readonly i: number;
  readonly number: string;
  readonly site: (typeof YEAR_SITES)[number];
  readonly engineer: string | null;
  readonly reportedAt: Date;
  readonly respondedAt: Date;
  readonly askedAt: Date;
  readonly answeredAt: Date | null;
  readonly expiresAt: Date;
  readonly score: number | null;
  readonly comment: string | null;
  readonly solution: string;
  /** Events written after the answer or the breach: [kind, at]. */
  readonly followUps: readonly { kind: string; at: Date; data: Record<string, unknown> }[];
}

/** 40 tickets every 9 days from 2 January 2026 10:00 Shanghai, and one asked on 31 December 2025 (not in 2026). */
export function yearTickets(): YearTicket[] {
  const list: YearTicket[] = [];
  for (let i = 0; i <= 40; i++) {
    const site = YEAR_SITES[i % YEAR_SITES.length]!;
    const reportedAt = i === 40 ? new Date('2025-12-31T10:00:00Z') : new Date(Date.UTC(2026, 0, 2, 2) + i * 9 * DAY + (i % 3) * HOUR);
    const respondedAt = new Date(reportedAt.getTime() + (i % 7 === 3 ? 90 : 5) * MIN);
    const askedAt = new Date(reportedAt.getTime() + 5 * HOUR);
    const score = SCORES[i % SCORES.length] ?? null;
    const answeredAt = score === null ? null : new Date(askedAt.getTime() + HOUR);
    const followUps: { kind: string; at: Date; data: Record<string, unknown> }[] = [];
    if (respondedAt.getTime() - reportedAt.getTime() > RESPONSE_ALLOWANCE[site.contract]!)
      followUps.push({
        kind: 'status_changed',
        at: respondedAt,
        data: { from: 'registered', to: 'remote_support', note: '电话联系老师，远程指导' },
      });
    if (answeredAt && score !== null && score <= 2) {
      const at = new Date(answeredAt.getTime() + 3 * HOUR);
      followUps.push(
        i % 2 === 0
          ? { kind: 'reopened', at, data: { from: 'closed', to: 'remote_support', reason: '报告人给出低分评价后重新打开了工单' } }
          : { kind: 'dispatched', at, data: { engineer: '赵工', appointmentAt: new Date(at.getTime() + DAY).toISOString() } },
      );
    }
    list.push({
      i,
      number: `SY-2026-${String(i).padStart(4, '0')}`,
      site,
      engineer: i % 3 === 2 ? null : YEAR_ENGINEERS[i % 2]!,
      reportedAt,
      respondedAt,
      askedAt,
      answeredAt,
      expiresAt: new Date(askedAt.getTime() + 7 * DAY),
      score,
      comment: answeredAt && i % 5 === 0 ? `第${i}号的意见：${score !== null && score <= 2 ? '还是不好用' : '修得很快'}` : null,
      solution: `更换部件并测试（${i}）`,
      followUps,
    });
  }
  return list;
}

/** Return visits: two rounds of 2026 for every site (and one of 2025), three contacts each. */
export const VISIT_ROUNDS = ['2025-12-20', '2026-03-20', '2026-09-20'] as const;
export const VISIT_OUTCOMES = [
  [
    { status: 'answered', answer: 'ok', called: false },
    { status: 'answered', answer: 'fault', called: false },
    { status: 'undelivered', answer: null, called: true },
  ],
  [
    { status: 'answered', answer: 'call', called: false },
    { status: 'sent', answer: null, called: true },
    { status: 'sent', answer: null, called: false },
  ],
] as const;
export const visitOutcomes = (round: number) => VISIT_OUTCOMES[round % 2]!;

/** Writes the year into a seeded database. */
export async function seedSatisfactionYear(db: Db): Promise<void> {
  const [org] = await db.insert(organisations).values({ name: '满意度测试单位' }).returning();
  const siteIds = new Map<string, string>();
  for (const s of YEAR_SITES) {
    const [row] = await db.insert(sites).values({ organisationId: org!.id, name: s.name, contractId: s.contract }).returning();
    siteIds.set(s.key, row!.id);
  }
  const engineerIds = new Map<string, string>();
  for (const name of YEAR_ENGINEERS) {
    const [row] = await db
      .insert(agents)
      .values({ username: `year-${randomUUID().slice(0, 8)}`, displayName: name, role: 'engineer', passwordHash: 'not-used' })
      .returning();
    engineerIds.set(name, row!.id);
  }
  const [reporter] = await db.insert(contacts).values({ name: '孙老师' }).returning();
  const [conversation] = await db
    .insert(conversations)
    .values({
      channel: 'webchat',
      externalKey: `year-${randomUUID()}`,
      contactId: reporter!.id,
      state: {},
      lastMessageAt: new Date('2026-01-01T00:00:00Z'),
    })
    .returning();
  for (const t of yearTickets()) {
    const resolvedAt = new Date(t.reportedAt.getTime() + 2 * HOUR);
    const [ticket] = await db
      .insert(tickets)
      .values({
        number: t.number,
        reporterId: reporter!.id,
        conversationId: conversation!.id,
        siteId: siteIds.get(t.site.key)!,
        contractId: t.site.contract,
        description: '投影仪怎么切换信号源？',
        facts: { symptom: 'question' },
        severity: 'C',
        severitySince: t.reportedAt,
        warranty: 'in_warranty',
        billable: false,
        reasons: [],
        status: 'closed',
        reportedAt: t.reportedAt,
        responseDueAt: new Date(t.reportedAt.getTime() + RESPONSE_ALLOWANCE[t.site.contract]!),
        respondedAt: t.respondedAt,
        resolvedAt,
        closedAt: new Date(resolvedAt.getTime() + 30 * MIN),
        engineerId: t.engineer ? engineerIds.get(t.engineer)! : null,
        engineerName: t.engineer,
        report: { problemType: '使用咨询', cause: '操作不熟悉', solution: t.solution, lossAssessment: '无' },
      })
      .returning();
    const id = ticket!.id;
    await db
      .insert(ticketEvents)
      .values([
        { ticketId: id, at: t.reportedAt, kind: 'created', actor: 'bot', data: {} },
        ...t.followUps.map((f) => ({ ticketId: id, at: f.at, kind: f.kind, actor: 'system', data: f.data })),
      ]);
    await db.insert(surveys).values({
      ticketId: id,
      conversationId: conversation!.id,
      engineerId: t.engineer ? engineerIds.get(t.engineer)! : null,
      askedAt: t.askedAt,
      expiresAt: t.expiresAt,
      score: t.score,
      comment: t.comment,
      answeredAt: t.answeredAt,
    });
  }
  for (const [round, roundOn] of VISIT_ROUNDS.entries()) {
    for (const s of YEAR_SITES) {
      for (const outcome of visitOutcomes(round)) {
        const [contact] = await db.insert(contacts).values({ name: '回访老师' }).returning();
        const sentAt = new Date(`${roundOn}T02:00:00Z`);
        await db.insert(returnVisits).values({
          siteId: siteIds.get(s.key)!,
          contractId: s.contract,
          roundOn,
          contactId: contact!.id,
          status: outcome.status,
          sentAt,
          answer: outcome.answer,
          answeredAt: outcome.answer ? new Date(sentAt.getTime() + HOUR) : null,
          calledAt: outcome.called ? new Date(sentAt.getTime() + 2 * DAY) : null,
        });
      }
    }
  }
}
