import { Hono } from 'hono';
import { intake } from '../app/intake.js';
import type { ChannelContext, ChannelWebhook, Verdict } from '../ports/channel-module.js';
import { HttpError } from '../web/errors.js';
import { readBody } from '../web/read-body.js';

/** A refused verdict as the error every webhook answers with. */
function refuse(verdict: Verdict): void {
  if (!verdict.ok) throw new HttpError(verdict.status, verdict.error, verdict.reason);
}

/**
 * `POST /webhooks/:channel`, for every channel alike: the channel's verify (a secret token before
 * the body is read; a signature over the body right after reading it, within the channel's
 * limit), then decode, then the events recorded once each; 200 with the counts only once they
 * are committed (if recording fails the error handler answers 503 and the platform delivers
 * again). Nothing touches the database before verify has passed; a body the platform would never
 * send is a 400 naming why.
 */
export function webhookRoutes(webhooks: ReadonlyMap<string, ChannelWebhook>, ctx: ChannelContext): Hono {
  const app = new Hono();
  app.post('/:channel', async (c) => {
    const name = c.req.param('channel');
    const hook = webhooks.get(name);
    if (!hook) throw new HttpError(404, 'not_found', `no channel ${name} is turned on`);
    const headers = c.req.raw.headers;
    if (hook.verifies === 'headers') refuse(hook.verify(headers, ''));
    const raw: Uint8Array = await readBody(c, hook.maxBodyBytes);
    if (hook.verifies === 'body') {
      const verdict = hook.verify(headers, raw);
      if (!verdict.ok) ctx.log.warn({ channel: name, bytes: raw.length, error: verdict.error }, 'webhook refused by its channel’s verify');
      refuse(verdict);
    }
    const decoded = await hook.decode(raw, ctx);
    if (decoded.refused) throw new HttpError(400, decoded.refused, decoded.ignored[0]?.reason ?? 'the body is not one the platform sends');
    const { statuses, counts } = await intake(decoded, ctx, name);
    hook.acknowledge?.(decoded, statuses, ctx);
    return c.json(hook.answer(counts));
  });
  return app;
}
