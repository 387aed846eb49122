import path from 'node:path';
import { formatFailure, runSuite, testsDir, testTitle } from '../conversation-tests/suite.js';
import { formatProblem } from '../domain/data-files.js';
import { PROJECT_ROOT } from '../paths.js';
import type { CheckIo } from './flows-check-command.js';

const USAGE = 'usage: npm run flows:test -- [FLOWS_DIR] [--filter TEXT]';

/**
 * `npm run flows:test [FLOWS_DIR] [--filter TEXT]` (src/cli/flows-test.ts runs it; tests run it
 * in-process): runs the conversation tests of FLOWS_DIR/tests/*.yaml against a desk on those
 * flows, those whose file or name contains TEXT when given. Returns the exit code: 0 when every
 * test passed, 1 otherwise (a failed test, a bad file, no test found).
 */
export async function flowsTestCommand(argv: readonly string[], io: CheckIo): Promise<number> {
  let dir: string | undefined;
  let filter: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--filter' || arg === '-f') filter = argv[++i];
    else if (arg.startsWith('--filter=')) filter = arg.slice('--filter='.length);
    else if (arg.startsWith('-') || dir !== undefined) {
      io.stderr(USAGE);
      return 1;
    } else dir = arg;
  }
  const flowsDir = path.resolve(dir ?? path.join(PROJECT_ROOT, 'flows'));
  const started = performance.now();
  const run = await runSuite({
    flowsDir,
    ...(filter ? { filter } : {}),
    onResult: (r) => {
      if (!r.failure) io.stdout(`✓ ${testTitle(r.test)} (${Math.round(r.ms)} ms)`);
      else io.stdout(formatFailure(r));
    },
  });
  for (const p of run.problems) io.stderr(formatProblem(p));
  if (run.problems.length > 0) {
    io.stderr(`${run.problems.length} problem${run.problems.length === 1 ? '' : 's'}: no test ran`);
    return 1;
  }
  if (run.results.length === 0) {
    io.stderr(`no conversation test${filter ? ` matching "${filter}"` : ''} in ${testsDir(flowsDir)}`);
    return 1;
  }
  const failed = run.results.filter((r) => r.failure).length;
  io.stdout(`${run.results.length - failed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return failed > 0 ? 1 : 0;
}
