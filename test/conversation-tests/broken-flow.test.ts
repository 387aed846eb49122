import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { flowsTestCommand } from '../../src/cli/flows-test-command.js';
import { formatFailure, runSuite } from '../../src/conversation-tests/suite.js';
import { FLOWS_DIR } from '../support/contracts.js';

/** A copy of flows/ with one edit to a file; the conversation tests must notice it. */
async function brokenCopy(file: string, from: string, to: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-broken-flows-'));
  await cp(FLOWS_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  const text = await readFile(target, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}`);
  await writeFile(target, text.replace(from, to));
  return dir;
}

describe('a flow broken on purpose fails its conversation tests', { timeout: 60_000 }, () => {
  let template: Blob;
  const dirs: string[] = [];
  beforeAll(async () => {
    template = new Blob([await readFile(inject('pgliteTemplate'))]);
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('a renamed button: the test pressing it fails at that step, with the buttons offered and the transcript', async () => {
    const dir = await brokenCopy('report-fault.yaml', 'label: { zh-CN: 正常使用中出现', 'label: { zh-CN: 正常使用时出现');
    dirs.push(dir);
    const run = await runSuite({ flowsDir: dir, filter: 'report by buttons in Chinese', template });
    expect(run.problems).toEqual([]);
    expect(run.results.length).toBeGreaterThan(0);
    const failed = run.results.filter((r) => r.failure);
    expect(failed.length).toBe(run.results.length);
    const report = formatFailure(failed[0]!, dir);
    expect(report).toContain('tests/report-happy.yaml');
    expect(report).toMatch(/step \d+ \(line \d+\): press: 正常使用中出现/);
    expect(report).toContain('no button "正常使用中出现" on the newest buttons: [正常使用时出现]');
    // The conversation so far, both directions, labelled.
    expect(report).toMatch(/teacher: +\[我要报修\]/);
    expect(report).toMatch(/bot: +故障是怎么发生的？/);
  });

  it("a step's next changed: the question the test waits for never comes, and the command exits 1", async () => {
    // After the room, when the first message named no device, straight to "type the asset tag"
    // instead of the room's devices (a step every path still reaches).
    const dir = await brokenCopy(
      'report-fault.yaml',
      '        next: understood_room\n    else: list_assets',
      '        next: understood_room\n    else: choose_tag',
    );
    dirs.push(dir);
    const out: string[] = [];
    const code = await flowsTestCommand([dir, '--filter', 'report by buttons in Chinese'], {
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
    });
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/bot: 哪台设备出了问题\n +expected the bot to say "哪台设备出了问题"/);
    expect(text).toMatch(/^0 passed, \d+ failed/m);
  });

  it('the same tests pass on the flows as shipped', async () => {
    const out: string[] = [];
    const code = await flowsTestCommand([FLOWS_DIR, '--filter', 'report by buttons in Chinese'], {
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
    });
    expect(out.join('\n')).toMatch(/^\d+ passed, 0 failed/m);
    expect(code).toBe(0);
  });
});
