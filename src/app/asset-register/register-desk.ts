import type { Catalog } from '../../catalog/catalog.js';
import type { LocalText } from '../../domain/i18n.js';
import { type AssetWarranty, assetWarranty } from '../../domain/asset-warranty.js';
import { addDays, formatLocalDate, localDateOf, parseLocalDate } from '../../domain/calendar.js';
import type { AssetChange, AssetListFilter, AssetTicket, AssetWrite, RegisterAsset } from '../../ports/asset-register.js';
import type { Agent } from '../../ports/console-store.js';
import type { Store } from '../../ports/store.js';
import { Conflict, Invalid, NotFound, requirePermission } from '../permissions.js';
import type { AssetEditBody, AssetListQuery } from './edit.js';

/** An asset as the console shows it: the register's facts and its warranty (null: its contract or date is unknown). */
export type ShownAsset = RegisterAsset & { readonly warranty: AssetWarranty | null };

/** A replaced part and the cover the contract gives it (GX-EDU 5.21.2: the rest of the warranty or 90 days, the longer). */
export interface ShownPart {
  readonly part: string;
  /** The part as the contract names it ("触摸框" / "touch frame"), else its code. */
  readonly name: LocalText;
  readonly replacedAt: string;
  readonly ticketNumber: string | null;
  /** The last day the part is covered; null when its date is not a date. */
  readonly coveredThrough: string | null;
  readonly covered: boolean;
}

export interface AssetPageView {
  readonly asset: ShownAsset;
  readonly warranty: AssetWarranty | null;
  readonly tickets: readonly AssetTicket[];
  readonly replacedParts: readonly ShownPart[];
  /** The contract's rule for replaced parts: its days and clause (null: the desk's policy, not a clause of the contract). */
  readonly partsRule: { readonly days: number; readonly clause: string | null } | null;
  readonly history: readonly AssetChange[];
}

/** The most rows an export holds. */
export const MAX_EXPORT_ROWS = 50_000;

/**
 * The asset register in the console: everyone with assets.view reads the list, the expiry list
 * and an asset's page; coordinators, supervisors and admins (assets.manage) edit, move, retire and
 * restore, each written with its audit row.
 */
