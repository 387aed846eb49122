import { Hono } from 'hono';
import pino from 'pino';
import { webhookRoutes } from '../../src/http/webhook-route.js';
import type { ChannelContext, ChannelWebhook } from '../../src/ports/channel-module.js';
import { errorHandler } from '../../src/web/errors.js';

/** The shared webhook route alone (`POST /webhooks/<name>`), behind the real error handler, recording through `receive`. */
export function webhookApp(
  name: string,
  webhook: ChannelWebhook,
  ctx: Pick<ChannelContext, 'receive' | 'flows'> & Partial<ChannelContext>,
): Hono {
  const log = ctx.log ?? pino({ level: 'silent' });
  const app = new Hono();
  app.onError(errorHandler(log));
  app.route('/webhooks', webhookRoutes(new Map([[name, webhook]]), { log, clock: () => new Date('2026-10-12T06:00:00Z'), ...ctx }));
  return app;
}
