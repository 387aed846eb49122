import { describe, expect, it } from 'vitest';
import { matchText, typedNumber } from '../../../src/flows/understand/match.js';
import { containsWord, fold } from '../../../src/flows/understand/normalise.js';

describe('fold', () => {
  it('reads Chinese numerals as digits, whatever the width, case, punctuation and spaces', () => {
    expect(fold('五年级一班')).toBe(fold('5年级1班'));
    expect(fold('５年级 一班')).toBe(fold('五年级一班'));
    expect(fold('初一（3）班')).toBe(fold('初1(3)班'));
    expect(fold('二十三号')).toBe('23号');
    expect(fold('十二')).toBe('12');
    expect(fold('十')).toBe('10');
    expect(fold('一零一')).toBe('101');
    expect(fold('  Room   302! ')).toBe('room 302');
    expect(fold('ROOM 302')).toBe(fold('room 302'));
  });
  it('drops the spaces next to Chinese characters but keeps those between words', () => {
    expect(fold('三年级 二班 的 一体机')).toBe('3年级2班的1体机');
    expect(fold('the  panel, please')).toBe('the panel please');
  });
});

describe('containsWord', () => {
  it('finds Latin words only whole, Chinese anywhere', () => {
    expect(containsWord('the panel in room 302', 'room 302')).toBe(true);
    expect(containsWord('room 3021', 'room 302')).toBe(false);
    expect(containsWord('i know', 'no')).toBe(false);
    expect(containsWord('3年级2班的1体机', '3年级2班')).toBe(true);
  });
});

interface Item {
  id: string;
  names: string[];
  phrases?: string[];
}
const items = (...list: Item[]) => list;
const names = (i: Item) => ({ names: i.names, ...(i.phrases ? { phrases: i.phrases } : {}) });
const pick = (typed: string, list: Item[], namesWithin = true) => {
  const m = matchText(typed, list, names, { namesWithin });
  return m.kind === 'one' ? m.item.id : m.kind === 'many' ? m.items.map((i) => i.id) : null;
};

const usable = items(
  { id: 'partly', names: ['还能用，但有问题', 'Yes, with problems'], phrases: ['是', '能用', '还能用', 'yes', 'still works'] },
  { id: 'not_at_all', names: ['完全不能用', 'Not at all'], phrases: ['不', '不能用', '用不了', '坏了', 'no', "can't use it"] },
);
const how = items(
  { id: 'normal', names: ['正常使用中出现', 'During normal use'] },
  { id: 'damage', names: ['被碰撞、摔落或损坏', 'It was hit, dropped or broken'] },
  { id: 'unknown', names: ['不清楚', "Don't know"], phrases: ['不知道', '不清楚', 'not sure', "don't know"] },
);
const assets = items(
  { id: 'p1', names: ['一体机 FX-PNL-0001', 'Interactive panel FX-PNL-0001'] },
  { id: 'p2', names: ['一体机 FX-PNL-0002', 'Interactive panel FX-PNL-0002'] },
  { id: 'v1', names: ['展台 FX-VIS-0001', 'Visualizer FX-VIS-0001'] },
  { id: 'not_listed', names: ['不在列表中', 'Not in the list'], phrases: ['不知道', 'not sure', "don't know"] },
);

describe('matchText', () => {
  it('takes a label, a word or a phrase, typed whole', () => {
    expect(pick('完全不能用', usable)).toBe('not_at_all');
    expect(pick('yes', usable)).toBe('partly');
    expect(pick('YES!', usable)).toBe('partly');
    expect(pick('不能用', usable)).toBe('not_at_all');
    expect(pick('用不了', usable)).toBe('not_at_all');
  });
  it('takes the longest phrase inside a longer answer', () => {
    expect(pick('还能用，就是有点卡', usable)).toBe('partly');
    expect(pick('现在不能用了', usable)).toBe('not_at_all');
    expect(pick("no, we can't use it at all", usable)).toBe('not_at_all');
    expect(pick('我也不知道', how)).toBe('unknown');
  });
  it('takes a distinctive part of one label', () => {
    expect(pick('正常使用', how)).toBe('normal');
    expect(pick('摔了', how)).toBe(null);
    expect(pick('摔落', how)).toBe('damage');
    expect(pick('展台', assets)).toBe('v1');
    expect(pick('visualizer', assets)).toBe('v1');
    expect(pick('0002', assets)).toBe('p2');
  });
  it('asks again rather than guess between options equally named', () => {
    expect(pick('一体机', assets)).toEqual(['p1', 'p2']);
    expect(pick('panel', assets)).toEqual(['p1', 'p2']);
  });
  it('does not take one letter or one character for a part of a label', () => {
    expect(pick('机', assets)).toBe(null);
    expect(pick('in', assets)).toBe(null);
    expect(pick('a', usable)).toBe(null);
  });
  it('looks for labels inside a longer text only where the question takes no free text', () => {
    expect(pick('就是那台展台 FX-VIS-0001 吧', assets)).toBe('v1');
    expect(pick('就是那台展台 FX-VIS-0001 吧', assets, false)).toBe(null);
    expect(pick('我不知道是哪台', assets, false)).toBe('not_listed');
  });
  it('does not read a negation as its positive', () => {
    expect(pick('i know', items({ id: 'no', names: ['No'], phrases: ['no'] }))).toBe(null);
    expect(pick('不是', items({ id: 'y', names: ['是'], phrases: ['是', '对'] }, { id: 'n', names: ['不是'], phrases: ['不是', '不'] }))).toBe('n');
  });
  it('does not take a phrase denied right before it', () => {
    const event = items(
      { id: 'yes', names: ['是'], phrases: ['是', '有', '公开课', '考试', 'exam', 'open class'] },
      { id: 'no', names: ['否'], phrases: ['没有', '不影响', 'no', 'not really'] },
    );
    expect(pick('有公开课', event)).toBe('yes');
    expect(pick('没有公开课', event)).toBe('no');
    expect(pick('明天没有考试', event)).toBe('no');
    expect(pick('there is no exam', event)).toBe(null);
    expect(pick('we have an exam tomorrow', event)).toBe('yes');
    expect(pick('现在不能用', usable)).toBe('not_at_all');
  });
  it('finds nothing in an empty or unrelated text', () => {
    expect(pick('   ', usable)).toBe(null);
    expect(pick('今天天气很好', how)).toBe(null);
  });
});

describe('typedNumber', () => {
  it('reads an option number as people type it', () => {
    expect(typedNumber('2')).toBe(2);
    expect(typedNumber('２')).toBe(2);
    expect(typedNumber('第二个')).toBe(2);
    expect(typedNumber('二')).toBe(2);
    expect(typedNumber('3号')).toBe(3);
    expect(typedNumber('#1')).toBe(1);
    expect(typedNumber('No. 4')).toBe(4);
    expect(typedNumber('1.')).toBe(1);
  });
  it('reads nothing else as a number', () => {
    expect(typedNumber('302教室')).toBeUndefined();
    expect(typedNumber('FX-PNL-0001')).toBeUndefined();
    expect(typedNumber('123')).toBeUndefined();
  });
});
