import { useDesk } from '../desk.js';
import { type Section, useRoute } from '../router.js';
import type { Permission } from '../types.js';
import type { TextKey } from '../i18n/zh-CN.js';

/** The after-service pages, in the order of their tabs, with what each needs and is called. */
const PAGES: readonly { readonly section: Section; readonly label: TextKey; readonly needs: Permission | null }[] = [
  { section: 'visits', label: 'navVisits', needs: 'visits.manage' },
  { section: 'inspections', label: 'navInspections', needs: null },
  { section: 'reports', label: 'navReports', needs: 'reports.view' },
  { section: 'satisfaction', label: 'navSatisfaction', needs: 'reports.view' },
];

export const AFTER_SERVICE: readonly Section[] = PAGES.map((p) => p.section);

/** The after-service pages the signed-in account may open. */
export function afterServicePages(can: (permission: Permission) => boolean) {
  return PAGES.filter((p) => p.needs === null || can(p.needs));
}

/** The tabs above an after-service page (return visits, inspections, reports, the satisfaction report). */
export function AfterServiceTabs() {
  const desk = useDesk();
  const { section } = useRoute();
  const pages = afterServicePages((p) => desk.can(p));
  return (
    <nav class="subnav" id="after-service-tabs" aria-label={desk.t('navAfterService')}>
      {pages.map((p) => (
        <a
          key={p.section}
          class="subnav-link"
          href={`#/${p.section}`}
          id={`nav-${p.section}`}
          aria-current={section === p.section ? 'page' : undefined}
        >
          {desk.t(p.label)}
        </a>
      ))}
    </nav>
  );
}
