import type { AssetChangeFields } from '../asset-changes.js';
import type { Device } from '../facts.js';
import type { ImportProblem, ImportRow } from './rows.js';
import { foldName, type ImportSpec } from './spec.js';

/** The register as the import compares with it. */
export interface RegisterSite {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly contractId: string;
}
export interface RegisterRoom {
  readonly id: string;
  readonly siteId: string;
  readonly name: string;
  readonly aliases: readonly string[];
}
export interface RegisterAsset {
  readonly id: string;
  readonly tag: string;
  readonly serial: string | null;
  readonly kind: string;
  readonly model: string | null;
  readonly siteId: string;
  readonly roomId: string | null;
  readonly contractId: string;
  readonly acceptedOn: string;
  readonly warrantyMonths: number | null;
  /** When it was retired ("YYYY-MM-DD"); a row of the list that names it restores it. */
  readonly retiredOn?: string | null;
}
export interface Register {
  readonly sites: readonly RegisterSite[];
  readonly rooms: readonly RegisterRoom[];
  readonly assets: readonly RegisterAsset[];
}

/** A site or room the plan refers to: one in the register, or one it creates (by its key). */
export type PlaceRef = { readonly id: string } | { readonly key: string };

/** What an asset is to hold after the import. */
export interface AssetValues {
  readonly tag: string;
  readonly serial: string | null;
  readonly kind: Device;
  readonly model: string | null;
  readonly site: PlaceRef;
  readonly room: PlaceRef | null;
  readonly contractId: string;
  readonly acceptedOn: string;
  readonly warrantyMonths: number | null;
}

/** The fields an update logs, with what they were and become (sites and rooms by name). */
export type Changes = AssetChangeFields;

export interface ImportPlan {
  readonly newSites: readonly { readonly key: string; readonly name: string; readonly contractId: string }[];
  readonly newRooms: readonly { readonly key: string; readonly site: PlaceRef; readonly name: string }[];
  readonly creates: readonly { readonly line: number; readonly values: AssetValues }[];
  readonly updates: readonly { readonly line: number; readonly assetId: string; readonly values: AssetValues; readonly changes: Changes }[];
  readonly unchanged: number;
  readonly problems: readonly ImportProblem[];
}

const placeKey = (name: string) => foldName(name);
const tagNumber = /^(.*)-(\d+)$/;

/**
 * What applying checked rows to the register would do, without I/O: schools and rooms found by
 * name (or alias) or created, each asset found — by its tag; without one, by its serial; without
 * either, the k-th untagged row of a school, room, kind, model and date is the k-th such asset —
 * and created (a tag generated after the highest of its kind) or updated with what changed (a
 * retired asset the rows name: a `retired` change, it is restored). A second run of the same rows
 * finds everything unchanged.
 */
export function planImport(
  spec: ImportSpec,
  register: Register,
  rows: readonly ImportRow[],
  columnOf: (field: 'contract') => string | null,
): ImportPlan {
  const sitesByName = new Map<string, RegisterSite>();
  for (const site of register.sites) for (const name of [site.name, ...site.aliases]) sitesByName.set(placeKey(name), site);
  const roomsByName = new Map<string, RegisterRoom>();
  for (const room of register.rooms)
    for (const name of [room.name, ...room.aliases]) roomsByName.set(`${room.siteId}/${placeKey(name)}`, room);
  const byTag = new Map(register.assets.map((a) => [a.tag.toUpperCase(), a]));
  const bySerial = new Map(register.assets.flatMap((a) => (a.serial ? [[a.serial.toUpperCase(), a] as const] : [])));
  const siteNames = new Map(register.sites.map((s) => [s.id, s.name]));
  const roomNames = new Map(register.rooms.map((r) => [r.id, r.name]));

  const newSites = new Map<string, { key: string; name: string; contractId: string }>();
  const newRooms = new Map<string, { key: string; site: PlaceRef; name: string }>();
  const problems: ImportProblem[] = [];
  const creates: { line: number; values: AssetValues }[] = [];
  const updates: { line: number; assetId: string; values: AssetValues; changes: Changes }[] = [];
  let unchanged = 0;
  const claimed = new Set<string>();
  // Tags the file gives count too: a generated tag never takes one a later row names.
  const highest = highestNumbers(spec, [...register.assets.map((a) => a.tag), ...rows.flatMap((r) => (r.tag ? [r.tag] : []))]);

  // Untagged rows without a serial, matched in order to the register's assets of the same description.
  const described = new Map<string, RegisterAsset[]>();
  for (const asset of [...register.assets].sort((a, b) => a.tag.localeCompare(b.tag))) {
    const key = describe(asset.siteId, asset.roomId, asset.kind, asset.model, asset.acceptedOn);
    const same = described.get(key);
    if (same) same.push(asset);
    else described.set(key, [asset]);
  }

  for (const row of rows) {
    const found = sitesByName.get(placeKey(row.school));
    let site: PlaceRef;
    let siteContract: string;
    if (found) {
      site = { id: found.id };
      siteContract = found.contractId;
    } else {
      const key = `site:${placeKey(row.school)}`;
      let planned = newSites.get(key);
      if (!planned) {
        if (!row.contractId) {
          problems.push({ line: row.line, column: columnOf('contract'), code: 'new_school_needs_contract', value: row.school });
          continue;
        }
        planned = { key, name: row.school, contractId: row.contractId };
        newSites.set(key, planned);
      }
      site = { key };
      siteContract = planned.contractId;
    }
    let room: PlaceRef | null = null;
    if (row.room) {
      const existing = 'id' in site ? roomsByName.get(`${site.id}/${placeKey(row.room)}`) : undefined;
      if (existing) room = { id: existing.id };
      else {
        const key = `room:${'id' in site ? site.id : site.key}/${placeKey(row.room)}`;
        if (!newRooms.has(key)) newRooms.set(key, { key, site, name: row.room });
        room = { key };
      }
    }
    const match = matchAsset(row, site, room, byTag, bySerial, described, claimed);
    const values: Omit<AssetValues, 'tag'> = {
      serial: row.serial,
      kind: row.kind,
      model: row.model,
      site,
      room,
      contractId: row.contractId ?? match?.contractId ?? siteContract,
      acceptedOn: row.acceptedOn,
      warrantyMonths: row.warrantyMonths,
    };
    if (!match) {
      creates.push({ line: row.line, values: { ...values, tag: row.tag ?? nextTag(spec, row.kind, highest) } });
      continue;
    }
    claimed.add(match.id);
    const full = { ...values, tag: match.tag };
    const changes = diff(match, full, siteNames, roomNames, newSites, newRooms);
    if (Object.keys(changes).length === 0) unchanged++;
    else updates.push({ line: row.line, assetId: match.id, values: full, changes });
  }
  return { newSites: [...newSites.values()], newRooms: [...newRooms.values()], creates, updates, unchanged, problems };
}

