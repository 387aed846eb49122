import { describe, expect, it } from 'vitest';
import { ACCESSORIES, CAUSES, DEVICES, FACT_KEYS, SCOPES, SYMPTOMS } from '../../src/domain/facts.js';
import { parseYaml } from '../../src/catalog/yaml-file.js';
import { parseLexicons } from '../../src/triage/lexicon.js';
import { shippedLexicons } from './lexicons.js';

const parse = (file: string, yaml: string) => {
  const { data, problems } = parseYaml(file, yaml);
  expect(problems).toEqual([]);
  return parseLexicons([{ file, data }]);
};

describe('lexicon loader', () => {
  it('loads the shipped lexicons, which cover every value of every fact', async () => {
    const lexicons = await shippedLexicons();
    expect([...lexicons.keys()].sort()).toEqual(['en', 'zh-CN']);
    const all: Record<string, readonly unknown[]> = {
      device: DEVICES.filter((d) => d !== 'accessory'), // accessory words set device: accessory
      accessory: ACCESSORIES,
      symptom: SYMPTOMS,
      cause: CAUSES.filter((c) => c !== 'none_known'),
      scope: SCOPES,
      usable: [true, false],
      majorEvent: [true],
    };
    for (const lexicon of lexicons.values()) {
      for (const fact of FACT_KEYS) {
        const covered = new Set(lexicon.facts[fact].map((r) => r.value));
        for (const value of all[fact]!) expect(covered.has(value as never), `${lexicon.lang} ${fact} ${String(value)}`).toBe(true);
      }
    }
  });

  it('reports an invalid pattern with its file and place', () => {
    const { lexicons, problems } = parse(
      'flows/lexicon/bad.yaml',
      `lang: en
facts:
  symptom:
    - value: no_sound
      words: [no sound]
      patterns: ['\\bno (sound|audio']
`,
    );
    expect(lexicons.size).toBe(0);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'flows/lexicon/bad.yaml', where: 'facts.symptom.0.patterns.0' });
    expect(problems[0]?.message).toMatch(/invalid pattern/);
  });

  it('reports a pattern that matches empty text, an unknown value, a wrong flag and an unknown key', () => {
    const { problems } = parse(
      'zh.yaml',
      `lang: zh-CN
ignore:
  patterns: ['(黑屏)?']
facts:
  device:
    - value: smart_panel
      words: [一体机]
  usable:
    - value: maybe
      words: [还行]
  symptom:
    - value: no_display
      words: [黑屏]
      wrods: [不显示]
`,
    );
    const where = problems.map((p) => p.where);
    expect(where).toEqual(expect.arrayContaining(['ignore.patterns.0', 'facts.device.0.value', 'facts.usable.0.value', 'facts.symptom.0']));
    expect(problems.every((p) => p.file === 'zh.yaml')).toBe(true);
    expect(problems.find((p) => p.where === 'ignore.patterns.0')?.message).toMatch(/matches empty text/);
    expect(problems.find((p) => p.where === 'facts.device.0.value')?.message).toMatch(/unknown device value "smart_panel"/);
    expect(problems.find((p) => p.where === 'facts.usable.0.value')?.message).toMatch(/true or false/);
  });

  it('reports an unknown language, a rule without words, and two files for one language', () => {
    const one = parse('x.yaml', 'lang: fr\nfacts: {}\n');
    expect(one.problems[0]).toMatchObject({ file: 'x.yaml', where: 'lang' });
    const empty = parse('y.yaml', 'lang: en\nfacts:\n  scope:\n    - value: platform\n');
    expect(empty.problems[0]).toMatchObject({ where: 'facts.scope.0', message: 'a rule needs words or patterns' });
    const twice = parseLexicons([
      { file: 'a.yaml', data: { lang: 'en', facts: {} } },
      { file: 'b.yaml', data: { lang: 'en', facts: {} } },
    ]);
    expect(twice.lexicons.size).toBe(1);
    expect(twice.problems).toEqual([{ file: 'b.yaml', where: 'lang', message: 'a lexicon for en is already defined in a.yaml' }]);
  });
});
