import { asc, eq, inArray } from 'drizzle-orm';
import type { AssetFacts } from '../../domain/asset.js';
import type { FactCorrection, TicketTriage } from '../../domain/triage-record.js';
import type { Db } from '../database.js';
import { assets, factCorrections, tickets } from '../schema.js';

/** A ticket an agent corrected, with what the evaluation set needs of it (npm run triage:export-corrections). */
export interface CorrectedTicket {
  readonly number: string;
  readonly contractId: string;
  readonly reportedAt: Date;
  readonly description: string;
  /** The ticket's facts as stored now. */
  readonly facts: Record<string, unknown>;
  readonly triage: TicketTriage | null;
  readonly asset: AssetFacts | null;
  /** Oldest first. */
  readonly corrections: readonly Omit<FactCorrection, 'ticketId' | 'agentId'>[];
}

/** Every ticket with at least one row in fact_corrections, by the time it was reported. */
export async function readCorrectedTickets(db: Db): Promise<CorrectedTicket[]> {
  const rows = await db.select().from(factCorrections).orderBy(asc(factCorrections.ticketId), asc(factCorrections.id));
  if (rows.length === 0) return [];
  const byTicket = new Map<string, CorrectedTicket['corrections'][number][]>();
  for (const r of rows) {
    const list = byTicket.get(r.ticketId) ?? [];
    list.push({
      id: r.id,
      at: r.at,
      fact: r.fact as FactCorrection['fact'],
      before: r.before ?? null,
      after: r.after,
      source: r.source as FactCorrection['source'],
    });
    byTicket.set(r.ticketId, list);
  }
  const found = await db
    .select({
      t: tickets,
      asset: {
        kind: assets.kind,
        acceptedAt: assets.acceptedAt,
        warrantyMonths: assets.warrantyMonths,
        replacedParts: assets.replacedParts,
      },
    })
    .from(tickets)
    .leftJoin(assets, eq(assets.id, tickets.assetId))
    .where(inArray(tickets.id, [...byTicket.keys()]))
    .orderBy(asc(tickets.reportedAt), asc(tickets.number));
  return found.map(({ t, asset }) => ({
    number: t.number,
    contractId: t.contractId,
    reportedAt: t.reportedAt,
    description: t.description,
    facts: t.facts,
    triage: t.triage ?? null,
    asset: asset
      ? {
          kind: asset.kind as AssetFacts['kind'],
          acceptedAt: asset.acceptedAt,
          ...(asset.warrantyMonths ? { warrantyMonths: asset.warrantyMonths } : {}),
          replacedParts: asset.replacedParts,
        }
      : null,
    corrections: byTicket.get(t.id) ?? [],
  }));
}
