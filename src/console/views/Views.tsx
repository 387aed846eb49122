import { useEffect } from 'preact/hooks';
import { useDesk } from '../desk.js';
import { replaceRoute, useRoute } from '../router.js';
import { Accounts } from './Accounts.js';
import { Conversations } from './Conversations.js';
import { Queue } from './Queue.js';
import { Ticket } from './Ticket.js';
import { Tickets } from './Tickets.js';

/** The view the URL names; a section the agent's role does not see falls back to their first. */
export function Views() {
  const desk = useDesk();
  const { section, id } = useRoute();
  const conversations = desk.can('conversations.view');
  const known = section === 'tickets' || section === 'accounts' || ((section === 'queue' || section === 'conversations') && conversations);
  useEffect(() => {
    if (!known) replaceRoute(conversations ? 'queue' : 'tickets');
  }, [known, conversations]);
  useEffect(() => window.scrollTo(0, 0), [section, section === 'queue' ? '' : id]);
  if (!known) return null;
  if (section === 'queue') return <Queue id={id} />;
  if (section === 'conversations') return <Conversations id={id} />;
  if (section === 'tickets') return id ? <Ticket key={id} id={id} /> : <Tickets />;
  return <Accounts />;
}
