import type { AfterServiceSite, AssetRecord, Place, PlacesRepo } from '../ports/store.js';

/** Remembered answers about schools, rooms and assets, shared by every repository of a process. */
export class PlacesCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: this.now(), value });
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > 20_000) this.entries.clear();
    return value;
  }

  /** Forgets every answer (schools, rooms or assets changed: an import, an edit, a move, a retirement). */
  clear(): void {
    this.entries.clear();
  }
}

/**
 * Schools, rooms and assets change rarely and every report reads them: answers are kept for a
 * short while (a newly registered asset may take that long to be found), or until an import tells
 * every instance they changed (a `places` event: see drizzleStore).
 */
export class CachedPlaces implements PlacesRepo {
  constructor(
    private readonly inner: PlacesRepo,
    private readonly cache: PlacesCache,
  ) {}

  listSites(): Promise<Place[]> {
    return this.cache.get('sites', () => this.inner.listSites());
  }
  listRooms(siteId: string): Promise<Place[]> {
    return this.cache.get(`rooms:${siteId}`, () => this.inner.listRooms(siteId));
  }
  listAssetsInRoom(roomId: string): Promise<AssetRecord[]> {
    return this.cache.get(`assets:${roomId}`, () => this.inner.listAssetsInRoom(roomId));
  }
  findAssetByTag(tag: string): Promise<AssetRecord | null> {
    return this.cache.get(`tag:${tag.trim().toUpperCase()}`, () => this.inner.findAssetByTag(tag));
  }
  getAsset(id: string): Promise<AssetRecord | null> {
    return this.cache.get(`asset:${id}`, () => this.inner.getAsset(id));
  }
  siteContract(siteId: string): Promise<string | null> {
    return this.cache.get(`contract:${siteId}`, () => this.inner.siteContract(siteId));
  }
  /** Read by the planner every few minutes: not cached (a new asset's date counts at once). */
  afterServiceSites(): Promise<AfterServiceSite[]> {
    return this.inner.afterServiceSites();
  }
}
