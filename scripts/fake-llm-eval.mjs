// `npm run eval:triage -- FILE --extractor both` against a FAKE OpenAI-compatible server on loopback
// that replays RECORDED answers (test/fixtures/llm-recorded-answers.json: one LLM answer per example
// text, written by hand as a careful reader of each text would answer). The real `openai` client
// inside eval:triage talks to it; nothing leaves the machine. A text without a recorded answer gets a
// 500, so that the figures show the fallback to the word lists for that line. CI runs it (.ci/run).
//
//   npx tsx scripts/fake-llm-eval.mjs [FILE] [more eval:triage options, such as --json]
//
// FILE defaults to ../shared/triage-examples.jsonl when it exists, else the repository's copy
// (test/fixtures/triage-examples.jsonl). Exit code: eval:triage's (0 the figures were printed; 2 a
// malformed file), or 2 when the recorded answers are not valid LLM answers. Standard output is
// eval:triage's alone (--json stays one JSON document); what the fake did goes to standard error.
// Run with tsx: it imports the fake server and the answer schema from their TypeScript sources.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FakeOpenAi, lastUserText } from '../test/support/fake-openai.ts';
import { LlmAnswer } from '../src/triage/llm/answer.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RECORDED = path.join(ROOT, 'test/fixtures/llm-recorded-answers.json');
const SHARED = path.resolve(ROOT, '../shared/triage-examples.jsonl');
const REPO_COPY = path.join(ROOT, 'test/fixtures/triage-examples.jsonl');
const MODEL = 'fake-recorded-answers';

/** The recorded answers by text, each checked against the schema the LLM extractor parses with. */
function readRecorded() {
  const data = JSON.parse(readFileSync(RECORDED, 'utf8'));
  const answers = new Map();
  const problems = [];
  for (const [text, answer] of Object.entries(data)) {
    const parsed = LlmAnswer.safeParse(answer);
    if (parsed.success) answers.set(text, JSON.stringify(answer));
    else problems.push(`${JSON.stringify(text)}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { answers, problems };
}

const args = process.argv.slice(2);
const file = args[0] && !args[0].startsWith('-') ? path.resolve(args.shift()) : existsSync(SHARED) ? SHARED : REPO_COPY;
if (!args.includes('--extractor')) args.push('--extractor', 'both');

const { answers, problems } = readRecorded();
if (problems.length > 0) {
  process.stderr.write(
    `fake-llm-eval: ${path.relative(ROOT, RECORDED)} holds answers that are not LLM answers:\n  ${problems.join('\n  ')}\n`,
  );
  process.exit(2);
}

let unrecorded = 0;
const fake = new FakeOpenAi().respond((request) => {
  const answer = answers.get(lastUserText(request) ?? '');
  if (answer !== undefined) return { content: answer };
  unrecorded++;
  return { status: 500, message: 'the fake server has no recorded answer for this text' };
});
await fake.start();
process.stderr.write(
  `fake OpenAI-compatible server on ${fake.baseUrl} (loopback) replaying ${answers.size} recorded answers from ${path.relative(ROOT, RECORDED)}; no provider is asked\n\n`,
);

// The child inherits no LLM settings but the fake's.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LLM_')));
Object.assign(env, { LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'fake-key', LLM_MODEL: MODEL });
const code = await new Promise((resolve) => {
  const child = spawn('npm', ['run', '--silent', 'eval:triage', '--', file, ...args], { cwd: ROOT, env, stdio: 'inherit' });
  child.on('error', (error) => {
    process.stderr.write(`fake-llm-eval: cannot run npm: ${error.message}\n`);
    resolve(2);
  });
  child.on('close', (status, signal) => resolve(status ?? (signal ? 1 : 2)));
});
await fake.stop();
process.stderr.write(
  `\nthe fake server answered ${fake.requests.length} request${fake.requests.length === 1 ? '' : 's'}` +
    (unrecorded > 0 ? `, ${unrecorded} of them with a 500 (no recorded answer: those lines fell back to the word lists)` : '') +
    '\n',
);
process.exit(code);
