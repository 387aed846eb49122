import { describe, expect, it } from 'vitest';
import { isStorableText, storable, storableText } from '../../src/domain/storable.js';

describe('the storable-text rule', () => {
  it('replaces each NUL and each lone surrogate with U+FFFD, and keeps everything else', () => {
    expect(storableText('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    expect(storableText('a\uD800b')).toBe('a\uFFFDb');
    expect(storableText('\uDC00x\uD83D')).toBe('\uFFFDx\uFFFD');
    expect(storableText('一体机 😀 \t\n\u0001')).toBe('一体机 😀 \t\n\u0001');
    expect([isStorableText('ok 😀'), isStorableText('a\u0000'), isStorableText('\uD83D')]).toEqual([true, false, false]);
  });

  it('reaches every string of a JSON value, keys included, and leaves other values alone', () => {
    const value = { 'k\u0000': ['a\uD800', 1, null, true, { deep: 'x\u0000' }], n: 2 };
    expect(storable(value)).toEqual({ 'k\uFFFD': ['a\uFFFD', 1, null, true, { deep: 'x\uFFFD' }], n: 2 });
    expect(JSON.stringify(storable(value))).not.toMatch(/\\u0000|\\ud800/i);
    const clean = { a: 'fine', b: ['also fine'] };
    expect(storable(clean)).toEqual(clean);
  });
});
