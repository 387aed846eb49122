import type { AssetPageView, ShownAsset } from '../../app/asset-register/register-desk.js';
import type { Translate } from '../i18n/index.js';
import type { Wire } from '../types.js';

export type Asset = Wire<ShownAsset>;
export type AssetView = Wire<AssetPageView>;

/** An asset's warranty in a few words: "2027-03-01 · 剩 91 天", ended ones marked. */
export function warrantyWords(asset: Asset, t: Translate): { through: string; left: string; ended: boolean } {
  const w = asset.warranty;
  if (!w) return { through: '—', left: '', ended: false };
  const ended = w.daysLeft <= 0;
  return { through: w.lastDay, left: ended ? t('assetsEnded') : t('assetsDaysLeft', { days: w.daysLeft }), ended };
}
