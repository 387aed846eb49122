import type { Condition, Json } from './schema.js';
import { resolvePath } from './template.js';

function same(a: Json | undefined, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Evaluates a branch condition against the frame's values. */
export function holds(condition: Condition, vars: Readonly<Record<string, Json>>): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, vars));
  if ('any' in condition) return condition.any.some((c) => holds(c, vars));
  if ('not' in condition) return !holds(condition.not, vars);
  const value = resolvePath(vars, condition.slot);
  if ('equals' in condition) return same(value, condition.equals);
  if ('in' in condition) return condition.in.some((v) => same(value, v));
  const present = value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
  return present === condition.exists;
}

/** Every slot path a condition reads. */
export function conditionSlots(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionSlots);
  if ('any' in condition) return condition.any.flatMap(conditionSlots);
  if ('not' in condition) return conditionSlots(condition.not);
  return [condition.slot];
}
