import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Problem, YamlFile } from '../domain/data-files.js';

/** Parses YAML text; syntax errors become problems with their line. */
export function parseYaml(file: string, text: string): { data?: unknown; problems: Problem[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e): Problem => {
        const message = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
        return e.linePos ? { file, where: `line ${e.linePos[0].line}`, message } : { file, message };
      }),
    };
  }
  return { data: doc.toJS(), problems: [] };
}

/** Reads every .yaml/.yml file of a folder (not recursive), sorted by name. */
export async function readYamlDir(dir: string): Promise<{ files: YamlFile[]; problems: Problem[] }> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const files: YamlFile[] = [];
  const problems: Problem[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const parsed = parseYaml(file, await readFile(file, 'utf8'));
    problems.push(...parsed.problems);
    if (parsed.problems.length === 0) files.push({ file, data: parsed.data });
  }
  return { files, problems };
}
