import { matchText } from './match.js';

/** A school or venue, or a room, as the matcher sees it: its name and the other names it goes by. */
export interface NamedPlace {
  readonly id: string;
  readonly label: string;
  readonly aliases?: readonly string[];
}

export interface SiteWithRooms extends NamedPlace {
  readonly rooms: readonly NamedPlace[];
}

export type PlaceFound =
  | { readonly kind: 'room'; readonly site: NamedPlace; readonly room: NamedPlace }
  | { readonly kind: 'rooms'; readonly rooms: readonly { readonly site: NamedPlace; readonly room: NamedPlace }[] }
  | { readonly kind: 'site'; readonly site: NamedPlace }
  | { readonly kind: 'none' };

/** Words a school's name ends with that people leave out ("明湖小学" → "明湖"). */
const SITE_SUFFIXES = /(小学|中学|学校|幼儿园|primary school|middle school|high school|school)$/i;

function siteNames(site: NamedPlace): string[] {
  const names = [site.label, ...(site.aliases ?? [])];
  const short = names.map((n) => n.trim().replace(SITE_SUFFIXES, '').trim()).filter((n) => n.length >= 2 && !names.includes(n));
  return [...names, ...short];
}

const roomNames = (room: NamedPlace) => [room.label, ...(room.aliases ?? [])];

/**
 * The school and room a text names: a whole first message ("三年级二班的一体机触摸没反应", "the panel
 * in Room 302 won't respond") or an answer to the school or room question ("5年级一班", "二班").
 * Names are matched normalised (width, case, punctuation, Chinese numerals as digits), within the
 * text, or as a distinctive part; a room whose name is unique across schools implies its school.
 * `siteId`: the school already known; its rooms are looked at first. Never guesses: several rooms
 * equally named come back as `rooms`.
 */
export function findPlace(text: string, sites: readonly SiteWithRooms[], siteId?: string): PlaceFound {
  const named = matchText(text, sites, (s) => ({ names: siteNames(s) }), { namesWithin: true });
  const known = siteId ? sites.find((s) => s.id === siteId) : undefined;
  const site = named.kind === 'one' ? named.item : known;

  const inSite = (s: SiteWithRooms) => s.rooms.map((room) => ({ site: s, room }));
  const scopes = site ? [inSite(site), ...(named.kind === 'one' ? [] : [sites.flatMap(inSite)])] : [sites.flatMap(inSite)];
  for (const rooms of scopes) {
    const found = matchText(text, rooms, (r) => ({ names: roomNames(r.room) }), { namesWithin: true });
    if (found.kind === 'one') return { kind: 'room', site: stripRooms(found.item.site), room: found.item.room };
    if (found.kind === 'many') return { kind: 'rooms', rooms: found.items.map((r) => ({ site: stripRooms(r.site), room: r.room })) };
  }
  if (named.kind === 'one') return { kind: 'site', site: stripRooms(named.item) };
  return { kind: 'none' };
}

function stripRooms(place: NamedPlace): NamedPlace {
  return { id: place.id, label: place.label };
}
