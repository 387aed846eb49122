import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowSet } from '../../src/flows/flow-set.js';
import { fakeActions } from '../support/fake-actions.js';
import { Chat, labels, shippedFlows, text } from '../support/flows.js';

let set: FlowSet;
beforeAll(async () => {
  set = await shippedFlows();
});

/** Walks a new teacher from the menu to the confirmation question. */
function toConfirmation(chat: Chat, lang: 'zh' | 'en' = 'zh') {
  const zh = lang === 'zh';
  chat.send('你好');
  if (!zh) chat.send('English');
  let r = chat.send(zh ? '我要报修' : 'report');
  expect(text(r)).toMatch(zh ? /怎么称呼/ : /your name/);
  r = chat.send(zh ? '王老师' : 'Ms Lee');
  expect(labels(r)).toEqual(['明湖小学', '东山中学']);
  r = chat.press(r, '明湖小学');
  expect(labels(r)).toEqual(['三年级二班', '五年级一班']);
  r = chat.press(r, '三年级二班');
  expect(labels(r)).toEqual(['一体机 FX-PNL-0001', zh ? '不在列表中' : 'Not in the list']);
  r = chat.press(r, '一体机 FX-PNL-0001');
  expect(text(r)).toMatch(zh ? /故障现象/ : /What happens/);
  r = chat.send(zh ? '一体机开不了机' : 'it will not turn on');
  r = chat.press(r, zh ? '正常使用中出现' : 'During normal use');
  r = chat.press(r, zh ? '完全不能用' : 'Not at all');
  r = chat.press(r, zh ? '只有这台设备' : 'Just this device');
  r = chat.press(r, zh ? '否' : 'No');
  expect(text(r)).toMatch(zh ? /照片/ : /photo/);
  r = chat.send({ kind: 'photo', attachmentId: 'att-1' });
  expect(text(r)).toMatch(zh ? /检查电源连接/ : /Check the power connection/);
  return chat.press(r, zh ? '没有解决' : 'No, still broken');
}

