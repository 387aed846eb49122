import type { PhotoReader } from '../../src/app/actions/context.js';
import type { GuessLimits } from '../../src/app/guessing.js';
import { type Catalog, loadCatalog } from '../../src/catalog/catalog.js';
import { DESK_START, Desk, seedDesk } from '../../src/conversation-tests/desk.js';
import type { FactExtractor } from '../../src/triage/extractor.js';
import { FLOWS_DIR } from './contracts.js';
import { type TestDatabaseKind, testDatabase } from './database.js';

let cachedCatalog: Catalog | undefined;
export async function shippedCatalog(): Promise<Catalog> {
  if (cachedCatalog) return cachedCatalog;
  const { catalog, problems } = await loadCatalog(FLOWS_DIR);
  if (!catalog) throw new Error(JSON.stringify(problems));
  return (cachedCatalog = catalog);
}

/**
 * A whole desk on a fresh test database (src/conversation-tests/desk.ts): seeded demo data, the
 * real flows, triage and policy, a clock the test moves, and helpers to talk to it as a user of a
 * channel would. Closing it drops the database.
 */
export async function testDesk(
  kind: TestDatabaseKind,
  options: { extractor?: FactExtractor; now?: Date; guessLimits?: GuessLimits; photos?: PhotoReader } = {},
) {
  const database = await testDatabase(kind);
  const catalog = await shippedCatalog();
  const now = options.now ?? DESK_START;
  await seedDesk(database.db, catalog, now);
  return new Desk(database, catalog, { ...options, now, closeDatabase: () => database.drop() });
}

export type TestDesk = Desk;
