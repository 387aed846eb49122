import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { flowsCheckCommand } from '../../src/cli/flows-check-command.js';
import { FLOWS_DIR } from '../support/contracts.js';

const run = promisify(execFile);

describe('npm run flows:check', () => {
  /** The command as `npm run flows:check` runs it, in this process: its exit code and what it printed. */
  async function check(...argv: string[]) {
    const out = { stdout: '', stderr: '' };
    const code = await flowsCheckCommand(argv, { stdout: (l) => void (out.stdout += `${l}\n`), stderr: (l) => void (out.stderr += `${l}\n`) });
    return { code, ...out };
  }

  it('passes on the shipped flows', async () => {
    const { code, stdout } = await check();
    expect(code).toBe(0);
    expect(stdout).toMatch(/flows ok: \d+ flows/);
  });

  it('as a process: fails with exit 1 on a broken flow, naming the file and the step', async () => {
    const cli = path.resolve(import.meta.dirname, '../../src/cli/flows-check.ts');
    const tsx = path.resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-flows-'));
    try {
      await cp(FLOWS_DIR, dir, { recursive: true });
      const file = path.join(dir, 'request-human.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('on: { online: online, offline: offline }', 'on: { online: online, offline: gone }'));
      const error = await run(tsx, [cli, dir]).catch((e: unknown) => e as { code: number; stderr: string });
      expect(error).toMatchObject({ code: 1 });
      expect((error as { stderr: string }).stderr).toContain(`${file}: flow request_human, step request: next step "gone" does not exist`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a YAML syntax error with its line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-flows-'));
    try {
      await cp(FLOWS_DIR, dir, { recursive: true });
      await writeFile(path.join(dir, 'main.yaml'), 'id: main\nsteps: [\n');
      const { code, stderr } = await check(dir);
      expect(code).toBe(1);
      expect(stderr).toMatch(/main\.yaml: line \d+:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('checks flows/intents.yaml: a broken pattern or a missing list is named with its file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fixline-flows-'));
    try {
      await cp(FLOWS_DIR, dir, { recursive: true });
      const file = path.join(dir, 'intents.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace("      - '\\b(broke|broken|failed|dead|black|blank|down) again\\b'", "      - '(unclosed'"));
      let result = await check(dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/intents\.yaml: intents\.still_broken\.patterns\.\d+: not a valid regular expression/);
      await writeFile(file, text.replace('recentDays: 14', 'recentDays: soon'));
      result = await check(dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/intents\.yaml: recentDays/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
