import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalTriageCommand } from '../../src/cli/eval-triage-command.js';
import { exportCorrections, exportCorrectionsCommand } from '../../src/cli/export-corrections-command.js';
import { type TestDatabaseKind, testDatabase } from '../support/database.js';
import { shippedCatalog } from '../support/desk.js';
import { seedCorrectedDesk } from './corrections-data.js';

const kind: TestDatabaseKind = 'pglite';
const work = mkdtempSync(path.join(tmpdir(), 'fixline-corrections-'));

describe('exporting agents’ fact corrections as an evaluation set', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  beforeAll(async () => {
    database = await testDatabase(kind);
    await seedCorrectedDesk(database.db, await shippedCatalog());
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('one line per corrected ticket, by report time: the teacher’s choices as facts, the corrections and the contract’s decision as expect', async () => {
    const { lines, problems } = await exportCorrections(database, (await shippedCatalog()).contracts);
    expect(problems).toEqual([]);
    expect(lines.map((l) => l.id)).toEqual(['FX-2026-00002', 'FX-2026-00001']);
    expect(lines[1]).toEqual({
      id: 'FX-2026-00001',
      contract: 'GX-EDU',
      reportedAt: '2026-10-13T10:30:00+08:00',
      asset: { kind: 'interactive_panel', acceptedAt: '2026-06-12', replacedParts: [] },
      text: '三年级二班一体机触摸没反应，屏幕也黑了',
      // The device and usable were the teacher's (usable as they chose it, before the agent said otherwise).
      facts: { device: 'interactive_panel', usable: true },
      // The symptom's latest correction, and what GX-EDU decides for the corrected facts.
      expect: { symptom: 'no_display', usable: false, severity: 'B', warranty: 'in_warranty' },
    });
    // Without a triage record: the description, no teacher facts; the panel past its warranty, damaged by a person.
    expect(lines[0]).toMatchObject({
      text: '录播教室一体机摔坏了',
      facts: {},
      expect: { cause: 'human_damage', warranty: 'excluded' },
    });
  });

  it('--since keeps the tickets corrected on or after that day (the contract’s time zone)', async () => {
    const { contracts } = await shippedCatalog();
    expect((await exportCorrections(database, contracts, '2026-10-13')).lines.map((l) => l.id)).toEqual(['FX-2026-00001']);
    expect((await exportCorrections(database, contracts, '2026-10-12')).lines).toHaveLength(2);
    expect((await exportCorrections(database, contracts, '2026-10-15')).lines).toEqual([]);
  });

  it('the exported file is an evaluation file: eval:triage measures the word lists on it', async () => {
    const { lines } = await exportCorrections(database, (await shippedCatalog()).contracts);
    const file = path.join(work, 'corrections.jsonl');
    writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    let stdout = '';
    let stderr = '';
    const code = await evalTriageCommand(
      [file, '--extractor', 'rules', '--json'],
      { stdin: Readable.from([]), stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
      { llmExtractor: () => 'not in this test' },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { extractors: { lines: number; accuracy: Record<string, { total: number }> }[] };
    expect(report.extractors[0]?.lines).toBe(2);
    // Every corrected field is measured (a symptom, usable, a cause), and both decisions on each line.
    expect(report.extractors[0]?.accuracy).toMatchObject({
      severity: { total: 2 },
      warranty: { total: 2 },
      symptom: { total: 1 },
      usable: { total: 1 },
      cause: { total: 1 },
    });
  });

  it('refuses options it does not know, a FILE and a --since that is not a date, with its usage (exit 2)', async () => {
    for (const [args, message] of [
      [['--since', '2026-13-01'], '--since must be a date YYYY-MM-DD, not "2026-13-01"'],
      [['corrections.jsonl'], 'unexpected argument "corrections.jsonl"'],
      [['--format', 'csv'], 'unknown option --format'],
    ] as const) {
      let stderr = '';
      const code = await exportCorrectionsCommand(args, { stdin: Readable.from([]), stdout: () => {}, stderr: (t) => void (stderr += t) });
      expect(code).toBe(2);
      expect(stderr).toBe(
        `triage:export-corrections: ${message}\nusage: npm run --silent triage:export-corrections -- [--out FILE] [--since YYYY-MM-DD]\n`,
      );
    }
  });
});
