import type { LlmCallRecord } from '../domain/triage-record.js';

/**
 * Where the LLM triage's calls are kept for audit (llm_calls). `record` does not wait: a call is
 * written on its own, outside whatever transaction a turn holds, and a failure to write is logged,
 * never the teacher's problem. `drain` waits for the writes under way (shutdown, tests).
 */
export interface LlmCallLog {
  record(call: LlmCallRecord): void;
  drain(): Promise<void>;
}

/** The stored LLM calls as the console reads them (llm_calls). */
export interface LlmCallsRepo {
  get(id: string): Promise<LlmCallRecord | null>;
  /** A conversation's calls, newest first. */
  listByConversation(conversationId: string, limit: number): Promise<LlmCallRecord[]>;
}
