import { beforeAll, describe, expect, it } from 'vitest';
import type { Contract } from '../../src/domain/contract.js';
import { type Facts, SCOPES, SYMPTOMS } from '../../src/domain/facts.js';
import { intakeSeverity } from '../../src/domain/severity.js';
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
const sev = (over: Partial<Facts>, contract = gx) => intakeSeverity({ ...base, ...over }, contract).severity;

describe('severity at intake (clause 5.14, first matching rule wins)', () => {
  it('a usage question with nothing broken is D, even during a major event or platform-wide', () => {
    expect(sev({ symptom: 'question' })).toBe('D');
    expect(sev({ symptom: 'question', majorEvent: true })).toBe('D');
    expect(sev({ symptom: 'question', scope: 'platform' })).toBe('D');
    expect(sev({ symptom: 'question', scope: 'multi_site' })).toBe('D');
  });

  it('a "question" about a device that is broken is not rule 1', () => {
    expect(sev({ symptom: 'question', usable: false })).toBe('B');
    expect(sev({ symptom: 'question', cause: 'human_damage' })).toBe('C');
    expect(sev({ symptom: 'question', cause: 'liquid', scope: 'platform' })).toBe('A');
  });

  it('any real fault during a major event is A, whatever else holds', () => {
    for (const symptom of SYMPTOMS.filter((s) => s !== 'question')) {
      expect(sev({ symptom, majorEvent: true })).toBe('A');
      expect(sev({ symptom, majorEvent: true, device: 'accessory' })).toBe('A');
    }
  });

  it('the platform down for everyone is A; a whole site or several sites is B', () => {
    expect(sev({ scope: 'platform' })).toBe('A');
    expect(sev({ scope: 'multi_site' })).toBe('B');
    expect(sev({ scope: 'whole_site' })).toBe('B');
    expect(sev({ scope: 'whole_site', device: 'accessory' })).toBe('B');
    expect(sev({ scope: 'platform', device: 'accessory', usable: true })).toBe('A');
  });

  it('an accessory on one device is D, even when it cannot be used', () => {
    expect(sev({ device: 'accessory', accessory: 'touch_pen' })).toBe('D');
    expect(sev({ device: 'accessory', usable: false })).toBe('D');
  });

  it('a device that cannot be used at all is B; a degraded one is C', () => {
    expect(sev({ symptom: 'no_power', usable: false })).toBe('B');
    expect(sev({ symptom: 'no_power', usable: true })).toBe('C');
    expect(sev({ symptom: 'no_sound' })).toBe('C');
    for (const scope of SCOPES.filter((s) => s === 'single_device')) expect(sev({ scope, usable: false })).toBe('B');
  });

  it('applies the same scale to both contracts and cites each contract', () => {
    const a = intakeSeverity({ ...base, usable: false }, cg);
    expect(a.severity).toBe('B');
    expect(a.reason.contract).toBe('CG-CULTURE');
    const b = intakeSeverity({ ...base, majorEvent: true }, gx);
    expect(b.reason).toMatchObject({ contract: 'GX-EDU', clause: '5.14' });
    expect(b.reason.text.en).toMatch(/major event/);
    expect(b.reason.text['zh-CN']).toMatch(/重大活动/);
  });
});
