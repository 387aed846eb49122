// The audit log, the LLM calls and agents' corrections of ticket facts.
import { bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { tickets } from './tickets.js';
import { agents } from './staff.js';

/** Who changed what, for everything that is not a ticket (tickets have their own event log). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => agents.id),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_subject').on(t.subject, t.id)],
);

/** Every call made to the LLM triage (audit): what was asked of which model, how it went, what it changed. */
export const llmCalls = pgTable(
  'llm_calls',
  {
    id: uuid('id').primaryKey(),
    at: ts('at').notNull(),
    // No foreign key: a call is recorded on its own, possibly before the conversation's first turn commits.
    conversationId: uuid('conversation_id'),
    model: text('model').notNull(),
    promptVersion: text('prompt_version').notNull(),
    outcome: text('outcome').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    answer: jsonb('answer').$type<Record<string, unknown>>(),
    error: text('error'),
    changed: jsonb('changed').$type<string[]>().notNull().default([]),
  },
  (t) => [index('llm_calls_at').on(t.at), index('llm_calls_conversation').on(t.conversationId, t.at)],
);

/** An agent's correction of a ticket's fact: the growing evaluation set (npm run triage:export-corrections). */
export const factCorrections = pgTable(
  'fact_corrections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    at: ts('at').notNull(),
    fact: text('fact').notNull(),
    before: jsonb('before').$type<string | boolean | null>(),
    after: jsonb('after').$type<string | boolean>().notNull(),
    source: text('source'),
  },
  (t) => [index('fact_corrections_ticket').on(t.ticketId, t.id), index('fact_corrections_at').on(t.at)],
);
