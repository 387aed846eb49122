import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { completeFacts, Device, FACT_KEYS, type FactKey, PartialFacts } from '../../src/domain/facts.js';
import { detectLanguage } from '../../src/triage/normalise.js';
import type { RulesExtractor } from '../../src/triage/rules-extractor.js';
import { shippedExtractor } from './lexicons.js';

/**
 * An evaluation corpus of realistic reports (test/triage/corpus.jsonl), each with the facts a
 * careful human reader assigns — after the defaults of completeFacts(), as the policy sees them.
 * Reports with ids z… and n… were written before the extractor; h… later, as a held-out check.
 */
const Entry = z.strictObject({
  id: z.string(),
  text: z.string().min(1),
  asset: Device.nullable(),
  expect: PartialFacts.required({ device: true, symptom: true, cause: true, scope: true, usable: true, majorEvent: true }),
});
type Entry = z.infer<typeof Entry>;

const CORPUS = path.resolve(import.meta.dirname, 'corpus.jsonl');
const entries: Entry[] = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, i) => {
    const parsed = Entry.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`corpus.jsonl line ${i + 1}: ${parsed.error.message}`);
    return parsed.data;
  });

let extractor: RulesExtractor;
beforeAll(async () => {
  extractor = await shippedExtractor();
});

describe('evaluation corpus', () => {
  it('is large and mixed enough: 120+ reports, about 60% zh-CN and 40% en', () => {
    expect(entries.length).toBeGreaterThanOrEqual(120);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const zh = entries.filter((e) => detectLanguage(e.text) === 'zh-CN').length / entries.length;
    expect(zh).toBeGreaterThan(0.5);
    expect(zh).toBeLessThan(0.7);
  });

  it('the extractor gets every fact right on at least 90% of the reports', () => {
    const tally = new Map<FactKey, { right: number; total: number }>();
    const misses: string[] = [];
    for (const entry of entries) {
      const assetKind = entry.asset ?? undefined;
      const { facts: partial, evidence } = extractor.extractSync(entry.text, assetKind ? { assetKind } : {});
      const facts = completeFacts(partial, assetKind);
      for (const key of FACT_KEYS) {
        const want = entry.expect[key];
        if (want === undefined) continue;
        const t = tally.get(key) ?? { right: 0, total: 0 };
        t.total++;
        if (facts[key] === want) t.right++;
        else {
          const why =
            evidence
              .filter((e) => e.fact === key)
              .map((e) => `"${e.matched}"`)
              .join(', ') || 'no words (default)';
          misses.push(`${entry.id} ${key}: got ${String(facts[key])}, want ${String(want)} from ${why} | ${entry.text}`);
        }
        tally.set(key, t);
      }
    }
    const table = [...tally].map(([fact, t]) => ({
      fact,
      right: t.right,
      total: t.total,
      accuracy: `${((100 * t.right) / t.total).toFixed(1)}%`,
    }));
    console.log(`rules extractor on ${entries.length} corpus reports`);
    console.table(table);
    console.log(misses.length ? `misses:\n  ${misses.join('\n  ')}` : 'no misses');
    for (const [fact, t] of tally) expect(t.right / t.total, `accuracy of ${fact}`).toBeGreaterThanOrEqual(0.9);
  });
});
