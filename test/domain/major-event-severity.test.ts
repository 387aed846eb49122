import { beforeAll, describe, expect, it } from 'vitest';
import type { AssetFacts } from '../../src/domain/asset.js';
import type { Contract } from '../../src/domain/contract.js';
import { type Facts, SCOPES, SYMPTOMS } from '../../src/domain/facts.js';
import { assess } from '../../src/domain/policy.js';
import { eventApplies, intakeSeverity } from '../../src/domain/severity.js';
import { shippedContracts } from '../support/contracts.js';

let gx: Contract;
let cg: Contract;
beforeAll(async () => ({ gx, cg } = await shippedContracts()));

const base: Facts = {
  device: 'interactive_panel',
  symptom: 'touch_failure',
  cause: 'none_known',
  scope: 'single_device',
  usable: true,
  majorEvent: false,
};
const exams = { name: '期末考试' };
const sev = (over: Partial<Facts>, event: { name: string } | null = exams, contract = gx) =>
  intakeSeverity({ ...base, ...over }, contract, event);

describe('a fault during a declared major event (GX-EDU 5.14, CG-CULTURE 4.5.3)', () => {
  it('is A whatever the facts, citing the event by name and the contract clause, in both languages', () => {
    const decision = sev({});
    expect(decision.severity).toBe('A');
    expect(decision.reason).toEqual({
      contract: 'GX-EDU',
      clause: '5.14',
      text: { 'zh-CN': '重大活动「期末考试」期间发生故障：A级（紧急）', en: 'a fault during the major event "期末考试": A (critical)' },
    });
    expect(decision.why).toEqual({ 'zh-CN': '重大活动「期末考试」期间发生故障', en: 'a fault during the major event "期末考试"' });
    const cgDecision = sev({}, { name: 'Opening of the city culture festival' }, cg);
    expect(cgDecision.reason).toMatchObject({ contract: 'CG-CULTURE', clause: '4.5.3' });
    expect(cgDecision.reason.text.en).toBe('a fault during the major event "Opening of the city culture festival": A (critical)');
  });

  it('outranks every rule but the first: accessories, degraded devices, single devices', () => {
    for (const symptom of SYMPTOMS.filter((s) => s !== 'question')) {
      for (const scope of SCOPES) {
        expect(sev({ symptom, scope }).severity, `${symptom} ${scope}`).toBe('A');
        expect(sev({ symptom, scope, device: 'accessory', accessory: 'touch_pen' }).severity).toBe('A');
      }
    }
    // Without the event the same facts are C and D.
    expect(sev({}, null).severity).toBe('C');
    expect(sev({ device: 'accessory' }, null).severity).toBe('D');
  });

  it('a usage question with nothing broken stays D (rule 1 first); a question about a broken device is A', () => {
    expect(sev({ symptom: 'question' }).severity).toBe('D');
    expect(sev({ symptom: 'question' }).reason.text['zh-CN']).not.toContain('期末考试');
    expect(eventApplies({ ...base, symptom: 'question' }, exams)).toBe(false);
    expect(sev({ symptom: 'question', usable: false }).severity).toBe('A');
    expect(sev({ symptom: 'question', cause: 'liquid' }).severity).toBe('A');
    expect(eventApplies({ ...base, symptom: 'question', usable: false }, exams)).toBe(true);
  });

  it('names the declared event even when the teacher also said a major event is affected', () => {
    expect(sev({ majorEvent: true }).reason.text['zh-CN']).toBe('重大活动「期末考试」期间发生故障：A级（紧急）');
    // Without a declared event the teacher's answer still makes it A, with the general reason.
    expect(sev({ majorEvent: true }, null).reason.text['zh-CN']).toBe('故障影响重大活动：A级（紧急）');
  });

  it('no event, or none given, leaves the scale as it was', () => {
    expect(eventApplies(base, null)).toBe(false);
    expect(eventApplies(base, undefined)).toBe(false);
    expect(intakeSeverity({ ...base, usable: false }, gx).severity).toBe('B');
    expect(intakeSeverity({ ...base, usable: false }, gx, null).severity).toBe('B');
  });

  it('a name with spaces around it is cited trimmed; braces are cited as written', () => {
    expect(sev({}, { name: '  公开课  ' }).why['zh-CN']).toBe('重大活动「公开课」期间发生故障');
    expect(sev({}, { name: 'exam {room}' }).reason.text.en).toBe('a fault during the major event "exam {room}": A (critical)');
  });

  it('assess gives the event its reason first and keeps the warranty and the A clocks', () => {
    const asset: AssetFacts = { kind: 'interactive_panel', acceptedAt: '2026-03-01', replacedParts: [] };
    const at = new Date('2026-06-20T01:00:00Z');
    const during = assess({ ...base }, asset, gx, at, exams);
    const without = assess({ ...base }, asset, gx, at);
    expect(during.severity).toBe('A');
    expect(during.reasons[0]?.text['zh-CN']).toBe('重大活动「期末考试」期间发生故障：A级（紧急）');
    expect(during.warranty).toBe(without.warranty);
    expect(during.reasons.slice(1)).toEqual(without.reasons.slice(1));
    expect(without.severity).toBe('C');
  });
});
