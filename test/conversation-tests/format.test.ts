import { describe, expect, it } from 'vitest';
import { parseTestFile } from '../../src/conversation-tests/format.js';
import { formatProblem } from '../../src/domain/data-files.js';

const parse = (text: string) => parseTestFile('flows/tests/x.yaml', text);

describe('conversation test files', () => {
  it('reads steps of every kind, with their lines', () => {
    const { tests, problems } = parse(`tests:
  - name: one
    lang: en
    channel: telegram
    steps:
      - start: FX-PNL-0001
      - user: 2
      - press: /Report/i
      - bot: [Hello, /menu/]
      - not_bot: still
      - offers: [Yes, "No"]
      - photo: true
      - silent: true
      - agent: say We are on our way
      - advance: 1h30m
      - ticket: { severity: B, asset: null }
      - tickets: 1
      - questions: 6
`);
    expect(problems).toEqual([]);
    const [test] = tests;
    expect(test).toMatchObject({ name: 'one', lang: 'en', channel: 'telegram', line: 2 });
    expect(test?.steps.map((s) => [s.kind, s.line])).toEqual([
      ['start', 6],
      ['user', 7],
      ['press', 8],
      ['bot', 9],
      ['not_bot', 10],
      ['offers', 11],
      ['photo', 12],
      ['silent', 13],
      ['agent', 14],
      ['advance', 15],
      ['ticket', 16],
      ['tickets', 17],
      ['questions', 18],
    ]);
    expect(test?.steps[1]).toMatchObject({ kind: 'user', text: '2' });
    expect(test?.steps[8]).toMatchObject({ kind: 'agent', action: 'say', text: 'We are on our way' });
    expect(test?.steps[9]).toMatchObject({ kind: 'advance', ms: 90 * 60_000 });
    const press = test?.steps[2];
    expect(press?.kind === 'press' && press.label.is('report a fault')).toBe(true);
  });

  it('defaults to the web chat in Chinese', () => {
    const { tests } = parse('tests:\n  - name: a\n    steps:\n      - user: 你好\n');
    expect(tests[0]).toMatchObject({ lang: 'zh-CN', channel: 'webchat' });
  });

  it('names the file and line of an unknown step, a bad value and a duplicate name', () => {
    const { tests, problems } = parse(`tests:
  - name: a
    steps:
      - user: 你好
      - says: 你好
      - advance: soon
      - agent: dance
  - name: a
    steps:
      - user: hi
        bot: hello
`);
    expect(tests).toEqual([]);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^flows\/tests\/x\.yaml: line 5: unknown step "says"; a step is one of user, press/),
      expect.stringMatching(/^flows\/tests\/x\.yaml: line 6: advance: .*not a duration/),
      'flows/tests/x.yaml: line 7: agent: "dance" is not take, say <text>, resolve [note] or handback',
      'flows/tests/x.yaml: line 8: another test in this file is named "a"',
      expect.stringMatching(/^flows\/tests\/x\.yaml: line 10: a step is one "key: value"/),
    ]);
  });

  it('names the line of a YAML error and of a wrong shape', () => {
    expect(parse('tests:\n  - name: a\n    steps: [\n').problems.map(formatProblem)[0]).toMatch(/^flows\/tests\/x\.yaml: line \d+: /);
    expect(parse('tests:\n  - name: a\n    colour: red\n    steps:\n      - user: x\n').problems.map(formatProblem)).toEqual([
      'flows/tests/x.yaml: line 2: unknown key colour',
    ]);
    expect(parse('tests:\n  - name: a\n    steps:\n      - ticket: { severity: E }\n').problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^flows\/tests\/x\.yaml: line 4: ticket: severity: /),
    ]);
  });
});
