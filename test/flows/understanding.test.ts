import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowSet } from '../../src/flows/flow-set.js';
import { fakeActions } from '../support/fake-actions.js';
import { Chat, labels, shippedFlows, text } from '../support/flows.js';

/**
 * Typed answers at every question of the report, in both languages: labels, numbers, close
 * variants and the meaning groups of flows/answers.yaml; what is not understood is asked again
 * with the options numbered, and several options equally named are never guessed between.
 */

let set: FlowSet;
beforeAll(async () => {
  set = await shippedFlows();
});

const panel2 = {
  id: 'a2',
  tag: 'FX-PNL-0009',
  label: '一体机 FX-PNL-0009',
  kind: 'interactive_panel',
  site: { id: 's1', label: '明湖小学' },
  room: { id: 'r1', label: '三年级二班' },
  place: '明湖小学 三年级二班',
};

/** A new teacher at the "how did it happen" question, every answer typed. */
function atHow(lang: 'zh' | 'en' = 'zh') {
  const chat = new Chat(set, fakeActions());
  chat.send('你好');
  if (lang === 'en') chat.send('English');
  chat.send(lang === 'zh' ? '报修' : 'report');
  chat.send(lang === 'zh' ? '王老师' : 'Ms Lee');
  chat.send('明湖');
  chat.send(lang === 'zh' ? '3年级2班' : '1');
  chat.send(lang === 'zh' ? '一体机' : '1');
  const r = chat.send(lang === 'zh' ? '开不了机' : 'it will not turn on');
  expect(text(r)).toMatch(lang === 'zh' ? /怎么发生/ : /How did it happen/);
  return chat;
}

describe('typed answers at the report questions (zh-CN)', () => {
  it('reads a school by part of its name, a room with digits for numerals, and a device by its kind', () => {
    const chat = atHow();
    expect(chat.lastCall('save_profile')?.input).toMatchObject({ site: { id: 's1' }, room: { id: 'r1', label: '三年级二班' } });
  });

  it('reads 正常使用, 不能用, 就这一台 and 不影响 at the button questions', () => {
    const chat = atHow();
    expect(text(chat.send('正常使用'))).toMatch(/还能用吗/);
    expect(text(chat.send('不能用'))).toMatch(/范围/);
    expect(text(chat.send('就这一台'))).toMatch(/重大活动/);
    expect(text(chat.send('不影响'))).toMatch(/照片/);
    chat.send('跳过');
    expect(chat.lastCall('triage')?.input).toMatchObject({ cause: 'none_known', usable: false, scope: 'single_device', majorEvent: false });
  });

  it('reads 还能用 and 是的 as yes, 我也不知道 as not known', () => {
    const chat = atHow();
    chat.send('我也不知道');
    chat.send('还能用，就是有点卡');
    chat.send('就这台');
    chat.send('是的');
    chat.send('跳过');
    expect(chat.lastCall('triage')?.input).toMatchObject({ cause: null, usable: true, scope: 'single_device', majorEvent: true });
  });

  it('an answer that is no option gets the options again, numbered, and then a number works', () => {
    const chat = atHow();
    const r = chat.send('这个嘛');
    expect(text(r)).toMatch(/没有这个选项/);
    expect(text(r)).toContain('1. 正常使用中出现\n2. 被碰撞、摔落或损坏\n3. 进水或液体泼洒');
    expect(labels(r)).toContain('正常使用中出现');
    expect(text(chat.send('第2个'))).toMatch(/还能用吗/);
    expect(chat.current.frames.at(-1)?.vars.cause).toBe('human_damage');
  });

  it('never guesses between two devices of one kind: asks again with their numbers', () => {
    const chat = new Chat(
      set,
      fakeActions({
        list_assets: () => ({
          outcome: 'ok',
          value: [
            { id: 'a1', label: '一体机 FX-PNL-0001', value: { id: 'a1', label: '一体机 FX-PNL-0001' } },
            { id: 'a2', label: panel2.label, value: panel2 },
          ],
        }),
      }),
    );
    chat.send('报修');
    chat.send('王老师');
    chat.send('明湖小学');
    chat.send('三年级二班');
    let r = chat.send('一体机');
    expect(text(r)).toMatch(/「一体机」符合好几个选项/);
    expect(text(r)).toContain('1. 一体机 FX-PNL-0001\n2. 一体机 FX-PNL-0009\n3. 不在列表中');
    r = chat.send('0009');
    expect(text(r)).toMatch(/故障现象/);
    expect(chat.current.frames.at(-1)?.vars.asset).toMatchObject({ tag: 'FX-PNL-0009' });
  });

  it('不知道 at the device and at the tag question goes on to the kind of device', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('报修');
    chat.send('王老师');
    chat.send('明湖小学');
    chat.send('三年级二班');
    let r = chat.send('不知道');
    expect(text(r)).toMatch(/资产标签号/);
    r = chat.send('不清楚');
    expect(text(r)).toMatch(/哪一类设备/);
    r = chat.send('投影');
    expect(text(r)).toMatch(/故障现象/);
    expect(chat.current.frames.at(-1)?.vars.device).toMatchObject({ kind: 'projector' });
  });

  it('a device kind typed at the device question is looked for by kind', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('报修');
    chat.send('王老师');
    chat.send('明湖小学');
    chat.send('三年级二班');
    const r = chat.send('电脑');
    expect(text(r)).toMatch(/好的，是电脑/);
    expect(chat.lastCall('find_device')?.input).toEqual({ text: '电脑', room: { id: 'r1', label: '三年级二班' } });
  });

  it('the remembered place: 对 keeps it, 不是 asks for another', () => {
    const known = { name: '王老师', site: { id: 's1', label: '明湖小学' }, room: { id: 'r1', label: '三年级二班' } };
    const chat = new Chat(set, fakeActions({ load_profile: () => ({ outcome: 'known', value: known }) }));
    chat.send('报修');
    expect(labels(chat.send('对'))[0]).toBe('一体机 FX-PNL-0001');
    const other = new Chat(set, fakeActions({ load_profile: () => ({ outcome: 'known', value: known }) }));
    other.send('报修');
    expect(text(other.send('不是'))).toMatch(/学校或场馆/);
  });

  it('a first message naming the room and device skips the place and device questions, and says what it understood', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('三年级二班的一体机完全不能用了');
    const r = chat.send('王老师');
    expect(text(r)).toContain('好的：明湖小学 三年级二班 的一体机 FX-PNL-0001。');
    expect(text(r)).toMatch(/怎么发生/);
    // "完全不能用" in the first message: the usable question is skipped.
    expect(text(chat.send('正常使用'))).toMatch(/范围/);
    expect(chat.current.frames.at(-1)?.vars.usable).toBe(false);
    expect(chat.lastCall('list_sites')).toBeUndefined();
  });
});

