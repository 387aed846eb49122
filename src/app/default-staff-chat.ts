import type { Catalog } from '../catalog/catalog.js';
import type { ChannelName } from '../domain/messages.js';
import type { Store } from '../ports/store.js';
import { TicketService } from './ticket-service.js';
import { engineerChat, type StaffChat } from './engineer/presses.js';
import { inspectionChat, staffChats } from './inspections/chat.js';
import type { TicketOpened } from './inspections/ticket.js';

/** An engineer's chat (inspections, then tickets) over a TicketService without after-change work (tests, and turns not given one). */
export function defaultStaffChat(deps: {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly pushChannels: ReadonlySet<ChannelName>;
  readonly clock: () => Date;
  readonly ticketOpened?: TicketOpened | undefined;
}): StaffChat {
  const tickets = new TicketService(deps.store, deps.catalog, deps.pushChannels, deps.clock, () => {});
  return staffChats(
    inspectionChat({ catalog: deps.catalog, ticketOpened: deps.ticketOpened }),
    engineerChat(deps.catalog, (r, agent, id, command, now) => tickets.commandIn(r, agent, id, command, now)),
  );
}
