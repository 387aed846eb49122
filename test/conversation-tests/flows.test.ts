import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { formatProblem } from '../../src/domain/data-files.js';
import { loadTestFiles } from '../../src/conversation-tests/format.js';
import { ConversationTestRunner } from '../../src/conversation-tests/run.js';
import { formatFailure, testsDir } from '../../src/conversation-tests/suite.js';
import { FLOWS_DIR } from '../support/contracts.js';

// The conversation tests of flows/tests/*.yaml (what `npm run flows:test` runs), one `it` each.
const { catalog, problems } = await loadCatalog(FLOWS_DIR);
const loaded = await loadTestFiles(testsDir(FLOWS_DIR));

describe('conversation tests (flows/tests)', () => {
  let runner: ConversationTestRunner | undefined;
  beforeAll(async () => {
    if (catalog) runner = await ConversationTestRunner.open(catalog, { template: new Blob([await readFile(inject('pgliteTemplate'))]) });
  });
  afterAll(async () => {
    await runner?.close();
  });

  it('the flows and the test files are well-formed', () => {
    expect([...problems, ...loaded.problems].map(formatProblem)).toEqual([]);
    expect(loaded.tests.length).toBeGreaterThan(0);
  });

  for (const test of loaded.tests) {
    it(`${path.basename(test.file)} › ${test.name}`, async () => {
      if (!runner) throw new Error('the flows did not load');
      const result = await runner.run(test);
      if (result.failure) throw new Error(`\n${formatFailure(result)}`);
    });
  }
});
