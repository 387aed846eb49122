import { useDesk } from '../desk.js';
import { type Section, useRoute } from '../router.js';
import type { Permission } from '../types.js';
import type { TextKey } from '../i18n/zh-CN.js';

/** The asset pages, in the order of their tabs, with what each needs and is called. */
const PAGES: readonly { readonly section: Section; readonly label: TextKey; readonly needs: Permission | null; readonly id: string }[] = [
  { section: 'asset-labels', label: 'navAssetLabels', needs: 'assets.view', id: 'nav-asset-labels' },
];

export const ASSET_PAGES: readonly Section[] = PAGES.map((p) => p.section);

/** The tabs above an asset page (register, import, labels, pending devices). */
export function AssetTabs() {
  const desk = useDesk();
  const { section } = useRoute();
  const pages = PAGES.filter((p) => p.needs === null || desk.can(p.needs));
  return (
    <nav class="subnav" id="asset-tabs" aria-label={desk.t('labelsTitle')}>
      {pages.map((p) => (
        <a key={p.section} class="subnav-link" href={`#/${p.section}`} id={p.id} aria-current={section === p.section ? 'page' : undefined}>
          {desk.t(p.label)}
        </a>
      ))}
    </nav>
  );
}
