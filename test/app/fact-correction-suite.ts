import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict, Forbidden, Invalid } from '../../src/app/permissions.js';
import { TicketService, type TicketView } from '../../src/app/ticket-service.js';
import type { Agent } from '../../src/ports/console-store.js';
import { agents, factCorrections, tickets } from '../../src/storage/schema.js';
import type { TestDatabaseKind } from '../support/database.js';
import { type TestDesk, testDesk } from '../support/desk.js';
import { seedTriagedTicket, TRIAGED_SUMMARY } from '../support/triaged-ticket.js';

/** An agent's correction of a ticket's fact, on every database: checked, kept, logged, never re-deciding by itself. */
export function factCorrectionSuite(kind: TestDatabaseKind) {
  describe(`correcting a ticket's facts on ${kind}`, () => {
    let desk: TestDesk;
    let service: TicketService;
    let wang: Agent;
    let chen: Agent;
    let ticketId = '';
    let llmCallId = '';
    let conversationId = '';
    let seen: TicketView;

    const agent = async (username: string, displayName: string, role: Agent['role']): Promise<Agent> => {
      const [row] = await desk.database.db.insert(agents).values({ username, displayName, role, passwordHash: 'x' }).returning();
      return { id: row!.id, username, displayName, role, lang: 'zh-CN', active: true };
    };
    const refusal = async (promise: Promise<unknown>) => promise.then(() => null).catch((error: unknown) => error);

    beforeAll(async () => {
      desk = await testDesk(kind);
      service = new TicketService(
        desk.store,
        desk.catalog,
        new Set(),
        () => desk.now,
        () => undefined,
      );
      wang = await agent('wang', '王客服', 'agent');
      chen = await agent('chen', '陈工', 'engineer');
      ({ ticketId, llmCallId, conversationId } = await seedTriagedTicket(desk.database.db, desk.catalog, desk.now));
      seen = await service.detail(wang, ticketId);
    });
    afterAll(async () => desk?.close());

    it('the detail carries how the facts were found, the LLM call, and no corrections yet', () => {
      expect(seen.triage).toMatchObject({
        summary: TRIAGED_SUMMARY,
        origins: { symptom: { source: 'llm', quote: '屏幕没有任何显示', confidence: 0.92 }, cause: { source: 'teacher' } },
      });
      expect(seen.llmCall).toMatchObject({
        id: llmCallId,
        model: 'qwen-plus',
        outcome: 'ok',
        latencyMs: 842,
        promptTokens: 612,
        completionTokens: 88,
        changed: ['symptom'],
      });
      expect(seen.corrections).toEqual([]);
      // The stored decision is the contract's for these facts: nothing to suggest.
      expect(seen.reassessment).toBeNull();
      expect(seen).toMatchObject({ severity: 'B', warranty: 'in_warranty' });
    });

    it('the queue entry of the conversation carries the summary', async () => {
      const entry = await desk.store.read.console.queue.entry(conversationId);
      expect(entry?.summary).toEqual(TRIAGED_SUMMARY);
    });

    it('an engineer may not correct facts; an unknown fact or a value outside the vocabulary is refused with the reason', async () => {
      const correct = (who: Agent, fact: string, value: unknown) =>
        refusal(service.correctFact(who, ticketId, { fact, value }, seen.updatedAt.toISOString()));
      expect(await correct(chen, 'cause', 'liquid')).toBeInstanceOf(Forbidden);
      expect(await correct(wang, 'colour', 'red')).toMatchObject({ code: 'unknown_fact', message: expect.stringContaining('colour') });
      expect(await correct(wang, 'cause', 'aliens')).toMatchObject({ code: 'invalid_value', message: expect.stringContaining('aliens') });
      expect(await correct(wang, 'usable', 'yes')).toMatchObject({ code: 'invalid_value' });
      expect(await correct(wang, 'symptom', true)).toBeInstanceOf(Invalid);
      // An accessory is named only for an accessory.
      expect(await correct(wang, 'accessory', 'touch_pen')).toMatchObject({
        code: 'invalid_value',
        message: expect.stringContaining('accessory'),
      });
    });

    it('the same value is "unchanged"; a change on a stale view is refused', async () => {
      const same = await refusal(service.correctFact(wang, ticketId, { fact: 'cause', value: 'none_known' }, seen.updatedAt.toISOString()));
      expect(same).toBeInstanceOf(Conflict);
      expect(same).toMatchObject({ code: 'unchanged' });
      expect(
        await refusal(service.correctFact(wang, ticketId, { fact: 'cause', value: 'liquid' }, '2000-01-01T00:00:00.000Z')),
      ).toMatchObject({
        code: 'stale',
      });
      const [row] = await desk.database.db.select().from(tickets).where(eq(tickets.id, ticketId));
      expect(row!.facts.cause).toBe('none_known');
      expect(await desk.database.db.select().from(factCorrections)).toEqual([]);
    });

    it('a correction sets the fact, makes the agent its origin, is kept and logged; severity and warranty stay, the contract says what it would now decide', async () => {
      desk.advance(60_000);
      const after = await service.correctFact(wang, ticketId, { fact: 'cause', value: 'human_damage' }, seen.updatedAt.toISOString());
      expect(after.facts.cause).toBe('human_damage');
      expect(after.triage?.origins.cause).toEqual({ source: 'agent', agentId: wang.id });
      // The other origins, the summary and the LLM call stay.
      expect(after.triage?.origins.symptom).toMatchObject({ source: 'llm', confidence: 0.92 });
      expect(after.triage?.summary).toEqual(TRIAGED_SUMMARY);
      expect(after.llmCall?.id).toBe(llmCallId);
      expect(after.corrections).toEqual([
        expect.objectContaining({
          agentId: wang.id,
          agentName: '王客服',
          fact: 'cause',
          before: 'none_known',
          after: 'human_damage',
          source: 'teacher',
          at: desk.now,
        }),
      ]);
      expect(after.events.at(-1)).toMatchObject({
        kind: 'fact_corrected',
        actor: wang.id,
        actorName: '王客服',
        data: { fact: 'cause', from: 'none_known', to: 'human_damage' },
      });
      expect(after).toMatchObject({ severity: 'B', warranty: 'in_warranty', severityOverridden: false, warrantyOverridden: false });
      expect(after.reassessment).toEqual({ severity: 'B', warranty: 'excluded' });
      expect(after.updatedAt).toEqual(desk.now);
      seen = after;
    });

    it('a yes/no fact is corrected with a boolean; the row keeps where the old value came from; the override applies the suggestion', async () => {
      const after = await service.correctFact(wang, ticketId, { fact: 'majorEvent', value: true }, seen.updatedAt.toISOString());
      expect(after.facts.majorEvent).toBe(true);
      expect(after.corrections.map((c) => [c.fact, c.before, c.after, c.source])).toEqual([
        ['cause', 'none_known', 'human_damage', 'teacher'],
        ['majorEvent', false, true, 'default'],
      ]);
      expect(after.reassessment).not.toBeNull();
      // The agent applies what the contract says with the existing override, and the suggestion goes.
      const suggested = after.reassessment!;
      let view = await service.command(
        wang,
        ticketId,
        { kind: 'override_warranty', to: suggested.warranty, reason: '更正事实后按合同' },
        after.updatedAt.toISOString(),
      );
      if (suggested.severity !== view.severity)
        view = await service.command(
          wang,
          ticketId,
          { kind: 'override_severity', to: suggested.severity, reason: '更正事实后按合同' },
          view.updatedAt.toISOString(),
        );
      expect(view.reassessment).toBeNull();
    });
  });
}
