import type { HeaderReader, Verdict } from '../../ports/channel-module.js';
import type { SessionCheck, SessionLifetime } from './service.js';

/** A session verify let through: which, and when it ends. */
export type SessionVerdict = { readonly ok: true; readonly sessionId: string; readonly endsAt: Date } | Extract<Verdict, { ok: false }>;

export interface Sessions {
  authenticate(sessionId: string, token: string): Promise<SessionCheck>;
  readonly lifetime: SessionLifetime;
}

/**
 * The web chat's verify is the session check: `Authorization: Bearer <token>` (or, where the page
 * cannot set a header — an EventSource, an <img> — the `token` parameter the route passes) must
 * open the session named by the `id` parameter, and the session must not have ended. Read from the
 * headers alone, before the body. 401 `unauthorized` or `session_expired`.
 */
export function webchatVerifier(sessions: Sessions) {
  return async (headers: HeaderReader, _raw: unknown, params: Readonly<Record<string, string>> = {}): Promise<SessionVerdict> => {
    const id = params.id ?? '';
    const header = headers.get('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? params.token;
    if (!token)
      return { ok: false, status: 401, error: 'unauthorized', reason: 'send the session token as "Authorization: Bearer <token>"' };
    const check = await sessions.authenticate(id, token);
    if (check.status === 'expired') {
      const { idleDays, maxDays } = sessions.lifetime;
      return {
        ok: false,
        status: 401,
        error: 'session_expired',
        reason: `this chat session has ended (no messages for ${idleDays} days, or ${maxDays} days since it began); start a new session`,
      };
    }
    if (check.status !== 'ok') return { ok: false, status: 401, error: 'unauthorized', reason: 'unknown session or wrong token' };
    return { ok: true, sessionId: id, endsAt: check.endsAt };
  };
}