export class AssetRegisterDesk {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
  ) {}

  async list(agent: Agent, query: AssetListQuery, now: Date): Promise<{ assets: ShownAsset[]; next: string | null; total: number }> {
    requirePermission(agent, 'assets.view');
    const page = await this.store.read.assets.register.list(this.filter(query, query.limit, now));
    return { ...page, assets: page.assets.map((a) => this.shown(a, now)) };
  }

  /** Every asset the filter matches (the export), at most MAX_EXPORT_ROWS. */
  async all(agent: Agent, query: AssetListQuery, now: Date): Promise<ShownAsset[]> {
    requirePermission(agent, 'assets.view');
    const found: ShownAsset[] = [];
    let after: string | undefined;
    do {
      const page = await this.store.read.assets.register.list({ ...this.filter(query, 1000, now), ...(after ? { after } : {}) });
      found.push(...page.assets.map((a) => this.shown(a, now)));
      after = page.next ?? undefined;
    } while (after && found.length < MAX_EXPORT_ROWS);
    return found.slice(0, MAX_EXPORT_ROWS);
  }

  async rooms(agent: Agent, siteId: string): Promise<{ id: string; name: string }[]> {
    requirePermission(agent, 'assets.view');
    return this.store.read.assets.register.rooms(siteId);
  }

  async page(agent: Agent, id: string, now: Date): Promise<AssetPageView> {
    requirePermission(agent, 'assets.view');
    const register = this.store.read.assets.register;
    const detail = await register.detail(id);
    if (!detail) throw new NotFound('no such asset');
    const asset = this.shown(detail.asset, now);
    const contract = this.catalog.contracts.get(detail.asset.contractId);
    const today = contract ? formatLocalDate(localDateOf(now, contract.timeZone)) : '';
    const replacedParts = detail.replacedParts.map((part): ShownPart => {
      const names: Partial<Record<string, LocalText>> = contract?.replacedParts.names ?? {};
      const p = { ...part, name: names[part.part] ?? { 'zh-CN': part.part, en: part.part } };
      const replaced = contract ? parseLocalDate(p.replacedAt, contract.timeZone) : null;
      if (!contract || !replaced) return { ...p, coveredThrough: null, covered: false };
      const partEnd = formatLocalDate(addDays(replaced, contract.replacedParts.days));
      // The part is covered until the later of the asset's warranty end and its own days.
      const ends = asset.warranty && asset.warranty.ends > partEnd ? asset.warranty.ends : partEnd;
      const lastDay = parseLocalDate(ends, contract.timeZone);
      return { ...p, coveredThrough: lastDay ? formatLocalDate(addDays(lastDay, -1)) : null, covered: today < ends };
    });
    return {
      asset,
      warranty: asset.warranty,
      tickets: detail.tickets,
      replacedParts,
      partsRule: contract ? { days: contract.replacedParts.days, clause: contractClause(contract.replacedParts.clause) } : null,
      history: await register.history(id),
    };
  }

  async update(agent: Agent, id: string, body: AssetEditBody, now: Date): Promise<AssetPageView> {
    requirePermission(agent, 'assets.manage');
    const current = await this.store.read.assets.register.detail(id);
    if (!current) throw new NotFound('no such asset');
    if (body.tag !== undefined && body.tag.trim().toUpperCase() !== current.asset.tag.toUpperCase()) {
      throw new Invalid('tag_unchanged', "an asset's tag cannot change (it is printed on its label)");
    }
    if (body.acceptedOn !== undefined) {
      const zone = this.catalog.contracts.get(current.asset.contractId)?.timeZone ?? this.catalog.desk.desk.timeZone;
      if (body.acceptedOn > formatLocalDate(localDateOf(now, zone))) {
        throw new Invalid('accepted_in_future', `acceptedOn: ${body.acceptedOn} is in the future`);
      }
    }
    const { tag: _tag, ...changes } = body;
    const written = await this.store.read.assets.register.update(id, changes, agent.id, now);
    refuse(written);
    return this.page(agent, id, now);
  }

  async retire(agent: Agent, id: string, reason: string, now: Date): Promise<AssetPageView> {
    requirePermission(agent, 'assets.manage');
    refuse(await this.store.read.assets.register.retire(id, reason, agent.id, now), 'the asset is retired already');
    return this.page(agent, id, now);
  }

  async restore(agent: Agent, id: string, now: Date): Promise<AssetPageView> {
    requirePermission(agent, 'assets.manage');
    refuse(await this.store.read.assets.register.restore(id, agent.id, now), 'the asset is not retired');
    return this.page(agent, id, now);
  }

  private filter(query: AssetListQuery, limit: number, now: Date): AssetListFilter {
    const contractMonths: Record<string, number> = {};
    for (const [id, contract] of this.catalog.contracts) contractMonths[id] = contract.warranty.months;
    const today = formatLocalDate(localDateOf(now, this.catalog.desk.desk.timeZone));
    return {
      limit,
      status: query.status,
      ...(query.q?.trim() ? { q: query.q.trim() } : {}),
      ...(query.site ? { siteId: query.site } : {}),
      ...(query.room ? { roomId: query.room } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.after ? { after: query.after } : {}),
      ...(query.warrantyWithin ? { warrantyWithin: { days: Number(query.warrantyWithin), today, contractMonths } } : {}),
    };
  }

  private shown(asset: RegisterAsset, now: Date): ShownAsset {
    const contract = this.catalog.contracts.get(asset.contractId);
    const warranty = contract ? assetWarranty({ acceptedAt: asset.acceptedOn, warrantyMonths: asset.warrantyMonths }, contract, now) : null;
    return { ...asset, warranty };
  }
}

/** A clause number of the contract ("5.21.2"), or null for a rule that is the desk's policy ("policy"), not a clause. */
function contractClause(clause: string): string | null {
  return /^\d/.test(clause) ? clause : null;
}

/** A write the register refused, said as the API answers it. */
function refuse(written: AssetWrite, unchanged = 'nothing to change'): void {
  if (written.done) return;
  if (written.reason === 'not_found') throw new NotFound('no such asset');
  if (written.reason === 'unknown_site') throw new Invalid('unknown_site', 'siteId: there is no such school');
  if (written.reason === 'unknown_room') throw new Invalid('unknown_room', 'roomId: the room is not in that school');
  throw new Conflict('unchanged', unchanged);
}
