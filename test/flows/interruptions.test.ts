import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowSet } from '../../src/flows/flow-set.js';
import { askAgain } from '../../src/flows/engine.js';
import { initialState } from '../../src/flows/state.js';
import { fakeActions } from '../support/fake-actions.js';
import { Chat, labels, shippedFlows, text } from '../support/flows.js';

let set: FlowSet;
beforeAll(async () => {
  set = await shippedFlows();
});

/** A teacher half-way through a report: name, school and room given, at the device question. */
function halfWay(lang: 'zh-CN' | 'en' = 'zh-CN') {
  const chat = new Chat(set, fakeActions(), initialState(lang));
  chat.send(lang === 'en' ? 'report' : '报修');
  chat.send(lang === 'en' ? 'Ms Lee' : '王老师');
  chat.send('1');
  const r = chat.send('1');
  expect(text(r)).toMatch(lang === 'en' ? /Which device/ : /哪台设备/);
  return chat;
}

const vars = (chat: Chat) => chat.current.frames.at(-1)?.vars ?? {};

describe('a greeting or a menu word in the middle of a report asks before dropping it', () => {
  it.each(['你好', '菜单', '在吗', '/start'])('"%s" asks; "继续" goes back to the question with the answers kept', (word) => {
    const chat = halfWay();
    let r = chat.send(word);
    expect(text(r)).toMatch(/您的报修还没有填完。要继续填写，还是重新开始？/);
    expect(labels(r)).toEqual(['继续', '重新开始']);
    r = chat.send('继续');
    expect(text(r)).toMatch(/哪台设备/);
    expect(vars(chat)).toMatchObject({ name: '王老师', site: { label: '明湖小学' }, room: { label: '三年级二班' } });
  });

  it('"重新开始" drops it and greets with the menu', () => {
    const chat = halfWay();
    const r = chat.press(chat.send('你好'), '重新开始');
    expect(text(r)).toMatch(/您好，这里是设备报修服务[\s\S]*请选择需要的服务/);
    expect(chat.current.frames.map((f) => f.flow)).toEqual(['main']);
  });

  it('"报修" mid-report asks too; starting over begins a fresh report', () => {
    const chat = halfWay();
    let r = chat.send('报修');
    expect(text(r)).toMatch(/还没有填完/);
    r = chat.press(r, '重新开始');
    expect(text(r)).toMatch(/怎么称呼/);
    expect(vars(chat).room).toBeUndefined();
  });

  it('answering the question instead of choosing carries on with the report', () => {
    const chat = halfWay();
    chat.send('你好');
    const r = chat.send('1');
    expect(text(r)).toMatch(/描述一下故障现象/);
    expect(vars(chat).asset).toMatchObject({ tag: 'FX-PNL-0001' });
  });

  it('pressing a button of the open question instead carries on too', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('报修');
    chat.send('王老师');
    chat.send('1');
    const question = chat.send('1');
    chat.send('在吗');
    const r = chat.press(question, /FX-PNL-0001/);
    expect(text(r)).toMatch(/描述一下故障现象/);
  });

  it('only "取消" drops it without asking', () => {
    const chat = halfWay();
    const r = chat.send('取消');
    expect(text(r)).toMatch(/已取消[\s\S]*请选择需要的服务/);
    expect(chat.current.frames.map((f) => f.flow)).toEqual(['main']);
  });

  it('in English: "hello" asks, "Continue" goes back', () => {
    const chat = halfWay('en');
    let r = chat.send('hello');
    expect(text(r)).toMatch(/Your report is not finished yet\. Continue the report, or start over\?/);
    r = chat.press(r, 'Continue');
    expect(text(r)).toMatch(/Which device/);
    r = chat.press(chat.send('menu'), 'Start over');
    expect(text(r)).toMatch(/Hello, this is the equipment fault desk/);
  });

  it('at the main menu a greeting just greets (nothing to lose)', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('你好');
    expect(text(chat.send('你好'))).toMatch(/您好，这里是设备报修服务/);
  });
});

describe('asked again after a message from outside the flow (askAgain: a survey, a desk notice)', () => {
  it('the open question, with the same text and buttons', () => {
    const chat = halfWay();
    const asked = chat.send('1');
    const again = askAgain(set, chat.current, new Date());
    expect(again.replies).toEqual(asked.slice(-1));
  });

  it('"continue or start over?" while that is open, and "继续" still carries on', () => {
    const chat = halfWay();
    chat.send('你好');
    const { replies } = askAgain(set, chat.current, new Date());
    expect(text(replies)).toMatch(/^您的报修还没有填完。要继续填写，还是重新开始？/);
    expect(labels(replies)).toEqual(['继续', '重新开始']);
    expect(text(chat.press(replies, '继续'))).toMatch(/哪台设备/);
  });

  it('nothing at the main menu', () => {
    const chat = new Chat(set, fakeActions(), initialState('zh-CN'));
    chat.send('你好');
    expect(askAgain(set, chat.current, new Date()).replies).toEqual([]);
  });
});

describe('a photo sent at a question that wants words', () => {
  it('is kept for the report, acknowledged, and the question asked again; the photo question is then skipped', () => {
    const chat = halfWay();
    chat.send('1');
    let r = chat.send({ kind: 'photo', attachmentId: 'att-1' });
    expect(text(r)).toMatch(/照片已收到，会附在这次报修里[\s\S]*描述一下故障现象/);
    chat.send('触摸没反应');
    for (const answer of ['1', '1', '1']) chat.send(answer);
    r = chat.send('2');
    expect(text(r)).not.toMatch(/拍一张故障照片/);
    expect(text(r)).toMatch(/请确认报修信息/);
    chat.press(r, '确认提交');
    expect(chat.lastCall('create_ticket')?.input.photo).toBe('att-1');
  });

  it('its caption answers the question', () => {
    const chat = halfWay();
    chat.send('1');
    const r = chat.send({ kind: 'photo', attachmentId: 'att-2', caption: '屏幕碎了' });
    expect(text(r)).toMatch(/照片已收到[\s\S]*故障是怎么发生的/);
    expect(vars(chat)).toMatchObject({ description: '屏幕碎了', photo: 'att-2' });
  });

  it('at a choice too, in English', () => {
    const chat = halfWay('en');
    const r = chat.send({ kind: 'photo', attachmentId: 'att-3' });
    expect(text(r)).toMatch(/Got the photo; it will go with this report[\s\S]*Which device/);
    expect(vars(chat).photo).toBe('att-3');
  });
});
