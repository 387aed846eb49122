import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { AgentAdmin } from '../app/agent-admin.js';
import type { EventHub } from '../storage/event-hub.js';
import type { Metrics } from '../app/metrics.js';
import { photoQuota } from '../domain/photo-quota.js';
import type { BackgroundWork } from '../ports/background-work.js';
import { receiveMany } from '../app/receive.js';
import { RosterService } from '../app/roster-service.js';
import { TakeoverService } from '../app/takeover.js';
import { composeTicketService } from './tickets.js';
import { ticketOpened } from '../app/alerts/schedule.js';
import { AuthService } from '../auth/auth-service.js';
import type { ChannelContext } from '../ports/channel-module.js';
import { webchatChannel } from '../channels/webchat/index.js';
import { WebchatService } from '../channels/webchat/service.js';
import { alertSettings, type Config, guessLimits } from '../config.js';
import type { ChannelName } from '../domain/messages.js';
import { buildHttpApp } from '../http/app.js';
import { labelLinkConfig } from '../http/console/asset-label-routes.js';
import { consoleApi as buildConsoleApi } from '../http/console/index.js';
import type { Parts } from './parts.js';

export interface ComposeHttpDeps {
  readonly log: Logger;
  /** What receiving asks of the background work (here or in its thread). */
  readonly background: BackgroundWork;
  readonly hub: EventHub;
  readonly metrics: Metrics;
  /** Whether fixline is ready (/readyz). */
  readonly ready: () => boolean;
}

/** The receiving side: channels' webhooks, web chat, console API, health and /metrics, as one app. */
export interface Http {
  readonly app: Hono;
  /** What the channels are started with (and their webhooks built with). */
  readonly channelContext: ChannelContext;
}

/** Builds the HTTP side of the receiving thread from the settings and the parts. */
export function composeHttp(config: Config, parts: Parts, deps: ComposeHttpDeps): Http {
  const { catalog, store, blobs, clock, channels, database } = parts;
  const { log, background, hub, metrics } = deps;
  const webchat = webchatChannel(
    new WebchatService(store, background, blobs, clock, {
      lifetime: { idleDays: config.WEBCHAT_SESSION_IDLE_DAYS, maxDays: config.WEBCHAT_SESSION_MAX_DAYS },
      photos: photoQuota(config),
      contactDays: config.WEBCHAT_CONTACT_DAYS,
    }),
  );
  const channelContext: ChannelContext = {
    log,
    receive: (messages) => receiveMany(store, background, messages),
    flows: catalog.flowSet,
    clock,
  };
  const webhooks = new Map(channels.map((c) => [c.name, c.webhook]));
  const pushChannels = new Set<ChannelName>(channels.map((c) => c.name));
  const wake = (channel: ChannelName) => background.wake(channel);
  const tickets = composeTicketService({ store, catalog, clock }, pushChannels, wake, alertSettings(config));
  const consoleApi = buildConsoleApi({
    auth: new AuthService(store, clock, guessLimits(config)),
    takeover: new TakeoverService(store, catalog, pushChannels, clock, wake),
    tickets,
    agents: new AgentAdmin(store, clock),
    roster: new RosterService(store, clock),
    hub,
    catalog,
    store,
    blobs,
    clock,
    streamsPerSession: config.CONSOLE_STREAMS_PER_SESSION,
    labelLinks: labelLinkConfig(config, channels.find((c) => c.name === 'telegram')?.accountName),
    ticketOpened: (r, ticketId, now) => ticketOpened(r, catalog, alertSettings(config), ticketId, now),
    options: {
      trustProxy: config.TRUST_PROXY,
      secureCookies: () => config.PUBLIC_URL?.startsWith('https:') ?? false,
      allowedOrigins: () => (config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).origin] : []),
    },
  });
  const app = buildHttpApp({
    log,
    database,
    webchat,
    hub,
    ready: deps.ready,
    trustProxy: config.TRUST_PROXY,
    webhooks,
    channelContext,
    consoleApi,
    metrics,
    metricsToken: config.METRICS_TOKEN,
    webchatStreams: { perSession: config.WEBCHAT_STREAMS_PER_SESSION, perAddress: config.WEBCHAT_STREAMS_PER_ADDRESS },
  });
  return { app, channelContext };
}
