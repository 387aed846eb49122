import type { ChecklistAsset, InspectionItem } from '../domain/inspection.js';

export type InspectionStatus = 'planned' | 'in_progress' | 'done' | 'cancelled';

/** An inspection (巡检) as the desk reads it: its site, engineer and lines. */
export interface Inspection {
  readonly id: string;
  /** "XJ-2026-0007". */
  readonly number: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly contractId: string;
  /** "YYYY-MM-DD" in the contract's zone. */
  readonly dueOn: string;
  readonly status: InspectionStatus;
  readonly engineerId: string | null;
  readonly engineerName: string | null;
  readonly items: readonly InspectionItem[];
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  readonly summary: string | null;
  readonly updatedAt: Date;
}

export interface InspectionFilters {
  readonly siteId?: string | undefined;
  readonly contractId?: string | undefined;
  readonly status?: InspectionStatus | undefined;
  readonly engineerId?: string | undefined;
  /** Due on or after / on or before ("YYYY-MM-DD"). */
  readonly dueFrom?: string | undefined;
  readonly dueTo?: string | undefined;
  readonly limit?: number | undefined;
}

/** An asset of the site, for the checklist and the record (its room's name). */
export interface InspectionAsset extends ChecklistAsset {
  readonly model: string | null;
}

/** Inspections (inspections table): planned once per site and date, numbered once, filled in line by line. */
export interface InspectionsRepo {
  /**
   * Adds a planned inspection with the next free number of `year`, unless the site has one on that
   * date (another instance planned it): then null. Numbers taken meanwhile are skipped.
   */
  plan(p: {
    siteId: string;
    contractId: string;
    dueOn: string;
    items: readonly InspectionItem[];
    year: number;
  }): Promise<{ id: string; number: string } | null>;
  list(filters: InspectionFilters): Promise<Inspection[]>;
  get(id: string): Promise<Inspection | null>;
  byNumber(number: string): Promise<Inspection | null>;
  /** The inspection, locked for the rest of the transaction (one change at a time). */
  lock(id: string): Promise<Inspection | null>;
  /** Writes the changed fields (the caller holds the lock and decided the change). */
  update(
    id: string,
    change: {
      readonly status?: InspectionStatus;
      readonly engineerId?: string | null;
      readonly items?: readonly InspectionItem[];
      readonly startedAt?: Date;
      readonly completedAt?: Date;
      readonly summary?: string | null;
    },
    at: Date,
  ): Promise<void>;
  /** The site's assets with their rooms' names. */
  siteAssets(siteId: string): Promise<InspectionAsset[]>;
}
