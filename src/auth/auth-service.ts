import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Agent } from '../app/console-ports.js';
import type { Store } from '../app/ports.js';
import { hashPassword, verifyPassword } from './password.js';

export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 8 * 3_600_000;
/** How often a session's last-seen time is written (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/** Failed sign-ins: per account 5 in 15 minutes, per address 30, then a 15-minute block. */
const WINDOW_MS = 15 * 60_000;
const ACCOUNT_LIMIT = 5;
const ADDRESS_LIMIT = 30;
const BLOCK_MS = 15 * 60_000;

export interface SignedIn {
  readonly agent: Agent;
  readonly csrfToken: string;
  readonly idHash: string;
  readonly expiresAt: Date;
}

export type SignInResult =
  | { readonly ok: true; readonly sessionId: string; readonly csrfToken: string; readonly agent: Agent; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'invalid' | 'throttled'; readonly retryAfterMs?: number; readonly delayMs: number };

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');

/** Equal strings, compared in constant time (digests, so lengths do not leak). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * Agents' sign-in: scrypt passwords, opaque session ids (256 bits; only their hash is stored),
 * 30 minutes idle and 8 hours absolute, a CSRF token per session, failed attempts slowed and then
 * blocked per account and per address (in the database, so every instance counts them).
 */
export class AuthService {
  /** A hash to check against when the account does not exist, so timing does not tell. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async signIn(username: string, password: string, address: string, userAgent: string | null): Promise<SignInResult> {
    const now = this.clock();
    const accountKey = `account:${username.trim().toLowerCase()}`;
    const addressKey = `address:${address}`;
    const throttle = this.store.read.console.throttle;
    const blocked = [await throttle.blockedUntil(accountKey, now), await throttle.blockedUntil(addressKey, now)].filter((d): d is Date => d !== null);
    if (blocked.length > 0) {
      const until = Math.max(...blocked.map((d) => d.getTime()));
      return { ok: false, reason: 'throttled', retryAfterMs: until - now.getTime(), delayMs: 0 };
    }

    const agent = await this.store.read.console.agents.byUsername(username.trim());
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const valid = await verifyPassword(password, agent?.passwordHash ?? (await this.dummyHash));
    if (agent && valid && agent.active) {
      const sessionId = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
      await this.store.transaction(async (r) => {
        await r.console.sessions.create({ idHash: hashSessionId(sessionId), agentId: agent.id, csrfToken, now, expiresAt, address, userAgent });
        await r.console.throttle.clear(accountKey);
        await r.console.audit.record({ actorId: agent.id, action: 'signed_in', subject: `agent:${agent.id}`, data: { address }, at: now });
      });
      const { passwordHash: _hash, ...plain } = agent;
      return { ok: true, sessionId, csrfToken, agent: plain, expiresAt };
    }

    const [accountFailures, addressFailures] = await this.store.transaction(async (r) => {
      const a = await r.console.throttle.fail(accountKey, now, WINDOW_MS);
      const b = await r.console.throttle.fail(addressKey, now, WINDOW_MS);
      if (a >= ACCOUNT_LIMIT) await r.console.throttle.block(accountKey, new Date(now.getTime() + BLOCK_MS));
      if (b >= ADDRESS_LIMIT) await r.console.throttle.block(addressKey, new Date(now.getTime() + BLOCK_MS));
      return [a, b];
    });
    // Each failure in a window answers more slowly: guessing gets expensive before the block.
    const delayMs = Math.min(3_000, 250 * 2 ** (Math.max(accountFailures, Math.floor(addressFailures / 5)) - 1));
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
      await r.console.audit.record({ actorId: signedIn.agent.id, action: 'signed_out', subject: `agent:${signedIn.agent.id}`, data: {}, at: now });
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