const describe = (site: string, room: string | null, kind: string, model: string | null, acceptedOn: string) =>
  [site, room ?? '', kind, foldName(model ?? ''), acceptedOn].join('|');

function matchAsset(
  row: ImportRow,
  site: PlaceRef,
  room: PlaceRef | null,
  byTag: ReadonlyMap<string, RegisterAsset>,
  bySerial: ReadonlyMap<string, RegisterAsset>,
  described: ReadonlyMap<string, RegisterAsset[]>,
  claimed: ReadonlySet<string>,
): RegisterAsset | null {
  if (row.tag) return byTag.get(row.tag) ?? null;
  const serial = row.serial ? bySerial.get(row.serial.toUpperCase()) : undefined;
  if (serial && !claimed.has(serial.id)) return serial;
  if (row.serial || !('id' in site) || (room && !('id' in room))) return null;
  const candidates = described.get(describe(site.id, room?.id ?? null, row.kind, row.model, row.acceptedOn)) ?? [];
  return candidates.find((a) => !claimed.has(a.id)) ?? null;
}

function diff(
  asset: RegisterAsset,
  values: AssetValues,
  siteNames: ReadonlyMap<string, string>,
  roomNames: ReadonlyMap<string, string>,
  newSites: ReadonlyMap<string, { name: string }>,
  newRooms: ReadonlyMap<string, { name: string }>,
): Changes {
  const siteName = (ref: PlaceRef) => ('id' in ref ? (siteNames.get(ref.id) ?? ref.id) : (newSites.get(ref.key)?.name ?? ref.key));
  const roomName = (ref: PlaceRef | null) =>
    ref === null ? null : 'id' in ref ? (roomNames.get(ref.id) ?? ref.id) : (newRooms.get(ref.key)?.name ?? ref.key);
  const sameSite = 'id' in values.site && values.site.id === asset.siteId;
  const sameRoom = values.room === null ? asset.roomId === null : 'id' in values.room && values.room.id === asset.roomId;
  const pairs: [string, string | number | null, string | number | null, boolean][] = [
    ['serial', asset.serial, values.serial, (asset.serial ?? '').toUpperCase() === (values.serial ?? '').toUpperCase()],
    ['kind', asset.kind, values.kind, asset.kind === values.kind],
    ['model', asset.model, values.model, (asset.model ?? '') === (values.model ?? '')],
    ['site', siteNames.get(asset.siteId) ?? asset.siteId, siteName(values.site), sameSite],
    ['room', asset.roomId ? (roomNames.get(asset.roomId) ?? asset.roomId) : null, roomName(values.room), sameRoom],
    ['contract', asset.contractId, values.contractId, asset.contractId === values.contractId],
    ['acceptedOn', asset.acceptedOn, values.acceptedOn, asset.acceptedOn === values.acceptedOn],
    ['warrantyMonths', asset.warrantyMonths, values.warrantyMonths, asset.warrantyMonths === values.warrantyMonths],
    ['retired', asset.retiredOn ?? null, null, !asset.retiredOn],
  ];
  return Object.fromEntries(pairs.filter(([, , , same]) => !same).map(([field, before, after]) => [field, { before, after }]));
}

/** The highest number in use per tag stem ("FX-PNL"). */
function highestNumbers(spec: ImportSpec, tags: readonly string[]): Map<string, number> {
  const stems = new Set(Object.values(spec.tags.kinds).map((code) => `${spec.tags.prefix}-${code}`));
  const highest = new Map<string, number>();
  for (const tag of tags) {
    const [, stem = '', number = ''] = tagNumber.exec(tag.toUpperCase()) ?? [];
    if (stems.has(stem)) highest.set(stem, Math.max(highest.get(stem) ?? 0, Number(number)));
  }
  return highest;
}

/** The next free tag of a kind ("FX-PNL-0042"), counted on from the highest in use or given out. */
function nextTag(spec: ImportSpec, kind: Device, highest: Map<string, number>): string {
  const stem = `${spec.tags.prefix}-${spec.tags.kinds[kind]}`;
  const n = (highest.get(stem) ?? 0) + 1;
  highest.set(stem, n);
  return `${stem}-${String(n).padStart(spec.tags.digits, '0')}`;
}
