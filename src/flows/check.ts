import type { Problem } from '../domain/data-files.js';
import { ACTIONS, isActionName } from './actions-catalog.js';
import { conditionSlots } from './conditions.js';
import type { CompiledFlow } from './flow-set.js';
import { COMMANDS, type SettingsFile, type Step, SYSTEM_TEXTS } from './schema.js';
import { placeholders, rootOf } from './template.js';

const WAITS: ReadonlySet<Step['kind']> = new Set(['ask', 'choose', 'photo']);

/** The steps a step can continue at, within its flow. */
function successors(step: Step): string[] {
  const out: (string | undefined)[] = [];
  switch (step.kind) {
    case 'say':
    case 'set':
    case 'ask':
    case 'photo':
    case 'call':
      out.push(step.next);
      break;
    case 'choose':
      out.push(step.next, step.allowText?.next, ...(step.options ?? []).map((o) => o.next));
      break;
    case 'branch':
      out.push(...step.cases.map((c) => c.next), step.else);
      break;
    case 'action':
      out.push(step.next, ...Object.values(step.on ?? {}));
      break;
    case 'goto':
    case 'end':
      break;
  }
  return out.filter((s): s is string => s !== undefined);
}

function texts(step: Step): string[] {
  const all: string[] = [];
  const add = (t?: { 'zh-CN': string; en: string }) => t && all.push(t['zh-CN'], t.en);
  if ('text' in step) add(step.text);
  if (step.kind === 'ask') add(step.invalid);
  if (step.kind === 'choose') {
    add(step.empty);
    for (const o of step.options ?? []) add(o.label);
  }
  return all;
}

function argStrings(args: Record<string, unknown> | undefined): string[] {
  return Object.values(args ?? {}).filter((v): v is string => typeof v === 'string');
}

/** The slot paths a step reads or writes. */
function slotRefs(step: Step): string[] {
  const refs = texts(step).flatMap(placeholders);
  switch (step.kind) {
    case 'ask':
    case 'photo':
      refs.push(step.save);
      break;
    case 'choose':
      refs.push(step.save);
      if (step.optionsFrom) refs.push(step.optionsFrom);
      if (step.allowText) refs.push(step.allowText.save);
      break;
    case 'branch':
      refs.push(...step.cases.flatMap((c) => conditionSlots(c.when)));
      break;
    case 'action':
      if (step.save) refs.push(step.save);
      refs.push(...argStrings(step.input).flatMap(placeholders));
      break;
    case 'set':
      refs.push(...Object.keys(step.values), ...argStrings(step.values).flatMap(placeholders));
      break;
    case 'goto':
    case 'call':
      refs.push(...argStrings(step.with).flatMap(placeholders));
      break;
  }
  return refs;
}

