import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import type { EventHub } from '../storage/event-hub.js';
import type { Metrics } from '../app/metrics.js';
import { sameSecret } from '../auth/auth-service.js';
import type { WebchatChannel } from '../channels/webchat/index.js';
import type { ChannelContext, ChannelWebhook } from '../ports/channel-module.js';
import type { Database } from '../storage/database.js';
import { pageRoutes } from './pages.js';
import type { ConsoleEnv } from './console/context.js';
import { errorHandler, HttpError } from '../web/errors.js';
import { webchatRoutes } from './webchat-routes.js';
import { webhookRoutes } from './webhook-route.js';

const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
];

export interface HttpDeps {
  readonly log: Logger;
  readonly database: Database;
  readonly webchat: WebchatChannel;
  readonly hub: EventHub;
  /** False while starting and while shutting down: /readyz answers 503. */
  readonly ready: () => boolean;
  /** Proxies in front whose X-Forwarded-For entries are believed (TRUST_PROXY); 0: none. */
  readonly trustProxy: number;
  /** The platforms' webhooks by channel name, served at POST /webhooks/<name>, and what they record with. */
  readonly webhooks: ReadonlyMap<string, ChannelWebhook>;
  readonly channelContext: ChannelContext;
  /** The agent console's API. */
  readonly consoleApi: Hono<ConsoleEnv>;
  readonly metrics: Metrics;
  /** Web chat live streams open at once per session and per client address. */
  readonly webchatStreams?: { readonly perSession: number; readonly perAddress: number };
  /** The bearer token that opens /metrics (METRICS_TOKEN); without one /metrics is off. */
  readonly metricsToken?: string | undefined;
  /** Where the built pages are (dist-web/ unless a test says otherwise). */
  readonly webDistDir?: string;
}

/** The HTTP surface: health, the web chat page and its API. The only place errors become statuses. */
export function buildHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin', xFrameOptions: false }));
  // Our pages load only their own scripts and styles. The web chat may be embedded in a school's
  // site; everything else (the console above all) must never be framed.
  app.use(async (c, next) => {
    await next();
    const embeddable = c.req.path === '/chat' || c.req.path.startsWith('/chat/');
    c.res.headers.set('Content-Security-Policy', [...CSP, `frame-ancestors ${embeddable ? '*' : "'none'"}`].join('; '));
    if (!embeddable) c.res.headers.set('X-Frame-Options', 'DENY');
  });
  app.onError(errorHandler(deps.log));
  app.notFound((c) => c.json({ error: 'not_found', message: `nothing at ${c.req.method} ${c.req.path}` }, 404));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', (c) => {
    if (!deps.metricsToken)
      throw new HttpError(404, 'not_found', 'metrics are off: set METRICS_TOKEN and send it as "Authorization: Bearer <token>"');
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token || !sameSecret(token, deps.metricsToken)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new HttpError(401, 'unauthorized', 'send METRICS_TOKEN as "Authorization: Bearer <token>"');
    }
    return c.text(deps.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  app.get('/readyz', async (c) => {
    const ok = deps.ready() && (await deps.database.ping());
    return c.json({ status: ok ? 'ready' : 'not_ready', database: deps.database.kind }, ok ? 200 : 503);
  });
  app.get('/', (c) => c.redirect('/chat'));
  app.route('/', pageRoutes(deps.webDistDir));
  app.route('/api/console', deps.consoleApi);
  const commands = deps.channelContext.flows.commands;
  app.route(
    '/api/webchat',
    webchatRoutes(deps.webchat, deps.hub, {
      trustProxy: deps.trustProxy,
      commands,
      ...(deps.webchatStreams ? { streams: deps.webchatStreams } : {}),
    }),
  );
  app.route('/webhooks', webhookRoutes(deps.webhooks, deps.channelContext));
  app.all('/api/*', () => {
    throw new HttpError(404, 'not_found', 'no such API endpoint');
  });
  return app;
}
