import { Component, type ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useDesk } from '../desk.js';
import { replaceRoute, type Section, useRoute } from '../router.js';
import { AFTER_SERVICE, AfterServiceTabs } from './AfterServiceTabs.js';
import { Accounts } from './Accounts.js';
import { AssetImport } from './AssetImport.js';
import { Asset } from './Asset.js';
import { AssetRegister } from './AssetRegister.js';
import { ASSET_SECTIONS, AssetTabs, assetPages } from './AssetTabs.js';
import { AssetLabels } from './AssetLabels.js';
import { Conversations } from './Conversations.js';
import { Events } from './Events.js';
import { Inspections } from './Inspections.js';
import { Inspection } from './Inspection.js';
import { Queue } from './Queue.js';
import { Reports } from './Reports.js';
import { Roster } from './Roster.js';
import { SatisfactionReport } from './SatisfactionReport.js';
import { Ticket } from './Ticket.js';
import { Tickets } from './Tickets.js';
import { Visits } from './Visits.js';
import { AssetPending } from './AssetPending.js';

/** A view that failed to render says so (the header stays usable) instead of blanking the console. */
class Contained extends Component<{ message: string; children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch(error: unknown): void {
    console.error(error);
    this.setState({ failed: true });
  }
  render() {
    return this.state.failed ? (
      <p class="view-error" role="alert">
        {this.props.message}
      </p>
    ) : (
      this.props.children
    );
  }
}

/** The view the URL names; a section the agent's role does not see falls back to their first. */
export function Views() {
  const desk = useDesk();
  const { section, id } = useRoute();
  const conversations = desk.can('conversations.view');
  const known =
    ['tickets', 'roster', 'events', 'inspections', 'accounts'].includes(section) ||
    (section === 'visits' && desk.can('visits.manage')) ||
    (section === 'asset-pending' && desk.can('assets.manage')) ||
    ((section === 'reports' || section === 'satisfaction') && desk.can('reports.view')) ||
    ((section === 'queue' || section === 'conversations') && conversations) ||
    (section === 'asset' && desk.can('assets.view')) ||
    assetPages(desk.can).some((p) => p.section === section);
  useEffect(() => {
    if (!known) replaceRoute(conversations ? 'queue' : 'tickets');
  }, [known, conversations]);
  useEffect(() => window.scrollTo(0, 0), [section, section === 'queue' ? '' : id]);
  if (!known) return null;
  let view;
  if (section === 'queue') view = <Queue id={id} />;
  else if (section === 'conversations') view = <Conversations id={id} />;
  else if (section === 'tickets') view = id ? <Ticket key={id} id={id} /> : <Tickets />;
  else if (section === 'roster') view = <Roster />;
  else if (section === 'events') view = <Events />;
  else if (section === 'visits') view = <Visits />;
  else if (section === 'inspections') view = id ? <Inspection key={id} id={id} /> : <Inspections />;
  else if (section === 'reports') view = <Reports />;
  else if (section === 'satisfaction') view = <SatisfactionReport />;
  else if (section === 'assets') view = <AssetRegister />;
  else if (section === 'asset') view = <Asset key={id} id={id} />;
  else if (section === 'asset-import') view = <AssetImport />;
  else if (section === 'asset-pending') view = <AssetPending />;
  else if (section === 'asset-labels') view = <AssetLabels />;
  else view = <Accounts />;
  const contained = (
    <Contained
      key={section === 'tickets' || section === 'inspections' || section === 'asset' ? `${section}/${id}` : section}
      message={desk.t('viewFailed')}
    >
      {view}
    </Contained>
  );
  if (ASSET_SECTIONS.includes(section as Section)) {
    return (
      <>
        <AssetTabs />
        {contained}
      </>
    );
  }
  if (!AFTER_SERVICE.includes(section as Section)) return contained;
  return (
    <>
      <AfterServiceTabs />
      {contained}
    </>
  );
}