describe('typed answers at the report questions (en)', () => {
  it('reads normal use, no, just this one and no', () => {
    const chat = atHow('en');
    expect(text(chat.send('normal use'))).toMatch(/still be used/);
    expect(text(chat.send("no, can't use it"))).toMatch(/widespread/);
    expect(text(chat.send('just this one'))).toMatch(/major event/);
    expect(text(chat.send('nope'))).toMatch(/photo/);
    chat.send('skip');
    expect(chat.lastCall('triage')?.input).toMatchObject({ cause: 'none_known', usable: false, scope: 'single_device', majorEvent: false });
  });

  it('reads not sure, yes and sure', () => {
    const chat = atHow('en');
    chat.send("I'm not sure");
    chat.send('yes');
    chat.send('only this one');
    chat.send('sure');
    chat.send('skip');
    expect(chat.lastCall('triage')?.input).toMatchObject({ cause: null, usable: true, scope: 'single_device', majorEvent: true });
  });

  it('an answer that is no option gets the options numbered in English', () => {
    const chat = atHow('en');
    const r = chat.send('hmm');
    expect(text(r)).toMatch(/not one of the options/);
    expect(text(r)).toContain('1. During normal use\n2. It was hit, dropped or broken');
    expect(text(chat.send('6'))).toMatch(/still be used/);
  });
});

describe('places and devices read from the first message', () => {
  const site2 = { id: 's2', label: '东山中学' };
  const studio = (site: { id: string; label: string }, id: string) => ({ id, label: `${site.label} 录播教室`, value: { site, room: { id, label: '录播教室' } } });

  it('a room name several schools have is asked about, then the device is looked for there', () => {
    const chat = new Chat(
      set,
      fakeActions({
        find_place: () => ({ outcome: 'rooms', value: [studio({ id: 's1', label: '明湖小学' }, 'r3'), studio(site2, 'r9')] }),
        find_device: () => ({ outcome: 'not_found' }),
      }),
    );
    chat.send('录播教室的一体机黑屏');
    let r = chat.send('王老师');
    expect(text(r)).toMatch(/有几个地方叫这个名字/);
    expect(labels(r)).toEqual(['明湖小学 录播教室', '东山中学 录播教室']);
    r = chat.send('东山');
    expect(chat.lastCall('save_profile')?.input).toMatchObject({ site: site2, room: { id: 'r9', label: '录播教室' } });
    expect(chat.lastCall('find_device')?.input).toMatchObject({ room: { id: 'r9' } });
    expect(text(r)).toMatch(/好的：东山中学 录播教室。[\s\S]*哪台设备/);
  });

  it('several devices of the kind named: the choice is among them only', () => {
    const two = [
      { id: 'a1', label: '一体机 FX-PNL-0001', value: { id: 'a1', label: '一体机 FX-PNL-0001' } },
      { id: 'a2', label: '一体机 FX-PNL-0009', value: { id: 'a2', label: '一体机 FX-PNL-0009' } },
    ];
    const chat = new Chat(set, fakeActions({ find_device: () => ({ outcome: 'several', value: two }) }));
    chat.send('三年级二班的一体机黑屏');
    const r = chat.send('王老师');
    expect(text(r)).toMatch(/好的：明湖小学 三年级二班。[\s\S]*哪台设备/);
    expect(labels(r)).toEqual(['一体机 FX-PNL-0001', '一体机 FX-PNL-0009', '不在列表中']);
    expect(chat.lastCall('list_assets')).toBeUndefined();
  });

  it('a school named alone: the room question follows, then the device named first is found there', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('明湖小学的一体机黑屏');
    let r = chat.send('王老师');
    expect(text(r)).toMatch(/在 明湖小学 的哪个教室/);
    r = chat.send('三年级二班');
    expect(text(r)).toContain('好的：明湖小学 三年级二班 的一体机 FX-PNL-0001。');
  });
});
