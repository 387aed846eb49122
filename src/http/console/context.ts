import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { z } from 'zod';
import type { AuthService, SignedIn } from '../../auth/auth-service.js';
import { sameSecret } from '../../auth/auth-service.js';
import { clientAddress } from '../client-address.js';
import { HttpError } from '../../web/errors.js';
import { readJson as readJsonBody } from '../read-json.js';

export const SESSION_COOKIE = 'fixline_session';
export interface ConsoleEnv {
  Variables: { signedIn: SignedIn };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every console API request: a valid session cookie (401 otherwise), and on state-changing
 * requests the session's CSRF token in X-CSRF-Token plus a same-origin Origin header (403).
 */
export function requireSession(auth: AuthService, allowedOrigins: () => readonly string[]): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const signedIn = await auth.authenticate(getCookie(c, SESSION_COOKIE));
    if (!signedIn) throw new HttpError(401, 'unauthorized', 'sign in first (the session is missing, ended or expired)');
    if (UNSAFE.has(c.req.method)) {
      const token = c.req.header('x-csrf-token') ?? '';
      if (!token || !sameSecret(token, signedIn.csrfToken)) throw new HttpError(403, 'csrf', "the request lacks the session's CSRF token");
      checkOrigin(c, allowedOrigins());
    }
    c.set('signedIn', signedIn);
    await next();
  };
}

/** A state-changing request from a browser must come from our own pages. */
export function checkOrigin(c: Context, allowed: readonly string[]): void {
  const origin = c.req.header('origin');
  if (!origin) return; // not a browser request (or a same-origin GET-like one): the token decides
  const own = new URL(c.req.url).origin;
  if (origin !== own && !allowed.includes(origin)) throw new HttpError(403, 'origin', `requests from ${origin} are not accepted`);
}

/** The console's JSON bodies: a reply or a ticket's closing report is a few kB; 256 kB is plenty. */
const MAX_CONSOLE_JSON_BYTES = 256 * 1024;

/** A console request's JSON body (see readJson in ../read-json.ts), at most `maxBytes`. */
export function readJson<T>(c: Context, schema: z.ZodType<T>, maxBytes = MAX_CONSOLE_JSON_BYTES): Promise<T> {
  return readJsonBody(c, schema, maxBytes);
}

export { clientAddress };
