import { scheduleTicketAlerts } from '../app/alerts/schedule.js';
import { TicketService } from '../app/ticket-service.js';
import type { Catalog } from '../catalog/catalog.js';
import type { AlertSettings } from '../config.js';
import type { ChannelName } from '../domain/messages.js';
import type { Store } from '../ports/store.js';

/**
 * The one way tickets are worked (console commands, an engineer's buttons in their chat): every
 * change schedules the ticket's alerts again, and notices to teachers keep their quiet hours.
 */
export function composeTicketService(
  deps: { readonly store: Store; readonly catalog: Catalog; readonly clock: () => Date },
  pushChannels: ReadonlySet<ChannelName>,
  wake: (channel: ChannelName) => void,
  alerts: AlertSettings,
): TicketService {
  return new TicketService(
    deps.store,
    deps.catalog,
    pushChannels,
    deps.clock,
    wake,
    async (r, id, now) => {
      await scheduleTicketAlerts(r, deps.catalog.contracts, alerts, id, now);
    },
    alerts.quietHours,
  );
}
