import type { AssetValues, ImportPlan, PlaceRef } from '../../domain/asset-import/plan.js';
import type { ImportedAsset, ImportedChange } from '../../ports/asset-import.js';
import type { Repos } from '../../ports/store.js';

export interface WriteContext {
  readonly fileName: string;
  readonly rows: number;
  readonly agentId: string | null;
  readonly now: Date;
  /** The name of a new organisation, when the desk has none yet for a contract's schools. */
  readonly organisationName: (contractId: string) => string;
}

/** The audit action of an update: restored (it was retired), moved (another school or room), or updated. */
function actionOf(changes: ImportedChange['changes']): ImportedChange['action'] {
  if ('retired' in changes) return 'restored';
  if ('site' in changes || 'room' in changes) return 'moved';
  return 'updated';
}

/**
 * Writes a plan without problems inside the caller's transaction: new sites (in the organisation of
 * their contract's schools), rooms, created and updated assets, the import's record and one audit
 * line per asset written; then tells every instance that places changed. Returns the import's id.
 */
export async function writePlan(repos: Repos, plan: ImportPlan, context: WriteContext): Promise<string> {
  const repo = repos.assets.imports;
  const { now } = context;
  const ids = new Map<string, string>();
  const idOf = (ref: PlaceRef): string => {
    if ('id' in ref) return ref.id;
    const id = ids.get(ref.key);
    if (!id) throw new Error(`the import's place ${ref.key} was not created`);
    return id;
  };

  if (plan.newSites.length > 0) {
    const organisations = await repo.organisationsFor([...new Set(plan.newSites.map((s) => s.contractId))], context.organisationName);
    const siteIds = await repo.createSites(
      plan.newSites.map((s) => ({ organisationId: organisations.get(s.contractId) ?? '', name: s.name, contractId: s.contractId })),
      now,
    );
    plan.newSites.forEach((s, i) => ids.set(s.key, siteIds[i] ?? ''));
  }
  if (plan.newRooms.length > 0) {
    const roomIds = await repo.createRooms(
      plan.newRooms.map((r) => ({ siteId: idOf(r.site), name: r.name })),
      now,
    );
    plan.newRooms.forEach((r, i) => ids.set(r.key, roomIds[i] ?? ''));
  }
  const asset = (values: AssetValues): ImportedAsset => ({
    tag: values.tag,
    serial: values.serial,
    kind: values.kind,
    model: values.model,
    siteId: idOf(values.site),
    roomId: values.room ? idOf(values.room) : null,
    contractId: values.contractId,
    acceptedOn: values.acceptedOn,
    warrantyMonths: values.warrantyMonths,
  });
  const createdIds = await repo.createAssets(
    plan.creates.map((c) => asset(c.values)),
    now,
  );
  await repo.updateAssets(
    plan.updates.map((u) => ({ ...asset(u.values), id: u.assetId })),
    now,
  );
  const importId = await repo.recordImport(
    {
      agentId: context.agentId,
      fileName: context.fileName,
      rows: context.rows,
      created: plan.creates.length,
      updated: plan.updates.length,
      unchanged: plan.unchanged,
      sitesCreated: plan.newSites.length,
      roomsCreated: plan.newRooms.length,
    },
    now,
  );
  const changes: ImportedChange[] = [
    ...plan.creates.map((c, i) => ({ assetId: createdIds[i] ?? '', action: 'created' as const, changes: createdChanges(c.values) })),
    ...plan.updates.map((u) => ({ assetId: u.assetId, action: actionOf(u.changes), changes: u.changes })),
  ];
  await repo.logChanges(importId, context.agentId, changes, now);
  if (changes.length > 0 || plan.newSites.length > 0 || plan.newRooms.length > 0) await repos.notify({ type: 'places' });
  return importId;
}

/** A created asset's line of the audit trail: its fields as imported (before: nothing). */
function createdChanges(values: AssetValues): ImportedChange['changes'] {
  const fields: Record<string, string | number | null> = {
    tag: values.tag,
    serial: values.serial,
    kind: values.kind,
    model: values.model,
    contract: values.contractId,
    acceptedOn: values.acceptedOn,
    warrantyMonths: values.warrantyMonths,
  };
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, { before: null, after: v }]),
  );
}
