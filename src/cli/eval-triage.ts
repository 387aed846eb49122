/**
 * npm run --silent eval:triage -- FILE [--extractor rules|llm|both] [--json] [--flows DIR]
 *
 * Measures the triage on JSON Lines with an `expect` object per line (see eval-triage-command.ts).
 * Exit codes: 0 the figures were printed; 2 the file or the flows data is unreadable or malformed,
 * or the LLM extractor cannot be built.
 */
import { evalTriageCommand } from './eval-triage-command.js';
import { llmExtractorFromEnv } from './eval-triage-llm.js';

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await evalTriageCommand(
  process.argv.slice(2),
  {
    stdin: process.stdin,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
  { llmExtractor: llmExtractorFromEnv(process.env) },
);
