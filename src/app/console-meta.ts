import type { Catalog } from '../catalog/catalog.js';
import { SEVERITIES, type Severity, WARRANTY_DECISIONS, type WarrantyDecision } from '../domain/contract.js';
import { FACT_KEYS } from '../domain/facts.js';
import { LANGS } from '../domain/i18n.js';
import { OPEN_STATUSES, REOPEN, REPORT_FIELDS, STATUSES, type Status, TRANSITIONS } from '../domain/ticket-life.js';
import { ROLES } from '../ports/console-store.js';
import { permissionsByRole } from './permissions.js';
import { ENGINEER_MOVES } from './ticket-service.js';

/**
 * The rule tables the console page shows and acts by, built from the modules that enforce them
 * (never copies): statuses and where each may go, the engineer's moves, reopening, what each role
 * may do, the severities as each contract names them, warranty decisions, the facts' labels, the
 * roles, the languages and the fields of the closing report.
 */
export function consoleRules(catalog: Catalog) {
  const labels = catalog.desk.labels;
  const contracts = [...catalog.contracts.values()];
  return {
    statuses: STATUSES.map((id) => ({ id, label: labels.statuses[id], open: OPEN_STATUSES.includes(id) })),
    /** Where a `move` command may take a ticket from each status; `closed` takes the `close` command (the report) and `on_site_dispatched` the `dispatch` command. */
    transitions: TRANSITIONS,
    /** Statuses reached by their own command rather than `move`. */
    commandFor: { closed: 'close', on_site_dispatched: 'dispatch' } as const satisfies Partial<Record<Status, string>>,
    reopen: { from: REOPEN.from, to: REOPEN.to, reasonRequired: true },
    engineerMoves: ENGINEER_MOVES,
    permissions: permissionsByRole(),
    roles: ROLES,
    langs: LANGS,
    severities: SEVERITIES.map((id) => ({
      id,
      /** The level's name and meaning in each contract: "B级（严重）" / "B (major)". */
      byContract: Object.fromEntries(
        contracts.map((k) => [k.id, { name: k.severity.levels[id].name, meaning: k.severity.levels[id].meaning }]),
      ),
    })) satisfies { id: Severity }[],
    warrantyKinds: WARRANTY_DECISIONS.map((id) => ({ id, label: labels.warranty[id] })) satisfies { id: WarrantyDecision }[],
    facts: FACT_KEYS.map((key) => ({ key, label: labels.facts.names[key] })),
    factValues: { ...labels.facts.values, device: labels.devices },
    reportFields: REPORT_FIELDS,
    /** The parts each contract's replaced-part clause (5.21.2) names, offered when a ticket is closed. */
    replacedParts: Object.fromEntries(
      contracts.map((k) => [
        k.id,
        k.replacedParts.groups
          .flatMap((g) => g.parts)
          .map((id) => ({ id, name: k.replacedParts.names[id] ?? { 'zh-CN': id, en: id.replace(/_/g, ' ') } })),
      ]),
    ),
  };
}
