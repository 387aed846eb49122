/**
 * npm run --silent triage -- FILE [--lang en|zh-CN] [--flows DIR]
 *
 * Reads fault reports as JSON Lines (FILE, or - for standard input) and prints one answer line per
 * report: severity, warranty, billing, the completed facts and the reasons with their clauses.
 * Exit codes: 0 all lines answered; 1 some line was malformed (its answer line says why);
 * 2 the input could not be read or the contract/lexicon data is invalid.
 */
import { triageCommand } from './triage-command.js';

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await triageCommand(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
