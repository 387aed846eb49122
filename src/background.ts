import { reopenerOf } from './app/survey/answer.js';
import type { Logger } from 'pino';
import { startEscalation } from './app/escalation-job.js';
import { startAlerts } from './app/alerts/worker.js';
import { ticketOpened } from './app/alerts/schedule.js';
import { engineerChat } from './app/engineer/presses.js';
import { inspectionChat, staffChats } from './app/inspections/chat.js';
import { composeTicketService } from './compose/tickets.js';
import type { AlertComposers, SiteWorkComposers } from './app/alerts/types.js';
import { type AfterServicePlanner, startPlanner } from './app/after-service/planner.js';
import type { AlertSettings } from './config.js';
import { fetchPendingMedia } from './app/fetch-media.js';
import type { GuessLimits } from './app/guessing.js';
import { OutboxSender, type SenderOptions } from './app/outbox-sender.js';
import type { PhotoQuota } from './domain/photo-quota.js';
import { countReceived } from './app/metrics.js';
import type { BackgroundWork } from './ports/background-work.js';
import type { Counters } from './ports/counters.js';
import type { Store } from './ports/store.js';
import { ConversationProcessor, type ProcessorOptions } from './app/processor.js';
import type { Catalog } from './catalog/catalog.js';
import type { ChannelModule } from './ports/channel-module.js';
import type { ChannelName } from './domain/messages.js';
import type { BlobStore } from './ports/blob-store.js';
import type { FactExtractor } from './triage/extractor.js';
import type { PhotoReader } from './app/actions/context.js';
import { sendableAt } from './domain/quiet-hours.js';
import { slots } from './app/slots.js';

/** How the background work runs (from the settings; see compose/background.ts). */
export interface BackgroundSettings {
  readonly sender: Omit<SenderOptions, 'clock' | 'onResult'>;
  readonly processor: ProcessorOptions;
  /** Turns' transactions at once (each holds a pool connection; the processor may run more turns than that). */
  readonly turnTransactions: number;
  readonly escalationEveryMs: number;
  /** Warnings and pages to staff (ALERT_*), and the teachers' quiet hours (QUIET_HOURS). */
  readonly alerts: AlertSettings;
  /** How often guessing counters whose window has passed are forgotten. */
  readonly pruneAttemptsEveryMs: number;
  readonly photos: PhotoQuota;
  readonly guessLimits: GuessLimits;
}

export interface BackgroundDeps {
  readonly settings: BackgroundSettings;
  readonly log: Logger;
  readonly clock: () => Date;
  readonly store: Store;
  readonly catalog: Catalog;
  /** Turns free text into facts (the rules extractor; the LLM seam). */
  readonly extractor: FactExtractor;
  /** Their transports send and their media fetchers fetch photos; their webhooks are not used here. */
  readonly channels: readonly ChannelModule[];
  readonly blobs: BlobStore;
  readonly counters: Counters;
  /** The alerts worker's composers, by alert kind (compose/alerts.ts). */
  readonly composers: AlertComposers;
  /** Composers of site work (return visits, inspections) and the planners that add it (compose/alerts.ts). */
  readonly siteComposers: SiteWorkComposers;
  readonly planners: Readonly<Record<string, AfterServicePlanner>>;
}

/** The background work of one instance, in this thread: what receiving asks of it, and its start and stop. */
export interface Background extends BackgroundWork {
  start(): void;
  /** Stops sweeping, escalating and sending, after what is under way. */
  stop(): Promise<void>;
}

/**
 * The background work: everything an instance runs besides receiving. The processor schedules a
 * turn over each conversation's recorded events (through its flow), one sender per channel sends
 * the replies, and the escalation job raises overdue tickets. Runs in the thread that receives
 * (PGlite, tests) or in a thread of its own (see background-thread.ts).
 */
