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
import path from 'node:path';
import { formatProblem, type Problem } from '../domain/data-files.js';
import { isLang, type Lang } from '../domain/i18n.js';
import pino from 'pino';
import { ConfigError, parseLlmSettings } from '../config.js';
import { loadLlmPrompts } from '../catalog/load-llm-prompts.js';
import { createExtractor } from '../llm/index.js';
import type { LlmPromptSet } from '../triage/llm/prompts.js';
import { answerTriageText } from './triage-line.js';
import { readCliArgs, readInput } from './cli-input.js';
import { loadTriageData } from './triage-data.js';
import { PROJECT_ROOT } from '../paths.js';

const USAGE = 'usage: npm run --silent triage -- FILE [--lang en|zh-CN] [--flows DIR]   (FILE "-" reads standard input)';
const DEFAULT_FLOWS = path.join(PROJECT_ROOT, 'flows');

interface Options {
  readonly file: string;
  readonly lang: Lang;
  readonly flows: string;
}

function parseArgs(argv: readonly string[]): Options | string {
  const args = readCliArgs(argv, { values: ['--lang', '--flows'] });
  if (typeof args === 'string') return args;
  const lang = args.values.get('--lang') ?? 'en';
  if (!isLang(lang)) return `--lang must be en or zh-CN, not "${lang}"`;
  const flows = args.values.get('--flows');
  return { file: args.file, lang, flows: flows ? path.resolve(flows) : DEFAULT_FLOWS };
}

/** What the command reads and writes: the process's own streams, or a test's. */
export interface CommandIo {
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The environment the LLM settings are read from (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
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

  const data = await loadTriageData(options.flows);
  const problems: Problem[] = 'problems' in data ? [...data.problems] : [];
  let llmPrompts: LlmPromptSet = new Map();
  if (settings) {
    const loaded = await loadLlmPrompts(path.join(options.flows, 'llm'));
    problems.push(...loaded.problems);
    llmPrompts = loaded.prompts;
  }
  if (problems.length > 0 || 'problems' in data) {
    io.stderr(`triage: the flows data is invalid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return 2;
  }

  const log = pino({ level: 'warn', base: null }, { write: (line: string) => io.stderr(line) });
  const extractor = createExtractor(settings, { lexicons: data.lexicons, llmPrompts }, { log, counters: { inc: () => {} } });
  const { results, failed } = await answerTriageText(input, { contracts: data.contracts, extractor, lang: options.lang });
  for (const result of results) io.stdout(`${JSON.stringify(result)}\n`);
  return failed > 0 ? 1 : 0;
}
