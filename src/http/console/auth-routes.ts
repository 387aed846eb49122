import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { permissionsOf } from '../../app/permissions.js';
import type { AuthService } from '../../auth/auth-service.js';
import { ABSOLUTE_MS } from '../../auth/auth-service.js';
import { waitWords } from '../../app/guessing.js';
import { HttpError } from '../../web/errors.js';
import { checkOrigin, clientAddress, type ConsoleEnv, readJson, requireSession, SESSION_COOKIE } from './context.js';

const Login = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(500) });
/** A sign-in is a user name and a password: anything bigger is refused before it is read. */
const MAX_LOGIN_BYTES = 4 * 1024;

export interface AuthRouteOptions {
  /** Proxies in front whose X-Forwarded-For is believed (TRUST_PROXY); 0: none. */
  readonly trustProxy: number;
  /** Set the cookie's Secure flag (served over HTTPS). */
  readonly secureCookies: () => boolean;
  readonly allowedOrigins: () => readonly string[];
}

/** Sign in, sign out, and who am I. */
export function authRoutes(auth: AuthService, options: AuthRouteOptions): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.post('/login', async (c) => {
    checkOrigin(c, options.allowedOrigins());
    const { username, password } = await readJson(c, Login, MAX_LOGIN_BYTES);
    const result = await auth.signIn(username, password, clientAddress(c, options.trustProxy), c.req.header('user-agent') ?? null);
    if (!result.ok) {
      if (result.reason === 'throttled') {
        const { seconds, minutes } = waitWords(result.retryAfterMs);
        const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
        const from = result.scope === 'address' ? 'from your address' : 'for this account from your address';
        c.header('Retry-After', String(seconds));
        throw new HttpError(429, 'too_many_attempts', `too many failed sign-ins ${from}; try again in ${wait}`);
      }
      await new Promise((resolve) => setTimeout(resolve, result.delayMs));
      throw new HttpError(401, 'invalid_credentials', 'wrong user name or password');
    }
    setCookie(c, SESSION_COOKIE, result.sessionId, {
      httpOnly: true,
      sameSite: 'Lax',
      secure:
        options.secureCookies() ||
        new URL(c.req.url).protocol === 'https:' ||
        (options.trustProxy > 0 && c.req.header('x-forwarded-proto') === 'https'),
      path: '/',
      maxAge: Math.floor(ABSOLUTE_MS / 1000),
    });
    return c.json({
      agent: result.agent,
      permissions: permissionsOf(result.agent),
      csrfToken: result.csrfToken,
      expiresAt: result.expiresAt,
    });
  });

  const session = requireSession(auth, options.allowedOrigins);
  app.get('/me', session, (c) => {
    const s = c.get('signedIn');
    return c.json({ agent: s.agent, permissions: permissionsOf(s.agent), csrfToken: s.csrfToken, expiresAt: s.expiresAt });
  });
  app.post('/logout', session, async (c) => {
    await auth.signOut(c.get('signedIn'));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
  return app;
}
