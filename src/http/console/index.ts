import { Hono } from 'hono';
import type { AgentAdmin } from '../../app/agent-admin.js';
import type { RosterService } from '../../app/roster-service.js';
import type { EventHub } from '../../storage/event-hub.js';
import type { Store } from '../../ports/store.js';
import type { TakeoverService } from '../../app/takeover.js';
import type { TicketService } from '../../app/ticket-service.js';
import type { AuthService } from '../../auth/auth-service.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { BlobStore } from '../../ports/blob-store.js';
import { agentRoutes } from './agent-routes.js';
import { assetRoutes } from './asset-routes.js';
import { AssetRegisterDesk } from '../../app/asset-register/register-desk.js';
import { assetImportRoutes } from './asset-import-routes.js';
import { assetLabelRoutes, type LabelLinkConfig } from './asset-label-routes.js';
import { chatLinkRoutes } from './chat-link-routes.js';
import { StaffChatLinks } from '../../app/engineer/chat-link.js';
import { alertRoutes } from './alert-routes.js';
import { type AuthRouteOptions, authRoutes } from './auth-routes.js';
import { type ConsoleEnv, requireSession } from './context.js';
import { conversationRoutes } from './conversation-routes.js';
import { eventsRoute } from './events-route.js';
import { reportRoutes } from './report-routes.js';
import { rosterRoutes } from './roster-routes.js';
import { inspectionRoutes } from './inspection-routes.js';
import type { TicketOpened } from '../../app/inspections/ticket.js';
import { satisfactionReportRoutes } from './satisfaction-report-routes.js';
import { ticketRoutes } from './ticket-routes.js';
import { visitRoutes } from './visit-routes.js';
import { pendingAssetRoutes } from './pending-asset-routes.js';
import { PendingAssetsDesk } from '../../app/pending-assets.js';
import { VisitsDesk } from '../../app/visits/console.js';

export interface ConsoleApiDeps {
  readonly auth: AuthService;
  readonly takeover: TakeoverService;
  readonly tickets: TicketService;
  readonly agents: AgentAdmin;
  /** The on-duty roster and the declared major events. */
  readonly roster: RosterService;
  readonly hub: EventHub;
  readonly catalog: Catalog;
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly options: AuthRouteOptions;
  readonly clock: () => Date;
  /** What follows the opening of a ticket (a fault found on an inspection): its alerts are scheduled. */
  readonly ticketOpened?: TicketOpened;
  /** Live streams open at once on one agent's session (CONSOLE_STREAMS_PER_SESSION). */
  readonly streamsPerSession?: number;
  /** What QR labels link to: PUBLIC_URL and the chat channels that are on (default: web chat at the request's origin). */
  readonly labelLinks?: LabelLinkConfig;
}

/** The agent console's API, mounted at /api/console: everything but /login needs a session. */
export function consoleApi(deps: ConsoleApiDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.route('/', authRoutes(deps.auth, deps.options));
  const guarded = new Hono<ConsoleEnv>();
  guarded.use(requireSession(deps.auth, deps.options.allowedOrigins));
  // Before any /assets/:id route: "pending" is not an asset's id.
  guarded.route('/', pendingAssetRoutes(new PendingAssetsDesk(deps.store, deps.catalog, deps.clock)));
  guarded.route('/', conversationRoutes(deps.takeover, deps.catalog, deps.store, deps.blobs, deps.clock));
  guarded.route('/', ticketRoutes(deps.tickets, deps.catalog, deps.store, deps.blobs, deps.clock));
  guarded.route('/', agentRoutes(deps.agents));
  guarded.route('/', chatLinkRoutes(new StaffChatLinks(deps.store, deps.clock)));
  guarded.route('/', rosterRoutes(deps.roster));
  guarded.route('/', alertRoutes(deps.store));
  guarded.route('/', inspectionRoutes(deps.store, { catalog: deps.catalog, ticketOpened: deps.ticketOpened }, deps.blobs, deps.clock));
  guarded.route('/', satisfactionReportRoutes(deps.store, deps.catalog.contracts, deps.clock));
  guarded.route('/', visitRoutes(new VisitsDesk(deps.store, deps.catalog), deps.clock));
  guarded.route('/', reportRoutes(deps.store, deps.catalog, deps.clock));
  guarded.route(
    '/',
    assetLabelRoutes(
      deps.store.read.assets.register,
      deps.catalog,
      deps.labelLinks ?? { publicUrl: undefined, telegram: null, line: null },
    ),
  );
  guarded.route('/', assetRoutes(new AssetRegisterDesk(deps.store, deps.catalog), deps.catalog.desk, deps.clock));
  guarded.route('/', assetImportRoutes(deps.store, deps.catalog, deps.clock));
  guarded.route('/', eventsRoute(deps.hub, deps.auth, deps.streamsPerSession));
  app.route('/', guarded);
  return app;
}
