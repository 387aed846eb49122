import { useDesk } from '../desk.js';
import { type Section, useRoute } from '../router.js';
import type { Permission } from '../types.js';
import type { TextKey } from '../i18n/zh-CN.js';

/** The asset register's pages, in the order of their tabs, with what each needs, its link id and name. */
const PAGES: readonly { readonly section: Section; readonly id: string; readonly label: TextKey; readonly needs: Permission }[] = [
  { section: 'assets', id: 'nav-assets-register', label: 'navAssetsRegister', needs: 'assets.view' },
  { section: 'asset-import', id: 'nav-asset-import', label: 'navAssetImport', needs: 'assets.manage' },
  { section: 'asset-labels', id: 'nav-asset-labels', label: 'navAssetLabels', needs: 'assets.view' },
  { section: 'asset-pending', id: 'nav-asset-pending', label: 'navAssetPending', needs: 'assets.manage' },
];

export const ASSET_PAGES: readonly Section[] = PAGES.map((p) => p.section);

/** The tabs above an asset page (register, import, labels, pending devices). */
export function AssetTabs() {
  const desk = useDesk();
  const { section } = useRoute();
  return (
    <nav class="subnav" id="asset-tabs" aria-label={desk.t('navAssetsTabs')}>
      {PAGES.filter((p) => desk.can(p.needs)).map((p) => (
        <a key={p.section} class="subnav-link" href={`#/${p.section}`} id={p.id} aria-current={section === p.section ? 'page' : undefined}>
          {desk.t(p.label)}
        </a>
      ))}
    </nav>
  );
}
