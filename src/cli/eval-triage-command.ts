/**
 * The triage evaluation, which src/cli/eval-triage.ts runs with the process's streams (tests run
 * it in-process): npm run --silent eval:triage -- FILE [--extractor rules|llm|both] [--json] [--flows DIR]
 *
 * Reads the triage CLI's JSON Lines, each with an `expect` object, answers every line with the
 * chosen extractor(s) and prints accuracy per field, the severity confusion table, the misses,
 * the disagreements of `both`, latency and tokens. Exit codes: 0 the figures were printed (it is
 * a measurement, whatever they are); 2 the file is unreadable or malformed (each problem as
 * file:line), the data of flows/ is invalid, or an extractor cannot be built.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatProblem } from '../domain/data-files.js';
import type { FactExtractor } from '../triage/extractor.js';
import { formatEvalReport } from '../triage/eval/format.js';
import { evalReport, type ExtractorCases } from '../triage/eval/stats.js';
import type { LexiconSet } from '../triage/lexicon.js';
import { RulesExtractor } from '../triage/rules-extractor.js';
import { PROJECT_ROOT } from '../paths.js';
import { readEvalLines, runExtractor } from './eval-triage-run.js';
import type { CommandIo } from './triage-command.js';
import { loadTriageData } from './triage-data.js';
import { readCliArgs, readInput } from './cli-input.js';

const USAGE =
  'usage: npm run --silent eval:triage -- FILE [--extractor rules|llm|both] [--json] [--flows DIR]   (FILE "-" reads standard input)';
const DEFAULT_FLOWS = path.join(PROJECT_ROOT, 'flows');
const EXTRACTORS = ['rules', 'llm', 'both'] as const;
type ExtractorChoice = (typeof EXTRACTORS)[number];

interface Options {
  readonly file: string;
  readonly extractor: ExtractorChoice;
  readonly json: boolean;
  readonly flows: string;
}

/** What the LLM extractor is built from: the rules extractor (for its fallback), the word lists, and the flows folder (its prompts). */
export interface LlmExtractorContext {
  readonly rules: FactExtractor;
  readonly lexicons: LexiconSet;
  readonly flows: string;
}

/**
 * Builds the LLM extractor for `--extractor llm|both`; a string says why it cannot (missing
 * settings), and the command prints it and exits 2.
 */
export type LlmExtractorFactory = (ctx: LlmExtractorContext) => FactExtractor | string | Promise<FactExtractor | string>;

export interface EvalTriageDeps {
  readonly llmExtractor: LlmExtractorFactory;
  /** The clock the latency is measured with, in milliseconds (performance.now by default). */
  readonly now?: () => number;
}

function parseArgs(argv: readonly string[]): Options | string {
  const args = readCliArgs(argv, { values: ['--extractor', '--flows'], flags: ['--json'] });
  if (typeof args === 'string') return args;
  const extractor = args.values.get('--extractor') ?? 'rules';
  if (!(EXTRACTORS as readonly string[]).includes(extractor)) return `--extractor must be rules, llm or both, not "${extractor}"`;
  const flows = args.values.get('--flows');
  return {
    file: args.file,
    extractor: extractor as ExtractorChoice,
    json: args.flags.has('--json'),
    flows: flows ? path.resolve(flows) : DEFAULT_FLOWS,
  };
}

/** Runs the evaluation; returns its exit code. */
export async function evalTriageCommand(argv: readonly string[], io: CommandIo, deps: EvalTriageDeps): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    io.stderr(`eval:triage: ${options}\n${USAGE}\n`);
    return 2;
  }
  const fileName = options.file === '-' ? '(stdin)' : options.file;

  let input: string;
  try {
    input = await readInput(options.file, io.stdin);
  } catch (error) {
    io.stderr(`eval:triage: cannot read ${options.file}: ${(error as Error).message}\n`);
    return 2;
  }

  const data = await loadTriageData(options.flows);
  if ('problems' in data) {
    io.stderr(`eval:triage: the flows data is invalid:\n${data.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return 2;
  }

  const read = await readEvalLines(input, data.contracts);
  if ('problems' in read) {
    const where = (line: number) => (line > 0 ? `${fileName}:${line}` : fileName);
    io.stderr(
      `eval:triage: ${fileName} is not an evaluation file:\n${read.problems.map((p) => `  ${where(p.line)}: ${p.message}`).join('\n')}\n`,
    );
    return 2;
  }

  const rules = new RulesExtractor(data.lexicons);
  const chosen: [string, FactExtractor][] = [];
  if (options.extractor !== 'llm') chosen.push(['rules', rules]);
  if (options.extractor !== 'rules') {
    const llm = await deps.llmExtractor({ rules, lexicons: data.lexicons, flows: options.flows });
    if (typeof llm === 'string') {
      io.stderr(`eval:triage: --extractor ${options.extractor} needs the LLM extractor: ${llm}\n`);
      return 2;
    }
    chosen.push(['llm', llm]);
  }

  const now = deps.now ?? (() => performance.now());
  const runs: ExtractorCases[] = [];
  for (const [name, extractor] of chosen) runs.push(await runExtractor(name, extractor, read.lines, data.contracts, now));
  const report = evalReport(fileName, runs);
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatEvalReport(report));
  return 0;
}
