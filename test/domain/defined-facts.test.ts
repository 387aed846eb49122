import { describe, expect, it } from 'vitest';
import { definedFacts } from '../../src/domain/facts.js';

describe("definedFacts: a flow's slots as facts", () => {
  it('keeps the facts that are set, false included, and drops null, undefined and what is not a fact', () => {
    expect(definedFacts({ cause: 'liquid', usable: false, majorEvent: null, scope: undefined, ...{ name: '王老师' } })).toEqual({
      cause: 'liquid',
      usable: false,
    });
    expect(definedFacts({})).toEqual({});
  });
});
