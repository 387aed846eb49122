import { flowsCheckCommand } from './flows-check-command.js';

/** `npm run flows:check [DIR]`: checks every data file of flows/ and prints each problem (exit 1 on any). */
process.exitCode = await flowsCheckCommand(process.argv.slice(2), {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
