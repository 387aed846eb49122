import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Agent } from '../ports/console-store.js';
import { DEFAULT_GUESS_LIMITS, type GuessLimits, keyPart, NEVER_WAITS, reserve, rule, SIGN_IN_WINDOW_MS } from '../app/guessing.js';
import type { Store } from '../ports/store.js';
import { hashPassword, verifyPassword } from '../app/password.js';

const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 8 * 3_600_000;
/** How often a session's last-seen time is written (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export interface SignedIn {
  readonly agent: Agent;
  readonly csrfToken: string;
  readonly idHash: string;
  readonly expiresAt: Date;
}

export type SignInResult =
  | { readonly ok: true; readonly sessionId: string; readonly csrfToken: string; readonly agent: Agent; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'invalid'; readonly delayMs: number }
  /** Too many failures: from this address at this account, or from this address at all. */
  | { readonly ok: false; readonly reason: 'throttled'; readonly scope: 'account_address' | 'address'; readonly retryAfterMs: number };

const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');

/** Equal strings, compared in constant time (digests, so lengths do not leak). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * Agents' sign-in: scrypt passwords, opaque session ids (256 bits; only their hash is stored),
 * 30 minutes idle and 8 hours absolute, a CSRF token per session.
 *
 * Guessing is limited as OWASP advises, without a lockout a stranger could cause: each attempt is
 * counted before its password is checked (in the database, one statement per limit, so parallel
 * requests and other instances count too) per account and address, then per address; past their
 * limits an address waits, longer after each further failure. An account attacked from many
 * addresses is slowed, never closed: its owner, from their own address, still signs in. A success
 * gives its attempt back and clears its account and address. Sessions are never touched.
 */
export class AuthService {
  /** A hash to check against when the account does not exist, so timing does not tell. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly limits: GuessLimits = DEFAULT_GUESS_LIMITS,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async signIn(username: string, password: string, address: string, userAgent: string | null): Promise<SignInResult> {
    const now = this.clock();
    // Counted per account found (by id), so that spellings the database folds together (case,
    // Unicode variants) share one counter; a name that matches no account is counted as typed.
    const agent = await this.store.read.console.agents.byUsername(username.trim());
    const account = keyPart(agent ? `id:${agent.id}` : `name:${username.trim().toLowerCase()}`);
    const from = keyPart(address);
    const pairKey = `signin:account-address:${from}|${account}`;
    const reservation = await reserve(
      this.store.read.attempts,
      [
        rule(pairKey, this.limits.signInPerAccountAddress, SIGN_IN_WINDOW_MS),
        rule(`signin:address:${from}`, this.limits.signInPerAddress, SIGN_IN_WINDOW_MS),
        rule(`signin:account:${account}`, NEVER_WAITS, SIGN_IN_WINDOW_MS),
      ],
      now,
    );
    if (!reservation.allowed) {
      return {
        ok: false,
        reason: 'throttled',
        scope: reservation.key === pairKey ? 'account_address' : 'address',
        retryAfterMs: reservation.retryAfterMs,
      };
    }
    const [pairCount = 1, , accountCount = 1] = reservation.counts;
    // Many failures at one account from everywhere: every attempt there is slowed, none refused.
    if (accountCount > this.limits.signInSlowPerAccount)
      await this.sleep(Math.min(5_000, 250 * 2 ** (accountCount - this.limits.signInSlowPerAccount - 1)));

    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const valid = await verifyPassword(password, agent?.passwordHash ?? (await this.dummyHash));
    if (agent && valid && agent.active) {
      const sessionId = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
      await this.store.transaction(async (r) => {
        await r.console.sessions.create({
          idHash: hashSessionId(sessionId),
          agentId: agent.id,
          csrfToken,
          now,
          expiresAt,
          address,
          userAgent,
        });
        await r.attempts.clear([pairKey]);
        await r.attempts.refund(reservation.keys.slice(1), now);
        await r.console.audit.record({ actorId: agent.id, action: 'signed_in', subject: `agent:${agent.id}`, data: { address }, at: now });
      });
      const { passwordHash: _hash, ...plain } = agent;
      return { ok: true, sessionId, csrfToken, agent: plain, expiresAt };
    }
    // Each failure at the account from this address answers more slowly, until the waits take over.
    const delayMs = pairCount < this.limits.signInPerAccountAddress ? Math.min(3_000, 250 * 2 ** (pairCount - 1)) : 0;
    return { ok: false, reason: 'invalid', delayMs };
  }

  /** The agent behind a session cookie, or null when it is unknown, ended, idle or expired. */
  async authenticate(sessionId: string | undefined): Promise<SignedIn | null> {
    if (!sessionId || sessionId.length > 100) return null;
    const now = this.clock();
    const idHash = hashSessionId(sessionId);
    const session = await this.store.read.console.sessions.get(idHash);
    if (!session) return null;
    if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() >= IDLE_MS) {
      await this.store.read.console.sessions.end(idHash, now);
      return null;
    }
    const agent = await this.store.read.console.agents.get(session.agentId);
    if (!agent?.active) return null;
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await this.store.read.console.sessions.touch(idHash, now);
    return { agent, csrfToken: session.csrfToken, idHash, expiresAt: session.expiresAt };
  }

  async signOut(signedIn: SignedIn): Promise<void> {
    const now = this.clock();
    await this.store.transaction(async (r) => {
      await r.console.sessions.end(signedIn.idHash, now);
      await r.console.audit.record({
        actorId: signedIn.agent.id,
        action: 'signed_out',
        subject: `agent:${signedIn.agent.id}`,
        data: {},
        at: now,
      });
    });
  }

  /** Whether the session is still on (not signed out, not past its absolute end, agent active). */
  async stillSignedIn(signedIn: SignedIn): Promise<boolean> {
    const session = await this.store.read.console.sessions.get(signedIn.idHash);
    if (!session || session.expiresAt <= this.clock()) return false;
    return (await this.store.read.console.agents.get(session.agentId))?.active ?? false;
  }

  /** Keeps a session alive while its console is open (the live stream calls this). */
  async keepAlive(signedIn: SignedIn): Promise<void> {
    await this.store.read.console.sessions.touch(signedIn.idHash, this.clock());
  }
}