/** Semantic checks of one flow against the others: every problem, each naming file and step. */
export function checkFlow(flow: CompiledFlow, all: ReadonlyMap<string, CompiledFlow>): Problem[] {
  const problems: Problem[] = [];
  const at = (step: string, message: string) => problems.push({ file: flow.file, where: `flow ${flow.id}, step ${step}`, message });

  if (!flow.steps.has(flow.start)) problems.push({ file: flow.file, where: `flow ${flow.id}`, message: `start step "${flow.start}" does not exist` });

  for (const step of flow.steps.values()) {
    for (const target of successors(step)) {
      if (!flow.steps.has(target)) at(step.id, `next step "${target}" does not exist`);
    }
    for (const ref of slotRefs(step)) {
      if (!flow.slots.has(rootOf(ref))) at(step.id, `slot "${rootOf(ref)}" is not declared in the flow's slots`);
    }
    if (step.kind === 'choose') {
      if (!step.options && !step.optionsFrom) at(step.id, 'a choose step needs options, optionsFrom or both');
      const ids = (step.options ?? []).map((o) => o.id);
      for (const dup of ids.filter((id, i) => ids.indexOf(id) !== i)) at(step.id, `option "${dup}" appears twice`);
    }
    if (step.kind === 'ask' && step.validate?.pattern !== undefined) {
      try {
        new RegExp(step.validate.pattern, 'u');
      } catch (e) {
        at(step.id, `pattern is not a valid regular expression: ${(e as Error).message}`);
      }
    }
    if (step.kind === 'action') {
      if (!isActionName(step.action)) {
        at(step.id, `action "${step.action}" does not exist (known: ${Object.keys(ACTIONS).join(', ')})`);
      } else {
        const spec = ACTIONS[step.action];
        for (const outcome of Object.keys(step.on ?? {})) {
          if (!(spec.outcomes as readonly string[]).includes(outcome)) at(step.id, `action ${step.action} has no outcome "${outcome}" (it has: ${spec.outcomes.join(', ')})`);
        }
        const given = Object.keys(step.input ?? {});
        for (const input of spec.inputs) if (!given.includes(input)) at(step.id, `action ${step.action} needs input "${input}"`);
        const known = [...spec.inputs, ...('optionalInputs' in spec ? spec.optionalInputs : [])] as string[];
        for (const input of given) if (!known.includes(input)) at(step.id, `action ${step.action} takes no input "${input}"`);
      }
    }
    if (step.kind === 'goto' || step.kind === 'call') {
      const target = all.get(step.flow);
      if (!target) at(step.id, `flow "${step.flow}" does not exist`);
      else for (const slot of Object.keys(step.with ?? {})) if (!target.slots.has(slot)) at(step.id, `flow ${step.flow} has no slot "${slot}"`);
    }
  }

  const reached = reachable(flow);
  for (const id of flow.steps.keys()) if (!reached.has(id)) at(id, 'step is unreachable from the start step');
  for (const id of loopsWithoutQuestion(flow)) at(id, 'this step loops back to itself without asking the user anything');
  return problems;
}

function reachable(flow: CompiledFlow): Set<string> {
  const seen = new Set<string>();
  const queue = [flow.start];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const step = flow.steps.get(id);
    if (step) queue.push(...successors(step));
  }
  return seen;
}

/** Steps on a cycle made only of steps that never wait for the user (an endless loop). */
function loopsWithoutQuestion(flow: CompiledFlow): string[] {
  const auto = [...flow.steps.values()].filter((s) => !WAITS.has(s.kind));
  const autoIds = new Set(auto.map((s) => s.id));
  const looping: string[] = [];
  for (const start of auto) {
    const seen = new Set<string>();
    const stack = successors(start).filter((s) => autoIds.has(s));
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (id === start.id) {
        looping.push(start.id);
        break;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      const step = flow.steps.get(id);
      if (step) stack.push(...successors(step).filter((s) => autoIds.has(s)));
    }
  }
  return looping;
}

/** Checks the settings against the flows: referenced flows and slots exist, texts are complete. */
export function checkSettings(file: string, settings: SettingsFile, flows: ReadonlyMap<string, CompiledFlow>): Problem[] {
  const problems: Problem[] = [];
  for (const [role, id] of Object.entries(settings.flows)) {
    if (id !== undefined && !flows.has(id)) problems.push({ file, where: `flows.${role}`, message: `flow "${id}" does not exist` });
  }
  const report = flows.get(settings.flows.report);
  for (const [role, slot] of Object.entries(settings.reportSlots)) {
    if (report && slot && !report.slots.has(slot)) problems.push({ file, where: `reportSlots.${role}`, message: `flow ${report.id} has no slot "${slot}"` });
  }
  const followUp = settings.flows.followUp ? flows.get(settings.flows.followUp) : undefined;
  if (followUp && !followUp.slots.has(settings.reportSlots.firstText)) {
    problems.push({ file, where: 'flows.followUp', message: `flow ${followUp.id} has no slot "${settings.reportSlots.firstText}"` });
  }
  for (const id of SYSTEM_TEXTS) {
    if (!settings.texts[id]) problems.push({ file, where: `texts.${id}`, message: 'this system text is missing' });
  }
  const owner = new Map<string, string>();
  for (const command of COMMANDS) {
    const spec = settings.commands[command];
    for (const word of [...spec.slash, ...spec.words['zh-CN'], ...spec.words.en].map((w) => w.toLowerCase())) {
      const other = owner.get(word);
      if (other && other !== command) problems.push({ file, where: `commands.${command}`, message: `"${word}" already belongs to command ${other}` });
      owner.set(word, command);
    }
  }
  return problems;
}
