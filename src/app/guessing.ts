import { createHash } from 'node:crypto';
import type { AttemptRule, AttemptsRepo } from '../ports/attempts.js';

/**
 * Limits on guessing secrets: console passwords and link codes. Each limit lets a number of failed
 * attempts through, then makes each further one wait, 1 minute at first and twice as long each
 * time, at most 15 minutes; the count starts again after a quiet window. The numbers are settings
 * (src/config.ts); these are their defaults.
 */
export interface GuessLimits {
  /** Failed sign-ins one address may make at one account before it waits. */
  readonly signInPerAccountAddress: number;
  /** Failed sign-ins one address may make at any accounts before it waits. */
  readonly signInPerAddress: number;
  /** Failed sign-ins at one account from all addresses before each sign-in there is slowed (never refused). */
  readonly signInSlowPerAccount: number;
  /** Wrong link codes one contact may enter before it waits. */
  readonly linkPerContact: number;
  /** Wrong link codes from one address (web chat) before it waits. */
  readonly linkPerAddress: number;
  /** Wrong link codes from everyone before everyone waits (the code space is shared). */
  readonly linkTotal: number;
}

export const DEFAULT_GUESS_LIMITS: GuessLimits = {
  signInPerAccountAddress: 5,
  signInPerAddress: 30,
  signInSlowPerAccount: 20,
  linkPerContact: 5,
  linkPerAddress: 10,
  linkTotal: 30,
};

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const LINK_WINDOW_MS = 10 * 60_000;
const FIRST_WAIT_MS = 60_000;
const MAX_WAIT_MS = 15 * 60_000;
/** A key that is only counted, never made to wait. */
export const NEVER_WAITS = 1_000_000_000;

/** A name or address as part of a key: kept when plain, otherwise (NUL, broken text, long) its digest. */
export function keyPart(text: string): string {
  return /^[\w.:@-]{1,64}$/.test(text) ? text : `#${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

export function rule(key: string, free: number, windowMs: number): AttemptRule {
  return { key, free, windowMs, firstWaitMs: FIRST_WAIT_MS, maxWaitMs: MAX_WAIT_MS };
}

export type Reservation =
  | { readonly allowed: true; readonly keys: readonly string[]; readonly counts: readonly number[] }
  | { readonly allowed: false; readonly key: string; readonly retryAfterMs: number };

/**
 * Reserves an attempt under several limits, narrowest first: each key is counted and checked in one
 * statement, and a key that refuses gives the attempt back to those before it, so that a refused
 * attempt costs nothing to the wider limits (an attacker waiting at their own address does not use
 * up the budget of everyone behind a shared address, or of everyone). A success refunds `keys`.
 */
export async function reserve(attempts: AttemptsRepo, rules: readonly AttemptRule[], now: Date): Promise<Reservation> {
  const keys: string[] = [];
  const counts: number[] = [];
  for (const r of rules) {
    const verdict = await attempts.take(r, now);
    if (!verdict.allowed) {
      await attempts.refund(keys, now);
      return { allowed: false, key: r.key, retryAfterMs: verdict.retryAfterMs };
    }
    keys.push(r.key);
    counts.push(verdict.count);
  }
  return { allowed: true, keys, counts };
}

/** "try again in 2 minutes" / "in 40 seconds", for a wait. */
export function waitWords(ms: number): { seconds: number; minutes: number } {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return { seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) };
}
