import { llmCallsSuite } from './llm-calls-suite.js';

llmCallsSuite('postgres');
