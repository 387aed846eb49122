import type { Catalog } from '../../catalog/catalog.js';
import type { Lang } from '../../domain/i18n.js';
import { digestMoment, digestMonth, warrantyDigest } from '../../domain/warranty-digest.js';
import type { Repos } from '../../ports/store.js';
import type { AfterServicePlanner } from '../after-service/planner.js';
import type { SiteWorkComposer } from '../alerts/types.js';
import { say } from '../visits/compose.js';

/** The site work key of a month's digest: one row per month, whichever instance plans it. */
export const digestKey = (monthKey: string): string => `warranty_digest:${monthKey}`;

/** The register's expiry list in the console (its filter: warranty ending within 90 days). */
export const EXPIRY_LIST_PATH = '/console#/assets?warrantyWithin=90';

/**
 * The warranty expiry digest planner (issue 16): the month's digest, due its first working day at
 * 09:00 in the desk's zone; unique by key, so planning again (or on another instance) adds nothing.
 */
export const planWarrantyDigest: AfterServicePlanner = async (r: Repos, catalog: Catalog, now: Date) => {
  const zone = catalog.desk.desk.timeZone;
  const month = digestMonth(now, zone);
  await r.alerts.addSiteWork({
    key: digestKey(month.key),
    kind: 'warranty_digest',
    at: digestMoment(month, zone),
    data: { month: month.key },
  });
};

/**
 * The digest sent to every active coordinator's chat: per school, how many assets' warranties end
 * within 30, 60 and 90 days, and where the list is (a link when PUBLIC_URL is set). Nothing
 * ending within 90 days: nothing is sent.
 */
export function warrantyDigestComposer(publicUrl?: string): SiteWorkComposer {
  return async (alert, { repos, catalog, now }) => {
    const lines = warrantyDigest(await repos.assets.expiry.active(), catalog.contracts, now);
    if (lines.length === 0) return { cancel: 'no warranty ends within 90 days' };
    const month = typeof alert.data.month === 'string' ? alert.data.month : digestMonth(now, catalog.desk.desk.timeZone).key;
    const url = publicUrl ? `${publicUrl.replace(/\/+$/, '')}${EXPIRY_LIST_PATH}` : null;
    const text = (lang: Lang) =>
      [
        say(catalog, 'warranty_digest_header', lang, { month }),
        ...lines.map((l) =>
          say(catalog, 'warranty_digest_line', lang, { site: l.siteName, d30: l.within[30], d60: l.within[60], d90: l.within[90] }),
        ),
        url ? say(catalog, 'warranty_digest_link', lang, { url }) : say(catalog, 'warranty_digest_where', lang),
      ].join('\n');
    const coordinators = (await repos.staff.coordinators()).filter((a) => a.active);
    return { send: coordinators.map((agent) => ({ agent, reply: (lang: Lang) => ({ text: text(lang) }) })), summary: text };
  };
}
