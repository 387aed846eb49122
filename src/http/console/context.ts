import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AuthService, SignedIn } from '../../auth/auth-service.js';
import { sameSecret } from '../../auth/auth-service.js';
import { HttpError } from '../errors.js';

export const SESSION_COOKIE = 'fixline_session';
export type ConsoleEnv = { Variables: { signedIn: SignedIn } };

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
      if (!token || !sameSecret(token, signedIn.csrfToken)) throw new HttpError(403, 'csrf', 'the request lacks the session\'s CSRF token');
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

export async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  if (!(c.req.header('content-type') ?? '').includes('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'send JSON with Content-Type: application/json');
  }
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError(400, 'invalid_request', `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

export function clientAddress(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  if (forwarded) return forwarded;
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
