import { flowsTestCommand } from './flows-test-command.js';

/** `npm run flows:test [FLOWS_DIR] [--filter TEXT]`: runs the conversation tests (flows/tests/*.yaml); exit 1 on any failure. */
process.exitCode = await flowsTestCommand(process.argv.slice(2), {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
