import type { FactKey } from './facts.js';
import type { LocalText } from './i18n.js';

/**
 * How a ticket's facts were found, kept with the ticket (tickets.triage) for the console: per fact
 * where it came from and the words that told it, the handover summary, and the LLM call behind it.
 */

/**
 * Where a fact came from: the teacher (a button or a typed answer to the question), the LLM, the
 * word lists (flows/lexicon), the registered asset, a default the desk assumed when the report was
 * silent (shown to the teacher, who could correct it), an agent's correction in the console, or a
 * major event declared in the console for the report's site and time (`majorEvent`; the quote is its name).
 */
export const FACT_SOURCES = ['teacher', 'llm', 'rules', 'asset', 'default', 'agent', 'event'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

export interface FactProvenance {
  readonly source: FactSource;
  /** The words of the report that told it (LLM or word lists). */
  readonly quote?: string;
  /** The LLM's confidence, 0–1. */
  readonly confidence?: number;
  /** For an agent's correction: who made it. */
  readonly agentId?: string;
}

/** Two lines about a report for the agent who takes it: the LLM's when it wrote one, else a template's. */
export interface ReportSummary {
  readonly source: 'llm' | 'template';
  readonly text: LocalText;
}

export interface TicketTriage {
  /** The text the facts were read from (the teacher's description). */
  readonly text: string;
  readonly origins: Partial<Record<FactKey, FactProvenance>>;
  readonly summary: ReportSummary | null;
  /** The stored LLM call (llm_calls.id) whose answer was used, when there was one. */
  readonly llmCallId?: string;
  /** Facts the LLM and the word lists read differently, and which one was kept. */
  readonly disagreements?: readonly {
    readonly fact: FactKey;
    readonly llm: string | boolean;
    readonly rules: string | boolean;
    readonly confidence: number;
    readonly chosen: 'llm' | 'rules';
  }[];
}

/** One LLM call as stored (llm_calls), for audit. */
export interface LlmCallRecord {
  readonly id: string;
  readonly at: Date;
  readonly conversationId: string | null;
  readonly model: string;
  readonly promptVersion: string;
  /** `ok`, or why its answer was not used (LlmOutcome). */
  readonly outcome: string;
  readonly latencyMs: number;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  /** The parsed answer (when it parsed). */
  readonly answer: Record<string, unknown> | null;
  readonly error: string | null;
  /** Facts whose value the LLM's answer set or changed (against the word lists). */
  readonly changed: readonly FactKey[];
}

/** An agent's correction of one fact of a ticket (fact_corrections). */
export interface FactCorrection {
  readonly id: number;
  readonly ticketId: string;
  readonly agentId: string;
  readonly at: Date;
  readonly fact: FactKey;
  /** The value before (null: none) and after. */
  readonly before: string | boolean | null;
  readonly after: string | boolean;
  /** Where the corrected value had come from. */
  readonly source: FactSource | null;
}
