import { describe, expect, it } from 'vitest';
import { answerValue, checkExpectation, EVAL_FIELDS } from '../../../src/triage/eval/expectation.js';
import { completeFacts } from '../../../src/domain/facts.js';

describe('checkExpectation', () => {
  it('accepts severity, warranty and any fact', () => {
    const value = {
      severity: 'B',
      warranty: 'excluded',
      device: 'accessory',
      accessory: 'touch_pen',
      cause: 'liquid',
      usable: false,
      majorEvent: true,
    };
    expect(checkExpectation(value)).toEqual({ ok: true, expect: value });
  });
  it('says the expectation is missing', () => {
    expect(checkExpectation(undefined)).toEqual({ ok: false, reason: expect.stringMatching(/^expect: missing/) });
  });
  it('names the field of a value outside the vocabulary', () => {
    const r = checkExpectation({ severity: 'E' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^expect\.severity: /);
  });
  it('rejects a misspelt field instead of checking nothing', () => {
    const r = checkExpectation({ severty: 'B' });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('severty') });
    if (!r.ok) expect(r.reason).not.toMatch(/names no field/);
  });
  it('rejects an empty expectation and a non-object', () => {
    expect(checkExpectation({})).toEqual({ ok: false, reason: expect.stringMatching(/^expect: names no field to check/) });
    expect(checkExpectation('B').ok).toBe(false);
    expect(checkExpectation(null).ok).toBe(false);
  });
});

describe('answerValue', () => {
  it('reads the decisions and every fact, undefined for a missing accessory', () => {
    const answer = { severity: 'A' as const, warranty: 'unknown' as const, facts: completeFacts({ symptom: 'no_power' }) };
    expect(EVAL_FIELDS.map((f) => answerValue(answer, f))).toEqual([
      'A',
      'unknown',
      'interactive_panel',
      undefined,
      'no_power',
      'none_known',
      'single_device',
      false,
      false,
    ]);
  });
});
