import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/domain/data-files.js';
import { readYamlDir } from '../../src/catalog/yaml-file.js';
import type { YamlFile } from '../../src/domain/data-files.js';
import { compileFlows } from '../../src/flows/load.js';
import { FLOWS_DIR } from '../support/contracts.js';

let shipped: YamlFile[];
beforeAll(async () => {
  shipped = (await readYamlDir(FLOWS_DIR)).files;
});

type Mutable = Record<string, unknown>;
/** The shipped files with one of them changed by `edit`. */
function withEdit(file: string, edit: (data: Mutable) => void): YamlFile[] {
  return shipped.map((f) => {
    if (path.basename(f.file) !== file) return f;
    const data = structuredClone(f.data) as Mutable;
    edit(data);
    return { file: f.file, data };
  });
}
const steps = (data: Mutable) => data.steps as Mutable[];
const step = (data: Mutable, id: string) => steps(data).find((s) => s.id === id)!;
const problemsOf = (files: YamlFile[]) => compileFlows(files).problems.map(formatProblem);

describe('flow checker', () => {
  it('accepts the shipped flows', () => {
    expect(compileFlows(shipped).problems).toEqual([]);
  });

  const cases: [string, string, (d: Mutable) => void, RegExp][] = [
    ['a next step that does not exist', 'report-fault.yaml', (d) => void (step(d, 'ask_name').next = 'nowhere'), /report-fault\.yaml: flow report_fault, step ask_name: next step "nowhere" does not exist/],
    ['an unreachable step', 'my-tickets.yaml', (d) => steps(d).push({ id: 'orphan', kind: 'end' }), /my-tickets\.yaml: flow my_tickets, step orphan: step is unreachable/],
    ['an unknown action', 'request-human.yaml', (d) => void (step(d, 'request').action = 'call_the_president'), /step request: action "call_the_president" does not exist/],
    ['an outcome the action cannot report', 'request-human.yaml', (d) => void (step(d, 'request').on = { online: 'online', busy: 'offline' }), /step request: action request_human has no outcome "busy"/],
    ['a missing action input', 'report-fault.yaml', (d) => void (step(d, 'find_typed').input = {}), /step find_typed: action find_device needs input "text"/],
    ['an undeclared slot in a template', 'my-tickets.yaml', (d) => void (step(d, 'none').text = { 'zh-CN': '{ghost}', en: '{ghost}' }), /step none: slot "ghost" is not declared/],
    ['an undeclared slot in a condition', 'report-fault.yaml', (d) => void ((step(d, 'check_tag').cases as Mutable[])[0]!.when = { slot: 'nope', exists: true }), /step check_tag: slot "nope" is not declared/],
    ['a text without English', 'my-tickets.yaml', (d) => void (step(d, 'none').text = { 'zh-CN': '没有' }), /my-tickets\.yaml: step none \(text\.en\)/],
    ['a goto to a missing flow', 'main.yaml', (d) => void (step(d, 'to_report').flow = 'report_v2'), /step to_report: flow "report_v2" does not exist/],
    ['a loop that never asks anything', 'my-tickets.yaml', (d) => void (step(d, 'not_found').next = 'detail'), /step detail: this step loops back to itself without asking/],
    ['a step id used twice', 'my-tickets.yaml', (d) => steps(d).push({ id: 'none', kind: 'end' }), /step none: step id used twice/],
    ['an invalid pattern', 'report-fault.yaml', (d) => void (step(d, 'ask_name').validate = { pattern: '([' }), /step ask_name: pattern is not a valid regular expression/],
    ['an unknown step kind', 'main.yaml', (d) => void (step(d, 'to_report').kind = 'teleport'), /main\.yaml: step to_report \(kind\)/],
    ['a meaning answers.yaml does not define', 'report-fault.yaml', (d) => void ((step(d, 'ask_usable').options as Mutable[])[0]!.means = 'maybe'), /step ask_usable, option partly: means "maybe", which answers\.yaml does not define/],
    ['a meaning group without its words', 'answers.yaml', (d) => void ((d.groups as Mutable).yes = { 'zh-CN': [''] }), /answers\.yaml: groups\.yes\.zh-CN\.0/],
    ['a missing start step', 'main.yaml', (d) => void (d.start = 'begin'), /flow main: start step "begin" does not exist/],
  ];
  for (const [name, file, edit, expected] of cases) {
    it(`reports ${name}, naming file and step`, () => {
      expect(problemsOf(withEdit(file, edit)).join('\n')).toMatch(expected);
    });
  }

  it('reports settings that name missing flows or lack a system text', () => {
    const problems = problemsOf(
      withEdit('settings.yaml', (d) => {
        (d.flows as Mutable).human = 'helpdesk';
        delete (d.texts as Mutable).too_long;
      }),
    ).join('\n');
    expect(problems).toMatch(/settings\.yaml: flows\.human: flow "helpdesk" does not exist/);
    expect(problems).toMatch(/settings\.yaml: texts\.too_long: this system text is missing/);
  });

  it('reports every problem, not just the first', () => {
    const files = withEdit('my-tickets.yaml', (d) => {
      step(d, 'list').action = 'nope';
      step(d, 'not_found').next = 'gone';
    });
    expect(problemsOf(files)).toHaveLength(2);
  });
});
