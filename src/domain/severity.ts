import type { Contract, Severity } from './contract.js';
import type { Facts } from './facts.js';
import type { LocalText } from './i18n.js';
import { type Reason, reason } from './reason.js';

/** A major event declared in the console (the roster's events) in force where and when the fault is reported. */
export interface DeclaredEvent {
  readonly name: string;
}

export interface SeverityDecision {
  readonly severity: Severity;
  /** Why this fault gets this level, in words a teacher understands. */
  readonly why: LocalText;
  readonly reason: Reason;
}

/** Rule 1: a usage question counts as "nothing is broken" only while the device is still usable and no damaging cause is reported. */
function nothingBroken(facts: Facts): boolean {
  return facts.symptom === 'question' && facts.usable && facts.cause === 'none_known';
}

/** Whether a declared event makes this fault A: any report but a question with nothing broken (rule 1 first). */
export function eventApplies(facts: Facts, event: DeclaredEvent | null | undefined): event is DeclaredEvent {
  return Boolean(event) && !nothingBroken(facts);
}

/**
 * Severity at intake (SERVICE_TERMS.md, "Severity at intake"; clause 5.14): the first rule that
 * matches wins. A major event declared in the console for the report's site and time (GX-EDU 5.14
 * "any fault affecting use during a major event"; CG-CULTURE 4.5.3) makes any fault A, citing the
 * event by name and the contract's `eventClause`, right after rule 1.
 */
export function intakeSeverity(facts: Facts, contract: Contract, event?: DeclaredEvent | null): SeverityDecision {
  const clause = contract.severity.clause;
  const decide = (severity: Severity, zh: string, en: string, by = clause): SeverityDecision => {
    const name = contract.severity.levels[severity].name;
    return { severity, why: { 'zh-CN': zh, en }, reason: reason(contract, by, `${zh}：${name['zh-CN']}`, `${en}: ${name.en}`) };
  };

  if (nothingBroken(facts)) {
    return decide('D', '使用咨询，没有设备损坏', 'a usage question with nothing broken');
  }
  if (eventApplies(facts, event)) {
    const named = event.name.trim();
    return decide(
      'A',
      `重大活动「${named}」期间发生故障`,
      `a fault during the major event "${named}"`,
      contract.severity.eventClause ?? clause,
    );
  }
  if (facts.majorEvent && facts.symptom !== 'question') {
    return decide('A', '故障影响重大活动', 'the fault affects a major event');
  }
  if (facts.scope === 'platform') {
    return decide('A', '主系统对所有用户中断', 'the main system is down for everyone');
  }
  if (facts.scope === 'multi_site') {
    return decide('B', '多个学校或场馆（区县范围）受影响', 'several sites (a district or county area) are affected');
  }
  if (facts.scope === 'whole_site') {
    return decide('B', '整个学校或场馆受影响', 'a whole school or venue is affected');
  }
  if (facts.device === 'accessory') {
    return decide('D', '配件问题，不影响整体运行', 'an accessory, which does not affect overall operation');
  }
  if (!facts.usable) {
    return decide('B', '设备完全无法使用，教学或工作无法进行', 'the device cannot be used at all, so the lesson or work cannot go on');
  }
  return decide('C', '单一部件受损，设备仍可使用', 'one component is impaired and the device still works');
}
