import { assetSummary } from '../present.js';
import { findPlace, type SiteWithRooms } from '../../flows/understand/places.js';
import type { ActionContext, ActionHandler } from './context.js';
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

/** Every school with its rooms and the names they go by, for reading places from typed text. */
async function placeTree(ctx: ActionContext): Promise<SiteWithRooms[]> {
  const sites = await ctx.repos.places.listSites();
  return Promise.all(sites.map(async (s) => ({ ...s, rooms: await ctx.repos.places.listRooms(s.id) })));
}

/**
 * The school and room a typed text names (a first message, or an answer to the school or room
 * question): `room` with {site, room}, `rooms` with the candidates to choose from (one name at
 * several schools), `site` with {site}, or `none`.
 */
export const findPlaceAction: ActionHandler = async (ctx, input) => {
  const text = typeof input.text === 'string' ? input.text : '';
  const tree = await placeTree(ctx);
  const site = idOf(input.site) ?? undefined;
  let found = findPlace(text, tree, site);
  // The place as the LLM read it from the text ("三年级的二班" → "三年级二班"), when the words gave none.
  if (found.kind === 'none' && typeof input.hint === 'string' && input.hint.trim()) found = findPlace(input.hint, tree, site);
  const place = (p: { id: string; label: string }) => ({ id: p.id, label: p.label });
  switch (found.kind) {
    case 'room':
      return { outcome: 'room', value: { site: place(found.site), room: place(found.room) } };
    case 'rooms':
      return {
        outcome: 'rooms',
        value: found.rooms.map((r) => ({
          id: r.room.id,
          label: `${r.site.label} ${r.room.label}`,
          value: { site: place(r.site), room: place(r.room) },
        })),
      };
    case 'site':
      return { outcome: 'site', value: { site: place(found.site) } };
    case 'none':
      return { outcome: 'none' };
  }
};
