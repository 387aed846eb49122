import { describe, expect, it } from 'vitest';
import { classifyIntent, IntentsFile } from '../../src/flows/intents.js';
import { shippedIntents } from '../support/fake-actions.js';

const classify = (text: string) => classifyIntent(text, shippedIntents);

describe('what a message means where nothing was asked (flows/intents.yaml)', () => {
  it.each(['谢谢', '谢谢！', '好的', '好的，谢谢', '好的谢谢', '辛苦了', '收到', '👍', '👍🏻', 'thanks', 'Thank you!', 'ok', 'OK thanks 👍', 'thx', 'great, thanks'])(
    '"%s" is thanks',
    (text) => expect(classify(text)).toBe('thanks'),
  );

  it.each([
    '还是黑屏，没修好',
    '没修好',
    '还是坏的',
    '又坏了',
    '一体机又黑屏了',
    '投影仪还是不亮',
    '修了还是不行啊',
    'still broken',
    "It's still not working",
    'not fixed',
    'the projector is broken again',
    "Still doesn't work",
    'the screen is still black',
  ])('"%s" is still broken', (text) => expect(classify(text)).toBe('still_broken'));

  it.each(['修好了吗', '修好了吗？', '工程师什么时候到', '什么时候来修啊', '怎么还没来', 'when will the engineer come', 'Is it fixed?', 'any update?', 'When is the technician coming?'])(
    '"%s" asks about progress',
    (text) => expect(classify(text)).toBe('status'),
  );

  it.each(['三年级二班一体机黑屏', '谢谢，投影仪不亮了', '好的，电脑开不了机', 'the panel in room 204 has no sound', 'ok the projector is off', '好用吗', 'hello there', ''])(
    '"%s" is a new report',
    (text) => expect(classify(text)).toBe('report'),
  );

  it('"still broken" wins over thanks and a status question', () => {
    expect(classify('谢谢，不过还是黑屏')).toBe('still_broken');
    expect(classify('还是不行，工程师什么时候来？')).toBe('still_broken');
    expect(classify('thanks, but it is still broken')).toBe('still_broken');
  });

  it('English words match whole words only: "ok" is not in "broken", "eta" not in "metal"', () => {
    expect(classify('the metal frame came off')).toBe('report');
    expect(classify('token reader broken')).toBe('report');
  });

  it('the data file is checked: a bad pattern or a missing list is refused', () => {
    const bad = IntentsFile.safeParse({ recentDays: 14, intents: { still_broken: { patterns: ['(unclosed'] }, status: {}, thanks: {} } });
    expect(bad.success).toBe(false);
    expect(IntentsFile.safeParse({ recentDays: 0, intents: { still_broken: {}, status: {}, thanks: {} } }).success).toBe(false);
    expect(IntentsFile.safeParse({ recentDays: 14, intents: { still_broken: {}, status: {} } }).success).toBe(false);
  });
});
