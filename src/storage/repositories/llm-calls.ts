import { desc, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { LlmCallRecord } from '../../domain/triage-record.js';
import type { FactKey } from '../../domain/facts.js';
import type { LlmCallLog, LlmCallsRepo } from '../../ports/llm-calls.js';
import type { Db } from '../database.js';
import { llmCalls } from '../schema.js';
import { isUuid } from './places.js';

/**
 * Keeps every LLM call in llm_calls. Each `record` is an INSERT of its own on the database itself,
 * never on the transaction a turn may hold: the caller does not wait for it (on PGlite, with one
 * connection, the insert queues behind the turn's transaction and runs once it ends). A failed
 * write is logged as a warning and forgotten; `drain` waits for the writes under way.
 */
export class DrizzleLlmCallLog implements LlmCallLog {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  record(call: LlmCallRecord): void {
    const write = this.insert(call).catch((error: unknown) => {
      this.log.warn({ err: error, llmCallId: call.id, outcome: call.outcome }, 'could not keep an LLM call (llm_calls)');
    });
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  async drain(): Promise<void> {
    // Calls recorded while draining are waited for too.
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async insert(call: LlmCallRecord): Promise<void> {
    await this.db.insert(llmCalls).values({
      id: call.id,
      at: call.at,
      // Only the desk's conversations (uuids) are linked; any other key is not one of them.
      conversationId: call.conversationId !== null && isUuid(call.conversationId) ? call.conversationId : null,
      model: call.model,
      promptVersion: call.promptVersion,
      outcome: call.outcome,
      latencyMs: Math.round(call.latencyMs),
      promptTokens: call.promptTokens,
      completionTokens: call.completionTokens,
      answer: call.answer,
      error: call.error,
      changed: [...call.changed],
    });
  }
}

/** The stored calls, for the console. */
export class DrizzleLlmCalls implements LlmCallsRepo {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<LlmCallRecord | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.select().from(llmCalls).where(eq(llmCalls.id, id)).limit(1);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async listByConversation(conversationId: string, limit: number): Promise<LlmCallRecord[]> {
    if (!isUuid(conversationId)) return [];
    const rows = await this.db
      .select()
      .from(llmCalls)
      .where(eq(llmCalls.conversationId, conversationId))
      .orderBy(desc(llmCalls.at), desc(llmCalls.id))
      .limit(limit);
    return rows.map(toRecord);
  }
}

function toRecord(row: typeof llmCalls.$inferSelect): LlmCallRecord {
  return { ...row, changed: row.changed as FactKey[] };
}
