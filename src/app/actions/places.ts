import { assetSummary } from '../present.js';
import type { ActionHandler } from './context.js';
import { idOf, placeOf } from './context.js';

export const loadProfile: ActionHandler = async ({ contact }) => {
  const value = {
    ...(contact.name ? { name: contact.name } : {}),
    ...(contact.site && contact.room ? { site: contact.site, room: contact.room } : {}),
  };
  return { outcome: contact.name || contact.room ? 'known' : 'unknown', value };
};

export const saveProfile: ActionHandler = async ({ repos, contact }, input) => {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const site = placeOf(input.site);
  const room = placeOf(input.room);
  await repos.contacts.updateProfile(contact.id, {
    ...(name ? { name } : {}),
    ...(site && room ? { siteId: site.id, roomId: room.id } : {}),
  });
  return { outcome: 'ok' };
};

export const listSites: ActionHandler = async ({ repos }) => {
  const sites = await repos.places.listSites();
  return { outcome: sites.length > 0 ? 'ok' : 'none', value: sites };
};

export const listRooms: ActionHandler = async ({ repos }, input) => {
  const site = idOf(input.site);
  const rooms = site ? await repos.places.listRooms(site) : [];
  return { outcome: rooms.length > 0 ? 'ok' : 'none', value: rooms };
};

export const listAssets: ActionHandler = async ({ repos, catalog }, input) => {
  const room = idOf(input.room);
  const assets = room ? await repos.places.listAssetsInRoom(room) : [];
  const items = assets.map((a) => {
    const summary = assetSummary(catalog.desk, a);
    return { id: a.id, label: summary.label, value: summary };
  });
  return { outcome: items.length > 0 ? 'ok' : 'none', value: items };
};

export const findAsset: ActionHandler = async ({ repos, catalog }, input) => {
  const tag = typeof input.tag === 'string' ? input.tag.normalize('NFKC').trim() : '';
  const asset = tag ? await repos.places.findAssetByTag(tag) : null;
  return asset ? { outcome: 'found', value: assetSummary(catalog.desk, asset) } : { outcome: 'not_found' };
};
