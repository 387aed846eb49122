/**
 * npm run --silent assets:import -- FILE [--dry-run] [--lang zh-CN|en]
 *
 * Imports an equipment list (CSV or XLSX) into the desk's register, as the console's import does;
 * see assets-import-command.ts. Exit codes: 0 applied (or a clean dry run); 1 the file has
 * problems (each printed by row and column; nothing written); 2 unusable options, settings, file
 * or database (the embedded one is held by a running fixline: stop it first).
 */
import { assetsImportCommand } from './assets-import-command.js';

process.exitCode = await assetsImportCommand(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
