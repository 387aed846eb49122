/**
 * npm run --silent triage:export-corrections -- [--out FILE] [--since YYYY-MM-DD]
 *
 * Writes every ticket an agent corrected a fact of as a line of the triage CLI's input with an
 * `expect` object (an evaluation set for `npm run eval:triage`); see export-corrections-command.ts.
 * Exit codes: 0 all exported; 1 some tickets left out (stderr says why); 2 unusable options,
 * settings, flows data or database (the embedded one is held by a running fixline: stop it first).
 */
import { exportCorrectionsCommand } from './export-corrections-command.js';

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await exportCorrectionsCommand(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
