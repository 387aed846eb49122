import type { TestProject } from 'vitest/node';
import { type BrowserTests, browserTests } from './browser-tests.js';

/** Decides once per run whether the browser tests run; when they are skipped, says so in one line. */
export default function setup(project: TestProject) {
  const decision = browserTests(process.env);
  if (decision.notice) process.stderr.write(`\n${decision.notice}\n\n`);
  project.provide('browserTests', decision);
}

declare module 'vitest' {
  export interface ProvidedContext {
    browserTests: BrowserTests;
  }
}
