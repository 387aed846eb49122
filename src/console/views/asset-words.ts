import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api.js';
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

/** The rooms of a school (none while no school is chosen), loaded when the school changes. */
export function useRooms(api: Api, siteId: string): readonly { id: string; name: string }[] {
  const [rooms, setRooms] = useState<readonly { id: string; name: string }[]>([]);
  useEffect(() => {
    setRooms([]);
    if (!siteId) return;
    api
      .get<{ rooms: { id: string; name: string }[] }>(`/assets/rooms?site=${encodeURIComponent(siteId)}`)
      .then((r) => setRooms(r.rooms))
      .catch(() => setRooms([]));
  }, [siteId]);
  return rooms;
}
