import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRANTS, permissionsOf } from '../../src/app/permissions.js';
import { ENGINEER_MOVES } from '../../src/app/ticket-service.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { SEVERITIES, WARRANTY_DECISIONS } from '../../src/domain/contract.js';
import { LANGS } from '../../src/domain/i18n.js';
import { REPORT_FIELDS, STATUSES, TRANSITIONS } from '../../src/domain/ticket-life.js';
import { FLOWS_DIR } from '../support/contracts.js';
import { ROLES } from '../../src/ports/console-store.js';
import type { Fixline } from '../../src/server.js';
import { ConsoleClient } from '../support/console-client.js';
import { startTestServer } from '../support/server.js';

let fixline: Fixline;
beforeAll(async () => {
  fixline = await startTestServer();
});
afterAll(async () => fixline?.stop());

/**
 * The console page holds no copy of the rules: it reads them from /api/console/meta. These are the
 * domain's own tables, so a change there is what the console shows.
 */
describe('GET /api/console/meta', () => {
  it('gives the console the domain\'s transitions, engineer moves, permissions per role, severities, warranty kinds, roles, languages and report fields', async () => {
    const client = new ConsoleClient(fixline.url);
    expect((await client.login('admin', 'a-long-test-password')).status).toBe(200);
    const meta = await client.json<Record<string, unknown>>('/meta');
    expect(meta.transitions).toEqual(TRANSITIONS);
    expect(meta.engineerMoves).toEqual(ENGINEER_MOVES);
    expect(meta.permissions).toEqual(GRANTS);
    for (const role of ROLES) expect((meta.permissions as Record<string, unknown>)[role]).toEqual(permissionsOf({ role }));
    expect(meta.severities).toEqual(SEVERITIES);
    expect(meta.warranties).toEqual(WARRANTY_DECISIONS);
    expect(meta.roles).toEqual(ROLES);
    expect(meta.languages).toEqual(LANGS);
    expect(meta.reportFields).toEqual(REPORT_FIELDS);
    expect((meta.statuses as { id: string }[]).map((s) => s.id)).toEqual(STATUSES);
    // Each contract names its severities (one label everywhere: "B级（严重）").
    const { catalog } = await loadCatalog(FLOWS_DIR);
    const contracts = meta.contracts as { id: string; severity: Record<string, { name: unknown }> }[];
    expect(contracts.map((c) => c.id)).toEqual([...catalog!.contracts.keys()]);
    for (const contract of contracts) {
      for (const level of SEVERITIES) expect(contract.severity[level]!.name).toEqual(catalog!.contracts.get(contract.id)!.severity.levels[level].name);
    }
  });

  it('is refused without a session', async () => {
    expect((await fetch(`${fixline.url}/api/console/meta`)).status).toBe(401);
  });
});
