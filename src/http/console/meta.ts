import { ENGINEER_MOVES } from '../../app/ticket-service.js';
import { GRANTS } from '../../app/permissions.js';
import type { Catalog } from '../../catalog/catalog.js';
import { SEVERITIES, WARRANTY_DECISIONS } from '../../domain/contract.js';
import { LANGS } from '../../domain/i18n.js';
import { REPORT_FIELDS, STATUSES, TRANSITIONS } from '../../domain/ticket-life.js';
import { ROLES } from '../../ports/console-store.js';
import type { Place } from '../../ports/store.js';

/**
 * What the console page needs to know of the rules and their names (GET /api/console/meta), taken
 * from the domain and the catalog, so the page holds no copy of them: the statuses and where each
 * may go, the moves an engineer may make, each role's permissions, severities with each contract's
 * names, warranty decisions, roles, languages, the report's fields, and the desk's time zone.
 */
export function consoleMeta(catalog: Catalog, sites: readonly Place[]) {
  const labels = catalog.desk.labels;
  return {
    timeZone: catalog.desk.desk.timeZone,
    contracts: [...catalog.contracts.values()].map((k) => ({ id: k.id, name: k.name, severity: k.severity.levels })),
    sites,
    statuses: STATUSES.map((s) => ({ id: s, label: labels.statuses[s] })),
    transitions: TRANSITIONS,
    engineerMoves: ENGINEER_MOVES,
    severities: SEVERITIES,
    warranties: WARRANTY_DECISIONS,
    warranty: labels.warranty,
    devices: labels.devices,
    facts: {},
    roles: ROLES,
    permissions: GRANTS,
    languages: LANGS,
    reportFields: REPORT_FIELDS,
  };
}
