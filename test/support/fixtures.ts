import path from 'node:path';

/**
 * Data the tests replay, kept in the repository (test/fixtures/, see its SOURCES.md): a plain
 * clone tests itself with nothing beside it.
 */
const FIXTURES_DIR = path.resolve(import.meta.dirname, '../fixtures');
/** Telegram's payloads from the SDKs' own test suites (MIT). */
export const TELEGRAM_FIXTURES = path.join(FIXTURES_DIR, 'telegram');
/** LINE's payloads and signature vectors from the SDKs' own test suites (Apache-2.0). */
export const LINE_FIXTURES = path.join(FIXTURES_DIR, 'line');
/** The customer's example reports with the severity and warranty they expect, one JSON per line. */
export const TRIAGE_EXAMPLES = path.join(FIXTURES_DIR, 'triage-examples.jsonl');
