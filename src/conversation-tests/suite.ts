import path from 'node:path';
import { loadCatalog } from '../catalog/catalog.js';
import type { Problem } from '../domain/data-files.js';
import { type ConversationTest, loadTestFiles } from './format.js';
import { ConversationTestRunner, type TestResult } from './run.js';
import { formatTranscript } from './transcript.js';

/** Where a flows folder keeps its conversation tests. */
export function testsDir(flowsDir: string): string {
  return path.join(flowsDir, 'tests');
}

/** Whether a test is picked by a filter: a part of its file's name or of its own name (any case). */
export function picked(test: ConversationTest, filter: string | undefined): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  return path.basename(test.file).toLowerCase().includes(f) || test.name.toLowerCase().includes(f);
}

export interface SuiteRun {
  /** Bad data files (flows or tests): nothing ran when there are any. */
  readonly problems: readonly Problem[];
  readonly results: readonly TestResult[];
}

/**
 * Loads the flows of a folder and its conversation tests (`tests/*.yaml`) and runs the tests
 * picked by the filter, one after the other, reporting each as it ends.
 */
export async function runSuite(options: {
  flowsDir: string;
  filter?: string;
  template?: Blob;
  onResult?: (result: TestResult) => void;
}): Promise<SuiteRun> {
  const { catalog, problems } = await loadCatalog(options.flowsDir);
  const loaded = await loadTestFiles(testsDir(options.flowsDir));
  const all = [...problems, ...loaded.problems];
  if (!catalog || all.length > 0) return { problems: all, results: [] };
  const tests = loaded.tests.filter((t) => picked(t, options.filter));
  if (tests.length === 0) return { problems: [], results: [] };
  const runner = await ConversationTestRunner.open(catalog, options.template ? { template: options.template } : {});
  const results: TestResult[] = [];
  try {
    for (const test of tests) {
      const result = await runner.run(test);
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    await runner.close();
  }
  return { problems: [], results };
}

/** A test's place for a person: its file (relative to `from`), line and name. */
export function testTitle(test: ConversationTest, from = process.cwd()): string {
  return `${path.relative(from, test.file)}:${test.line} › ${test.name}`;
}

/** A failed test as a terminal shows it: where, which step, what was expected, and the conversation so far. */
export function formatFailure(result: TestResult, from = process.cwd()): string {
  const f = result.failure;
  if (!f) return '';
  const step = f.step && f.index !== undefined ? `step ${f.index + 1} (line ${f.step.line}): ${f.step.written}` : 'before the first step';
  return [
    `✗ ${testTitle(result.test, from)}`,
    `    ${step}`,
    `    ${f.message.split('\n').join('\n    ')}`,
    `    the conversation so far (${result.test.channel}, ${result.test.lang}):`,
    formatTranscript(f.transcript, f.since, '      '),
  ].join('\n');
}
