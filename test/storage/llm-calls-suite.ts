import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmCallRecord } from '../../src/domain/triage-record.js';
import type { Store } from '../../src/ports/store.js';
import { drizzleLlmCallLog, drizzleStore } from '../../src/storage/store.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';

const call = (over: Partial<LlmCallRecord> = {}): LlmCallRecord => ({
  id: randomUUID(),
  at: new Date('2026-10-12T06:00:00.000Z'),
  conversationId: null,
  model: 'qwen-plus',
  promptVersion: 'triage-zh-3',
  outcome: 'ok',
  latencyMs: 812,
  promptTokens: 640,
  completionTokens: 95,
  answer: { device: { value: 'projector', confidence: 0.92, quote: '投影仪' }, summary: { 'zh-CN': '投影仪不亮', en: 'Projector dark' } },
  error: null,
  changed: ['device', 'symptom'],
  ...over,
});

/** Every LLM call the desk makes is kept in llm_calls, without the turn that made it waiting for the write. */
export function llmCallsSuite(kind: TestDatabaseKind) {
  describe(`LLM calls kept on ${kind}`, () => {
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let store: Store;
    const warnings: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) });

    beforeAll(async () => {
      database = await testDatabase(kind);
      store = drizzleStore(database);
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('records several calls without waiting; after drain each reads back with every field, a conversation newest first', async () => {
      const calls = drizzleLlmCallLog(database, log);
      const conversationId = randomUUID();
      const first = call({ conversationId });
      const failed = call({
        conversationId,
        at: new Date('2026-10-12T06:05:00.000Z'),
        outcome: 'timeout',
        latencyMs: 10_000,
        promptTokens: null,
        completionTokens: null,
        answer: null,
        error: 'the LLM did not answer within 10000 ms',
        changed: [],
      });
      const elsewhere = call({ conversationId: randomUUID(), at: new Date('2026-10-12T06:10:00.000Z') });
      for (const c of [first, failed, elsewhere]) calls.record(c);
      await calls.drain();

      const read = store.read.console.llmCalls;
      expect(await read.get(first.id)).toEqual(first);
      expect(await read.get(failed.id)).toEqual(failed);
      expect((await read.listByConversation(conversationId, 10)).map((c) => c.id)).toEqual([failed.id, first.id]);
      expect((await read.listByConversation(conversationId, 1)).map((c) => c.id)).toEqual([failed.id]);
      expect(await read.get(randomUUID())).toBeNull();
      expect(await read.get('not-an-id')).toBeNull();
      expect(warnings).toEqual([]);
    });

    it('a call recorded inside an open transaction is written after it commits, without a deadlock', async () => {
      const calls = drizzleLlmCallLog(database, log);
      const inside = call();
      await store.transaction(async (repos) => {
        calls.record(inside); // not awaited, as the extractor does during a turn
        await repos.places.listSites();
      });
      await calls.drain();
      expect(await store.read.console.llmCalls.get(inside.id)).toEqual(inside);
    });

    it('a call that cannot be written is logged as a warning and drain still ends', async () => {
      const calls = drizzleLlmCallLog(database, log);
      const twice = call();
      calls.record(twice);
      await calls.drain();
      calls.record({ ...twice, outcome: 'invalid_answer' }); // the same id: refused by the primary key
      await calls.drain();
      expect(warnings).toEqual([expect.objectContaining({ msg: 'could not keep an LLM call (llm_calls)', llmCallId: twice.id })]);
      expect(await store.read.console.llmCalls.get(twice.id)).toMatchObject({ outcome: 'ok' });
    });
  });
}
