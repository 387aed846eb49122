/**
 * The triage command, which src/cli/triage.ts runs with the process's streams (tests run it
 * in-process): npm run --silent triage -- FILE [--lang en|zh-CN] [--flows DIR]
 *
 * Reads fault reports as JSON Lines (FILE, or - for standard input) and prints one answer line per
 * report: severity, warranty, billing, the completed facts and the reasons with their clauses.
 * Exit codes: 0 all lines answered; 1 some line was malformed (its answer line says why);
 * 2 the input could not be read, the contract/lexicon data or the LLM settings are invalid.
 * With LLM_BASE_URL, LLM_API_KEY and LLM_MODEL set, the LLM reads the texts over the word lists
 * (as the desk does), and each answer line also says where each fact came from and how the call went.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseContracts } from '../catalog/contracts.js';
import { formatProblem, type Problem } from '../domain/data-files.js';
import { readYamlDir } from '../catalog/yaml-file.js';
import { isLang, type Lang } from '../domain/i18n.js';
import { loadLexicons } from '../catalog/load-lexicons.js';
import pino from 'pino';
import { ConfigError, parseLlmSettings } from '../config.js';
import { loadLlmPrompts } from '../catalog/load-llm-prompts.js';
import { createExtractor } from '../llm/index.js';
import type { LlmPromptSet } from '../triage/llm/prompts.js';
import { answerTriageText } from './triage-line.js';
import { PROJECT_ROOT } from '../paths.js';

const USAGE = 'usage: npm run --silent triage -- FILE [--lang en|zh-CN] [--flows DIR]   (FILE "-" reads standard input)';
const DEFAULT_FLOWS = path.join(PROJECT_ROOT, 'flows');

interface Options {
  readonly file: string;
  readonly lang: Lang;
  readonly flows: string;
}

function parseArgs(argv: readonly string[]): Options | string {
  let file: string | undefined;
  let lang = 'en';
  let flows = DEFAULT_FLOWS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--lang' || name === '--flows') {
      const value = inline ?? argv[++i];
      if (value === undefined) return `${name} needs a value`;
      if (name === '--lang') lang = value;
      else flows = path.resolve(value);
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg}`;
    } else if (file === undefined) {
      file = arg;
    } else {
      return `only one FILE, got "${file}" and "${arg}"`;
    }
  }
  if (file === undefined) return 'FILE is missing';
  if (!isLang(lang)) return `--lang must be en or zh-CN, not "${lang}"`;
  return { file, lang, flows };
}

/** What the command reads and writes: the process's own streams, or a test's. */
export interface CommandIo {
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The environment the LLM settings are read from (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

async function readInput(file: string, stdin: CommandIo['stdin']): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs the command; returns its exit code. */
export async function triageCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    io.stderr(`triage: ${options}\n${USAGE}\n`);
    return 2;
  }

  let settings: ReturnType<typeof parseLlmSettings>;
  try {
    settings = parseLlmSettings(io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`triage: ${error.message}\n`);
    return 2;
  }

  let input: string;
  try {
    input = await readInput(options.file, io.stdin);
  } catch (error) {
    io.stderr(`triage: cannot read ${options.file}: ${(error as Error).message}\n`);
    return 2;
  }

  const problems: Problem[] = [];
  const contractFiles = await readYamlDir(path.join(options.flows, 'contracts')).catch((error: unknown) => {
    problems.push({ file: path.join(options.flows, 'contracts'), message: error instanceof Error ? error.message : String(error) });
    return { files: [], problems: [] };
  });
  const { contracts, problems: contractProblems } = parseContracts(contractFiles.files);
  const lexiconResult = await loadLexicons(path.join(options.flows, 'lexicon')).catch((error: unknown) => ({
    lexicons: new Map(),
    problems: [{ file: path.join(options.flows, 'lexicon'), message: error instanceof Error ? error.message : String(error) }],
  }));
  problems.push(...contractFiles.problems, ...contractProblems, ...lexiconResult.problems);
  let llmPrompts: LlmPromptSet = new Map();
  if (settings) {
    const loaded = await loadLlmPrompts(path.join(options.flows, 'llm'));
    problems.push(...loaded.problems);
    llmPrompts = loaded.prompts;
  }
  if (problems.length > 0) {
    io.stderr(`triage: the flows data is invalid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return 2;
  }

  const log = pino({ level: 'warn', base: null }, { write: (line: string) => io.stderr(line) });
  const extractor = createExtractor(settings, { lexicons: lexiconResult.lexicons, llmPrompts }, { log, counters: { inc: () => {} } });
  const { results, failed } = await answerTriageText(input, { contracts, extractor, lang: options.lang });
  for (const result of results) io.stdout(`${JSON.stringify(result)}\n`);
  return failed > 0 ? 1 : 0;
}
