import type { z } from 'zod';
import { Accessory, Cause, Device, FACT_KEYS, type FactKey, Scope, Symptom } from './facts.js';
import type { FactSource, TicketTriage } from './triage-record.js';

/** A fact's value as stored in tickets.facts: a code of its vocabulary, or yes/no. */
export type FactValue = string | boolean;

const VOCABULARY: Readonly<Record<FactKey, z.ZodType<FactValue> | 'boolean'>> = {
  device: Device,
  accessory: Accessory,
  symptom: Symptom,
  cause: Cause,
  scope: Scope,
  usable: 'boolean',
  majorEvent: 'boolean',
};

export function isFactKey(value: string): value is FactKey {
  return (FACT_KEYS as readonly string[]).includes(value);
}

export type CheckedCorrection =
  | { readonly ok: true; readonly fact: FactKey; readonly value: FactValue }
  | { readonly ok: false; readonly error: 'unknown_fact' | 'invalid_value'; readonly message: string };

/**
 * Whether an agent's value for a fact is one the facts' vocabulary has (facts.ts): a code of the
 * fact's list, yes or no for `usable` and `majorEvent`; an accessory only when the device is one.
 */
export function checkCorrection(fact: string, value: unknown, facts: Readonly<Record<string, unknown>>): CheckedCorrection {
  if (!isFactKey(fact)) return { ok: false, error: 'unknown_fact', message: `there is no fact "${fact}" (${FACT_KEYS.join(', ')})` };
  const vocabulary = VOCABULARY[fact];
  if (vocabulary === 'boolean') {
    if (typeof value !== 'boolean') return { ok: false, error: 'invalid_value', message: `${fact} is true or false` };
    return { ok: true, fact, value };
  }
  const parsed = vocabulary.safeParse(value);
  if (!parsed.success) return { ok: false, error: 'invalid_value', message: `"${String(value)}" is not a value of ${fact}` };
  if (fact === 'accessory' && facts.device !== 'accessory')
    return { ok: false, error: 'invalid_value', message: 'an accessory is named only when the device is an accessory' };
  return { ok: true, fact, value: parsed.data };
}

/** A stored fact value (null: none, or something outside the vocabulary's types). */
export function storedFact(facts: Readonly<Record<string, unknown>>, fact: FactKey): FactValue | null {
  const value = facts[fact];
  return typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

/**
 * The ticket's triage record after an agent set a fact: the fact's origin becomes the agent (a
 * ticket without a record gets one, read from its description).
 */
export function correctedTriage(triage: TicketTriage | null, description: string, fact: FactKey, agentId: string): TicketTriage {
  const base: TicketTriage = triage ?? { text: description, origins: {}, summary: null };
  return { ...base, origins: { ...base.origins, [fact]: { source: 'agent', agentId } } };
}

/** Where the value an agent corrects had come from (null: the record does not say). */
export function previousSource(triage: TicketTriage | null, fact: FactKey): FactSource | null {
  return triage?.origins[fact]?.source ?? null;
}
