/**
 * The equipment list import, which src/cli/assets-import.ts runs with the process's streams (tests
 * run it in-process): npm run --silent assets:import -- FILE [--dry-run] [--lang zh-CN|en]
 *
 * Reads FILE (CSV or XLSX) and applies it to the register of the desk's database (DATABASE_URL,
 * else the embedded one in DATA_DIR — created and migrated when there is none yet, as `npm start`
 * would; a running fixline holds it: stop it first) — exactly as the console's import does:
 * schools, rooms and assets created or updated in one transaction, each logged, or nothing when
 * the file has a problem. Prints what it did (or, with --dry-run, would do) and every problem by
 * row and column, in --lang (default zh-CN).
 * Exit codes: 0 applied (or a dry run without problems); 1 the file has problems (nothing was
 * written); 2 unusable options, settings, flows data, file or database.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyImport, type ImportResult, UnreadableFile } from '../app/asset-import/apply.js';
import { loadCatalog } from '../catalog/catalog.js';
import { ConfigError, parseConfig } from '../config.js';
import { formatProblem } from '../domain/data-files.js';
import { isLang, type Lang } from '../domain/i18n.js';
import { syncContracts } from '../storage/seed.js';
import { drizzleStore } from '../storage/store.js';
import { readCliArgs } from './cli-input.js';
import { openDeskDatabase } from './desk-database.js';
import type { CommandIo } from './triage-command.js';

const NAME = 'assets:import';
const USAGE = `usage: npm run --silent ${NAME} -- FILE [--dry-run] [--lang zh-CN|en]`;

/** What the import did, then each problem by row and column: the lines the command prints. Pure. */
export function importReport(result: ImportResult, dryRun: boolean, lang: Lang): string[] {
  const lines = [`${result.fileName}: ${result.rows} row${result.rows === 1 ? '' : 's'}`];
  const retired = result.retired > 0 ? `, ${result.retired} left out as retired` : '';
  const counts = `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged${retired}`;
  const places = [
    result.sitesCreated.length > 0 ? `new schools: ${result.sitesCreated.join(', ')}` : '',
    result.roomsCreated.length > 0 ? `new rooms: ${result.roomsCreated.map((r) => `${r.site} ${r.room}`).join(', ')}` : '',
  ].filter(Boolean);
  if (result.problems.length > 0) {
    lines.push(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: nothing was written`);
    for (const p of result.problems) {
      const where = p.line > 1 ? `row ${p.line}` : 'header';
      lines.push(`  ${where}${p.column ? `, ${p.column}` : ''}: ${p.message[lang]}`);
    }
    return lines;
  }
  lines.push(dryRun ? `dry run, nothing was written: would be ${counts}` : `applied (import ${result.importId ?? '—'}): ${counts}`);
  for (const line of places) lines.push(`  ${line}`);
  for (const u of result.updates.slice(0, 20)) {
    const changes = Object.entries(u.changes).map(([field, c]) => `${field} ${c.before ?? '—'} → ${c.after ?? '—'}`);
    lines.push(`  row ${u.line}, ${u.tag}: ${changes.join('; ')}`);
  }
  if (result.updated > 20) lines.push(`  … and ${result.updated - 20} more updated`);
  return lines;
}

export async function assetsImportCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const fail = (message: string, usage = false) => {
    io.stderr(`${NAME}: ${message}\n${usage ? `${USAGE}\n` : ''}`);
    return 2;
  };
  const args = readCliArgs(argv, { values: ['--lang'], flags: ['--dry-run'] });
  if (typeof args === 'string') return fail(args, true);
  if (!args.file || args.file === '-') return fail('give the equipment list as FILE (a .csv or .xlsx file)', true);
  const lang = args.values.get('--lang') ?? 'zh-CN';
  if (!isLang(lang)) return fail(`--lang must be zh-CN or en, not "${lang}"`, true);
  const dryRun = args.flags.has('--dry-run');

  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(error.message);
  }
  const { catalog, problems } = await loadCatalog(config.FLOWS_DIR);
  if (!catalog) return fail(`the flows data is invalid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(args.file);
  } catch (error) {
    return fail(`cannot read ${args.file}: ${(error as Error).message}`);
  }

  const database = await openDeskDatabase(config, 'import', { create: true });
  if (typeof database === 'string') return fail(database);
  try {
    // A new desk's first import: the contracts its rows name must be in the database.
    await syncContracts(database.db, catalog.contracts);
    const result = await applyImport(drizzleStore(database), catalog, {
      file: { name: path.basename(args.file), bytes },
      agentId: null,
      now: new Date(),
      dryRun,
    });
    for (const line of importReport(result, dryRun, lang)) io.stdout(`${line}\n`);
    return result.problems.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UnreadableFile) return fail(`${args.file}: ${error.message}`);
    throw error;
  } finally {
    await database.close();
  }
}