export function buildBackground(deps: BackgroundDeps): Background {
  const { settings, log, clock, store, counters } = deps;
  const senders = new Map(
    deps.channels.map((c) => [
      c.name,
      new OutboxSender(store, c.transport, log, {
        ...settings.sender,
        clock,
        onResult: (sent, failed, retried) => {
          counters.inc('fixline_outbox_sent_total', { channel: c.name }, sent);
          counters.inc('fixline_outbox_failed_total', { channel: c.name }, failed);
          counters.inc('fixline_outbox_retries_total', { channel: c.name }, retried);
        },
      }),
    ]),
  );
  const fetchers = Object.fromEntries(deps.channels.flatMap((c) => (c.media ? [[c.name, c.media]] : [])));
  const pushChannels = new Set<ChannelName>(deps.channels.map((c) => c.name));
  const quota = settings.photos;
  // An engineer's buttons are ticket commands like the console's, with the same after-change work.
  const tickets = composeTicketService(deps, pushChannels, (channel) => senders.get(channel)?.wake(), settings.alerts);
  const processor = new ConversationProcessor(
    {
      store,
      catalog: deps.catalog,
      extractor: deps.extractor,
      clock,
      pushChannels,
      guessLimits: settings.guessLimits,
      transactionSlots: slots(settings.turnTransactions),
      ticketOpened: (r, ticketId, now) => ticketOpened(r, deps.catalog, settings.alerts, ticketId, now),
      staffChat: staffChats(
        inspectionChat({
          catalog: deps.catalog,
          ticketOpened: (r, ticketId, now) => ticketOpened(r, deps.catalog, settings.alerts, ticketId, now),
        }),
        engineerChat(deps.catalog, (r, agent, id, command, now) => tickets.commandIn(r, agent, id, command, now)),
      ),
      reopenTicket: reopenerOf(tickets),
      // Photos are read for the extractor only when it sends them to the LLM (LLM_SEND_PHOTOS).
      ...(deps.extractor.takesImages ? { photos: storedPhotos(store, deps.blobs) } : {}),
    },
    log,
    settings.processor,
    {
      fetchMedia: (channel, key) => fetchPendingMedia({ store, blobs: deps.blobs, fetchers, log, quota }, channel, key),
      after: (channel, events) => {
        counters.inc('fixline_inbound_processed_total', { channel }, events);
        senders.get(channel)?.wake();
      },
      received: (channel, accepted, duplicates) => countReceived(counters, channel, accepted, duplicates),
    },
  );
  let stopEscalation: (() => void) | undefined;
  let stopAlerts: (() => Promise<void>) | undefined;
  let stopPlanner: (() => Promise<void>) | undefined;
  const wake = (channel: ChannelName) => senders.get(channel)?.wake();
  let pruning: NodeJS.Timeout | undefined;

  return {
    kick: (channel, conversationKey) => void processor.kick(channel, conversationKey),
    counted: (channel, accepted, duplicates) => processor.counted(channel, accepted, duplicates),
    wake,
    start() {
      processor.start();
      void processor.sweep();
      for (const sender of senders.values()) sender.start();
      stopEscalation ??= startEscalation(store, deps.catalog.contracts, clock, log, settings.escalationEveryMs, settings.alerts);
      stopAlerts ??= startAlerts(
        {
          store,
          catalog: deps.catalog,
          composers: deps.composers,
          siteComposers: deps.siteComposers,
          pushChannels,
          clock,
          log,
          wake,
          teacherSendable: (at) => sendableAt(settings.alerts.quietHours, deps.catalog.desk.desk.timeZone, at),
        },
        settings.alerts.pollMs,
      );
      stopPlanner ??= startPlanner(store, deps.catalog, deps.planners, clock, log, settings.alerts.planEveryMs);
      // Guessing counters whose window has passed are forgotten.
      pruning ??= setInterval(
        () =>
          void store.read.attempts.prune(clock()).catch((error: unknown) => log.warn({ err: error }, 'pruning attempt counters failed')),
        settings.pruneAttemptsEveryMs,
      );
      pruning.unref();
    },
    async stop() {
      stopEscalation?.();
      clearInterval(pruning);
      await stopAlerts?.();
      await stopPlanner?.();
      await processor.stop();
      await Promise.all([...senders.values()].map((s) => s.stop()));
    },
  };
}

/** A stored photo's bytes and type, by its attachment id. */
function storedPhotos(store: Store, blobs: BlobStore): PhotoReader {
  return {
    async read(attachmentId) {
      const found = await store.read.attachments.get(attachmentId);
      const data = found ? await blobs.get(found.storageKey) : null;
      return found && data ? { mime: found.mime, data } : null;
    },
  };
}
