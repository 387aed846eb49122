import type { Catalog } from '../catalog/catalog.js';
import { formatLocalDate, localDateOf, parseLocalDate } from '../domain/calendar.js';
import type { Agent } from '../ports/console-store.js';
import type { PendingAssetRow } from '../ports/pending-assets.js';
import type { Store } from '../ports/store.js';
import { Conflict, Invalid, NotFound, requirePermission } from './permissions.js';

/** What the coordinator gives to make a pending device an asset. */
export interface ConfirmRequest {
  readonly kind: string;
  readonly siteId: string;
  readonly roomId?: string | null | undefined;
  readonly acceptedOn: string;
  readonly warrantyMonths?: number | null | undefined;
  readonly model?: string | null | undefined;
  readonly serial?: string | null | undefined;
}

const REFUSALS = {
  not_found: () => new NotFound('no such pending device'),
  not_pending: () => new Conflict('not_pending', 'the device was already confirmed or dismissed'),
  tag_taken: () => new Conflict('tag_taken', 'an asset of the register has this tag now; dismiss this one'),
  invalid_place: () => new Invalid('invalid_place', 'the school is unknown, or the room is not one of its rooms'),
  not_registered: () => new Conflict('not_registered', 'the register has no device with this tag; confirm it as a new one'),
} as const;

/**
 * The devices teachers reported by a tag the register lacks (issue 16): listed for the
 * coordinator (assets.manage), who confirms one (it becomes an asset, its ticket linked) or dismisses it.
 */
export class PendingAssetsDesk {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly clock: () => Date,
  ) {}

  async list(agent: Agent): Promise<PendingAssetRow[]> {
    requirePermission(agent, 'assets.manage');
    return this.store.read.assets.pending.openRows();
  }

  async confirm(agent: Agent, id: string, request: ConfirmRequest): Promise<string> {
    requirePermission(agent, 'assets.manage');
    if (!Object.hasOwn(this.catalog.desk.labels.devices, request.kind)) throw new Invalid('invalid_kind', `unknown kind "${request.kind}"`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(request.acceptedOn) || !parseLocalDate(request.acceptedOn, this.catalog.desk.desk.timeZone))
      throw new Invalid('invalid_date', 'acceptedOn is a date such as 2025-09-01');
    const now = this.clock();
    // As the import and the register's edits: accepted no later than today, 1 to 120 months.
    if (request.acceptedOn > formatLocalDate(localDateOf(now, this.catalog.desk.desk.timeZone)))
      throw new Invalid('accepted_in_future', `acceptedOn: ${request.acceptedOn} is in the future`);
    const months = request.warrantyMonths;
    if (months !== null && months !== undefined && !(Number.isInteger(months) && months >= 1 && months <= 120))
      throw new Invalid('invalid_months', 'warrantyMonths is a whole number of months from 1 to 120');
    const outcome = await this.store.transaction(async (r) => {
      const confirmed = await r.assets.pending.confirm(id, {
        kind: request.kind,
        siteId: request.siteId,
        roomId: request.roomId ?? null,
        acceptedOn: request.acceptedOn,
        warrantyMonths: request.warrantyMonths ?? null,
        model: request.model?.trim() || null,
        serial: request.serial?.trim() || null,
        agentId: agent.id,
        at: now,
      });
      // As the register's edits: every instance (the chat's tag cache too) knows the new asset at once.
      if (confirmed.ok) await r.notify({ type: 'places' });
      return confirmed;
    });
    if (!outcome.ok) throw REFUSALS[outcome.error]();
    return outcome.assetId;
  }

  /**
   * The tag is the register's after all (a retired device a teacher still reports, or one added since):
   * its ticket goes on that device, a retired one back in use. Returns the asset and whether it was restored.
   */
  async link(agent: Agent, id: string): Promise<{ assetId: string; restored: boolean }> {
    requirePermission(agent, 'assets.manage');
    const outcome = await this.store.transaction(async (r) => {
      const linked = await r.assets.pending.link(id, agent.id, this.clock());
      // A restored device is offered in chat again, on every instance.
      if (linked.ok && linked.restored) await r.notify({ type: 'places' });
      return linked;
    });
    if (!outcome.ok) throw REFUSALS[outcome.error]();
    return { assetId: outcome.assetId, restored: outcome.restored };
  }

  async dismiss(agent: Agent, id: string, reason: string): Promise<void> {
    requirePermission(agent, 'assets.manage');
    if (!reason.trim()) throw new Invalid('reason_required', 'say why the device is dismissed');
    const outcome = await this.store.transaction((r) => r.assets.pending.dismiss(id, reason.trim(), agent.id, this.clock()));
    if (!outcome.ok) throw REFUSALS[outcome.error]();
  }
}
