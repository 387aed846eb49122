import { useDesk } from '../desk.js';
import { type Section, useRoute } from '../router.js';
import type { Permission } from '../types.js';
import type { TextKey } from '../i18n/zh-CN.js';

/** The asset pages, in the order of their tabs, with each tab's id, what it needs and what it is called. */
const PAGES: readonly { readonly section: Section; readonly id: string; readonly label: TextKey; readonly needs: Permission }[] = [
  { section: 'assets', id: 'nav-assets-register', label: 'navAssetsRegister', needs: 'assets.view' },
  { section: 'asset-import', id: 'nav-asset-import', label: 'navAssetImport', needs: 'assets.manage' },
  { section: 'asset-labels', id: 'nav-asset-labels', label: 'navAssetLabels', needs: 'assets.view' },
  { section: 'asset-pending', id: 'nav-asset-pending', label: 'navAssetPending', needs: 'assets.manage' },
];

/** The sections under the header's "Assets" entry: the tabs' pages and an asset's own page. */
export const ASSET_SECTIONS: readonly Section[] = [...PAGES.map((p) => p.section), 'asset'];

/** The asset pages the signed-in account may open. */
export function assetPages(can: (permission: Permission) => boolean) {
  return PAGES.filter((p) => can(p.needs));
}

/** The tabs above an asset page (the register, import, labels, pending devices); an asset's page is the register's. */
export function AssetTabs() {
  const desk = useDesk();
  const { section } = useRoute();
  const current = section === 'asset' ? 'assets' : section;
  return (
    <nav class="subnav" id="asset-tabs" aria-label={desk.t('navAssets')}>
      {assetPages((p) => desk.can(p)).map((p) => (
        <a key={p.section} class="subnav-link" href={`#/${p.section}`} id={p.id} aria-current={current === p.section ? 'page' : undefined}>
          {desk.t(p.label)}
        </a>
      ))}
    </nav>
  );
}
