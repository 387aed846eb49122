import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { triageCommand } from '../../src/cli/triage-command.js';
import { TRIAGE_EXAMPLES } from '../support/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const work = mkdtempSync(path.join(tmpdir(), 'fixline-triage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The command as `npm run triage` runs it, in this process: its exit code and what it printed. */
async function run(args: string[], input = '') {
  let stdout = '';
  let stderr = '';
  const code = await triageCommand(args, {
    stdin: Readable.from([input]),
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, stdout, stderr };
}

const report = (id: string, text: string) =>
  JSON.stringify({
    id,
    contract: 'GX-EDU',
    reportedAt: '2026-10-12T14:10:00+08:00',
    asset: { kind: 'interactive_panel', acceptedAt: '2026-05-20' },
    text,
  });

describe('triage CLI', () => {
  it('as a process: reads standard input with -, in the language asked for, working from any directory, and exits 0', () => {
    const input = `${report('s1', '一体机黑屏了')}\n\n${report('s2', 'touch screen not responding')}\n`;
    const r = spawnSync(TSX, [path.join(ROOT, 'src/cli/triage.ts'), '-', '--lang', 'zh-CN'], {
      cwd: work,
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ id: 's1', severity: 'B', warranty: 'in_warranty', billable: false, facts: { symptom: 'no_display' } });
    expect(lines[1]).toMatchObject({ id: 's2', severity: 'C', facts: { symptom: 'touch_failure' } });
    expect(lines[0].reasons[0]).toMatchObject({ contract: 'GX-EDU', clause: '5.14', text: expect.stringMatching(/无法使用/) });
  });

  it('answers every line of a file, in order, and exits 0', async () => {
    const { code, lines, stderr } = await run([TRIAGE_EXAMPLES]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const examples = readFileSync(TRIAGE_EXAMPLES, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(examples.map((e) => e.id));
    for (const [i, e] of examples.entries()) {
      if (e.expect.severity) expect(lines[i]?.severity, e.id).toBe(e.expect.severity);
      if (e.expect.warranty) expect(lines[i]?.warranty, e.id).toBe(e.expect.warranty);
    }
  });

  it('answers a malformed line in the middle with an error and exits 1', async () => {
    const file = path.join(work, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        report('a', '一体机没声音'),
        '{"id": "b", "contract": "GX-EDU"',
        report('c', 'no sound'),
        JSON.stringify({ id: 'd', contract: 'X', reportedAt: 'now', asset: null, text: '' }),
      ].join('\n'),
    );
    const { code, lines } = await run([file, '--lang=en']);
    expect(code).toBe(1);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 'a', severity: 'C' });
    expect(lines[1]).toEqual({ error: expect.stringMatching(/^invalid JSON/) });
    expect(lines[2]).toMatchObject({ id: 'c', severity: 'C' });
    expect(lines[3]).toEqual({ id: 'd', error: expect.stringMatching(/^contract: unknown contract "X"/) });
  });

  it('exits 2 for a missing file, a bad option, and invalid flows data', async () => {
    const missing = await run([path.join(work, 'nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl/);
    expect((await run([TRIAGE_EXAMPLES, '--lang', 'fr'])).code).toBe(2);
    expect((await run([])).code).toBe(2);

    const flows = path.join(work, 'flows');
    cpSync(path.join(ROOT, 'flows/contracts'), path.join(flows, 'contracts'), { recursive: true });
    cpSync(path.join(ROOT, 'flows/lexicon'), path.join(flows, 'lexicon'), { recursive: true });
    writeFileSync(path.join(flows, 'lexicon', 'broken.yaml'), "lang: en\nfacts:\n  symptom:\n    - value: bogus\n      patterns: ['(']\n");
    const bad = await run([TRIAGE_EXAMPLES, '--flows', flows]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('broken.yaml: facts.symptom.0.value: unknown symptom value "bogus"');
    expect(bad.stderr).toContain('broken.yaml: facts.symptom.0.patterns.0: invalid pattern');
  });
});
