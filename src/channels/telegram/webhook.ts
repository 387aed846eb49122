import { Hono } from 'hono';
import { HttpError } from '../../web/errors.js';
import { readBody } from '../../web/read-body.js';
import { UpdateHead } from './decode.js';
import { secretMatcher } from './secret.js';
import type { UpdateHandler } from './updates.js';

const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';
/** Telegram's updates are a few kB; anything near this is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * POST /webhooks/telegram: the secret header is checked first (before the body is read or the
 * database touched), then the size, the JSON and its shape; every refusal is a 4xx with a reason.
 * 200 only once the update is recorded; if recording fails the error handler answers 503 and
 * Telegram delivers the update again.
 */
export function webhookRoutes(secret: string | undefined, handler: () => UpdateHandler): Hono {
  const matches = secretMatcher(secret);
  const app = new Hono();
  app.post(
    '/',
    async (c, next) => {
      if (!secret) throw new HttpError(403, 'webhook_disabled', 'TELEGRAM_WEBHOOK_SECRET is not set, so this webhook accepts nothing');
      const given = c.req.header(SECRET_HEADER);
      if (given === undefined) throw new HttpError(401, 'missing_secret', `the ${SECRET_HEADER} header is missing`);
      if (!matches(given)) throw new HttpError(403, 'bad_secret', `the ${SECRET_HEADER} header does not match`);
      await next();
    },
    async (c) => {
      const text = (await readBody(c, MAX_BODY_BYTES)).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
      }
      const update = UpdateHead.safeParse(json);
      if (!update.success || Array.isArray(json)) {
        throw new HttpError(400, 'not_an_update', 'the body is not a Telegram Update (a JSON object with a non-negative integer update_id)');
      }
      const result = await handler().handle([update.data]);
      return c.json({ ok: true, ...result });
    },
  );
  return app;
}
