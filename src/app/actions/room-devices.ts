import { assetWarranty } from '../../domain/asset-warranty.js';
import type { LocalText } from '../../domain/i18n.js';
import { assetSummary, labelText } from '../present.js';
import type { ActionHandler } from './context.js';
import { placeOf } from './context.js';

/**
 * "Which devices are in my room?": the room's devices of the register (retired ones are not in
 * it), one a line with its tag, kind and warranty end, and a button each whose value is its tag
 * (the report starts on it, as a QR link does). `none` when the room has no registered device.
 */
export const roomDevices: ActionHandler = async ({ repos, catalog, now }, input) => {
  const room = placeOf(input.room);
  const site = placeOf(input.site);
  const assets = room ? await repos.places.listAssetsInRoom(room.id) : [];
  const place = [site?.label ?? assets[0]?.site.label, room?.label].filter(Boolean).join(' ');
  if (assets.length === 0) return { outcome: 'none', value: { place } };
  const desk = catalog.desk;
  const lines = assets.map((a) => {
    const summary = assetSummary(desk, a);
    const contract = catalog.contracts.get(a.contractId);
    const warranty = contract ? assetWarranty(a, contract, now) : null;
    const id = !warranty
      ? 'room_device_unknown_warranty'
      : warranty.daysLeft > 0
        ? 'room_device_in_warranty'
        : 'room_device_out_of_warranty';
    return labelText(desk, id, (lang) => ({ device: summary.label[lang], last: warranty?.lastDay ?? '' }));
  });
  const header = labelText(desk, 'room_devices_header', () => ({ place, count: assets.length }));
  const text: LocalText = {
    'zh-CN': [header['zh-CN'], ...lines.map((l) => l['zh-CN'])].join('\n'),
    en: [header.en, ...lines.map((l) => l.en)].join('\n'),
  };
  const items = assets.map((a) => ({ id: a.id, label: assetSummary(desk, a).label, value: a.tag }));
  return { outcome: 'some', value: { text, items, place } };
};