describe('report a fault', () => {
  it('collects who, where, which device, what, how, usable, event and photo, then opens a ticket (zh-CN)', () => {
    const chat = new Chat(set, fakeActions());
    const r = toConfirmation(chat);
    expect(text(r)).toContain('报修人：王老师');
    expect(text(r)).toContain('地点：明湖小学 三年级二班');
    expect(text(r)).toContain('设备：一体机 FX-PNL-0001');
    expect(text(r)).toContain('问题：一体机开不了机');
    const done = chat.press(r, '确认提交');
    expect(text(done)).toContain('工单号：FX-2026-000001');
    // back at the main menu afterwards
    expect(labels(done)).toContain('我要报修');

    expect(chat.lastCall('save_profile')?.input).toMatchObject({ name: '王老师', site: { id: 's1' }, room: { id: 'r1' } });
    expect(chat.lastCall('triage')?.input).toMatchObject({
      text: '一体机开不了机',
      asset: { id: 'a1' },
      cause: 'none_known',
      usable: false,
      scope: 'single_device',
      majorEvent: false,
    });
    expect(chat.lastCall('create_ticket')?.input).toMatchObject({ description: '一体机开不了机', photo: 'att-1', name: '王老师', asset: { tag: 'FX-PNL-0001' } });
  });

  it('runs the same flow in English', () => {
    const chat = new Chat(set, fakeActions());
    const r = toConfirmation(chat, 'en');
    expect(text(r)).toContain('Reported by: Ms Lee');
    expect(text(r)).toContain('Where: 明湖小学, 三年级二班');
    const done = chat.press(r, 'Submit');
    expect(text(done)).toContain('registered as ticket FX-2026-000001');
    expect(text(done)).toContain('Severity C');
  });

  it('closes without a ticket when the first-aid tip fixed it', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('你好');
    chat.send('我要报修');
    chat.send('王老师');
    chat.send('1');
    chat.send('1');
    chat.send('1');
    chat.send('不通电');
    chat.send('1');
    chat.send('2');
    chat.send('1');
    chat.send('2');
    const tips = chat.send('跳过');
    expect(text(tips)).toContain('检查电源连接');
    const r = chat.press(tips, '解决了');
    expect(text(r)).toMatch(/不创建工单/);
    expect(chat.lastCall('create_ticket')).toBeUndefined();
    // Recorded for the reports' share of faults solved by first aid.
    expect(chat.lastCall('first_aid_solved')?.input).toMatchObject({ symptom: 'no_power' });
  });

  it('a first message that describes the fault starts a report with it, skipping "what happens"', () => {
    const chat = new Chat(set, fakeActions());
    let r = chat.send('三年级二班一体机触摸没反应');
    expect(text(r)).toMatch(/怎么称呼/);
    r = chat.send('李老师');
    // The room and the device come from the first message: no question about them.
    expect(text(r)).toMatch(/好的：明湖小学 三年级二班 的一体机 FX-PNL-0001。[\s\S]*怎么发生/);
    expect(chat.lastCall('list_sites')).toBeUndefined();
  });

  it('remembers the place for next time and offers it', () => {
    const chat = new Chat(
      set,
      fakeActions({
        load_profile: () => ({ outcome: 'known', value: { name: '王老师', site: { id: 's1', label: '明湖小学' }, room: { id: 'r1', label: '三年级二班' } } }),
      }),
    );
    chat.send('你好');
    let r = chat.send('报修');
    expect(text(r)).toContain('还是在 明湖小学 三年级二班 吗？');
    r = chat.send('是');
    expect(labels(r)[0]).toBe('一体机 FX-PNL-0001');
    expect(chat.lastCall('list_assets')?.input).toEqual({ room: { id: 'r1', label: '三年级二班' } });
  });

  it('an unknown typed asset tag gets a specific message and the same question again', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('报修');
    chat.send('王老师');
    chat.send('1');
    chat.send('1');
    let r = chat.send('FX-NOPE-9');
    expect(text(r)).toContain('没有找到「FX-NOPE-9」这台设备');
    expect(labels(r)).toEqual(['不知道标签号']);
    r = chat.send('FX-PNL-0001');
    expect(text(r)).toContain('找到设备：一体机 FX-PNL-0001');
    expect(text(r)).toMatch(/故障现象/);
  });

  it('without a tag the teacher picks the kind of device, and the asset stays unknown', () => {
    const chat = new Chat(set, fakeActions({ list_assets: () => ({ outcome: 'none', value: [] }) }));
    chat.send('报修');
    chat.send('王老师');
    chat.send('1');
    let r = chat.send('1');
    expect(text(r)).toMatch(/资产标签号/);
    r = chat.press(r, '不知道标签号');
    expect(labels(r)).toHaveLength(10);
    r = chat.press(r, '展台');
    expect(text(r)).toMatch(/故障现象/);
    chat.send('画面很暗');
    for (const n of ['1', '1', '1', '2', '跳过']) chat.send(n);
    expect(chat.lastCall('triage')?.input).toMatchObject({ asset: null, device: 'visualizer' });
  });

  it('a QR link names the device and skips where and which', () => {
    const chat = new Chat(set, fakeActions());
    const r = chat.send({ kind: 'start', assetTag: 'FX-PNL-0001' });
    expect(text(r)).toMatch(/怎么称呼/);
    const next = chat.send('赵老师');
    expect(text(next)).toContain('您正在为 一体机 FX-PNL-0001（明湖小学 三年级二班）报修');
    expect(text(next)).toMatch(/故障现象/);
    expect(chat.lastCall('save_profile')?.input).toMatchObject({ site: { id: 's1' }, room: { id: 'r1' } });
  });

  it('a QR link with an unknown tag says so and continues with a normal report', () => {
    const chat = new Chat(set, fakeActions());
    chat.send({ kind: 'start', assetTag: 'FX-GONE-1' });
    const r = chat.send('赵老师');
    expect(text(r)).toContain('没有找到标签为 FX-GONE-1 的设备');
    expect(labels(r)).toEqual(['明湖小学', '东山中学']);
  });
});
