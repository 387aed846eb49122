import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowSet } from '../../src/flows/flow-set.js';
import { initialState } from '../../src/flows/state.js';
import { fakeActions } from '../support/fake-actions.js';
import { Chat, type FakeActions, labels, shippedFlows, text } from '../support/flows.js';

let set: FlowSet;
beforeAll(async () => {
  set = await shippedFlows();
});

const resolved = {
  outcome: 'found',
  value: {
    number: 'FX-2026-000003',
    status: { 'zh-CN': '已解决', en: 'Resolved' },
    summary: { 'zh-CN': 'FX-2026-000003（已解决）', en: 'FX-2026-000003 (Resolved)' },
    tag: 'FX-PNL-0001',
    open: false,
    reopenable: true,
  },
};
const inProgress = {
  outcome: 'found',
  value: {
    number: 'FX-2026-000003',
    status: { 'zh-CN': '处理中', en: 'In progress' },
    summary: { 'zh-CN': 'FX-2026-000003（处理中）', en: 'FX-2026-000003 (In progress)' },
    tag: 'FX-PNL-0001',
    open: true,
    reopenable: false,
  },
};

/** A chat whose teacher just got a ticket (the menu is shown again), with these fakes. */
function afterTicket(over: Partial<FakeActions> = {}, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const chat = new Chat(set, fakeActions(over), initialState(lang));
  const zh = lang === 'zh-CN';
  chat.send(zh ? '报修' : 'report');
  chat.send(zh ? '王老师' : 'Ms Lee');
  for (const answer of ['1', '1', '1']) chat.send(answer);
  chat.send(zh ? '一体机触摸没反应' : 'touch does not respond');
  for (const answer of ['1', '1', '1', '2']) chat.send(answer);
  let r = chat.send(zh ? '跳过' : 'skip');
  if (labels(r).includes('No, still broken')) r = chat.press(r, 'No, still broken');
  expect(text(chat.press(r, zh ? '确认提交' : 'Submit'))).toMatch(/FX-2026-000001/);
  return chat;
}

const reports = (chat: Chat) => chat.calls.filter((c) => c.name === 'load_profile').length;

describe('thanks and small talk where nothing is asked', () => {
  it('"谢谢" after a ticket gets a short friendly answer, not a report with "谢谢" as the fault', () => {
    const chat = afterTicket();
    const r = chat.send('谢谢！');
    expect(text(r)).toMatch(/不客气/);
    expect(text(r)).not.toMatch(/怎么称呼|描述一下故障/);
    expect(reports(chat)).toBe(1);
    expect(chat.current.frames.map((f) => f.flow)).toEqual(['main']);
  });

  it('"好的，谢谢" and 👍 in a new conversation, and "thanks" in English', () => {
    expect(text(new Chat(set, fakeActions()).send('好的，谢谢'))).toMatch(/不客气/);
    expect(text(new Chat(set, fakeActions()).send('👍'))).toMatch(/不客气/);
    const en = afterTicket({}, 'en');
    const r = en.send('ok thanks');
    expect(text(r)).toMatch(/You're welcome/);
    expect(reports(en)).toBe(1);
  });

  it('a description in a new conversation still starts a report with it', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('三年级二班一体机触摸没反应');
    expect(chat.current.frames.at(-1)?.vars.first_text).toBe('三年级二班一体机触摸没反应');
    expect(reports(chat)).toBe(1);
  });
});

describe('"still broken" about a recent ticket', () => {
  it('a resolved ticket: reopen it, with the teacher words as the reason', () => {
    const chat = afterTicket({ recent_ticket: () => resolved });
    let r = chat.send('还是黑屏，没修好');
    expect(text(r)).toMatch(/FX-2026-000003（已解决）/);
    expect(labels(r)).toEqual(['重新打开工单 FX-2026-000003', '补充到工单 FX-2026-000003', '这是新的故障']);
    r = chat.press(r, '重新打开工单 FX-2026-000003');
    expect(chat.lastCall('reopen_ticket')?.input).toEqual({ number: 'FX-2026-000003', text: '还是黑屏，没修好' });
    expect(text(r)).toMatch(/已重新打开工单 FX-2026-000003/);
    expect(reports(chat)).toBe(1);
  });

  it('typed "补充" adds the words to it instead; "这是新的故障" reports it', () => {
    const chat = afterTicket({ recent_ticket: () => resolved });
    chat.send('又坏了');
    let r = chat.send('补充');
    expect(chat.lastCall('add_to_ticket')?.input).toMatchObject({ number: 'FX-2026-000003', text: '又坏了' });
    expect(text(r)).toMatch(/已补充到工单 FX-2026-000003/);
    chat.send('投影仪还是不亮');
    r = chat.send('新的故障');
    expect(text(r)).toMatch(/怎么称呼|还是在|学校/);
    expect(chat.current.frames.at(-1)?.vars.first_text).toBe('投影仪还是不亮');
  });

  it('an open ticket can only be added to', () => {
    const chat = afterTicket({ recent_ticket: () => inProgress });
    const r = chat.send('还是不行');
    expect(text(r)).toMatch(/FX-2026-000003（处理中） 还在处理中/);
    expect(labels(r)).toEqual(['补充到工单 FX-2026-000003', '这是新的故障']);
    chat.press(r, '补充到工单 FX-2026-000003');
    expect(chat.lastCall('add_to_ticket')?.input).toMatchObject({ number: 'FX-2026-000003', text: '还是不行' });
  });

  it('with no recent ticket it is a report with the words as the description', () => {
    const chat = afterTicket();
    chat.send('还是黑屏，没修好');
    expect(chat.lastCall('recent_ticket')).toBeDefined();
    expect(reports(chat)).toBe(2);
    expect(chat.current.frames.at(-1)?.vars.first_text).toBe('还是黑屏，没修好');
  });

  it('in English: "still broken", then "reopen" typed', () => {
    const chat = afterTicket({ recent_ticket: () => resolved }, 'en');
    let r = chat.send("it's still broken");
    expect(text(r)).toMatch(/your ticket FX-2026-000003 \(Resolved\) back again/);
    expect(labels(r)).toContain('Reopen ticket FX-2026-000003');
    r = chat.send('reopen');
    expect(text(r)).toMatch(/Ticket FX-2026-000003 is reopened/);
  });
});

describe('a status question', () => {
  it('"修好了吗" answers from the newest open ticket', () => {
    const chat = afterTicket({ recent_ticket: () => inProgress, ticket_detail: (input) => ({ outcome: 'found', value: { text: `工单 ${JSON.stringify(input.number)}：工程师周二 10:00 上门` } }) });
    const r = chat.send('修好了吗？');
    expect(chat.lastCall('recent_ticket')?.input).toEqual({ open: true });
    expect(text(r)).toMatch(/工单 "FX-2026-000003"：工程师周二 10:00 上门/);
    expect(reports(chat)).toBe(1);
  });

  it('with no open ticket, says so; in English too', () => {
    expect(text(afterTicket().send('工程师什么时候到'))).toMatch(/没有正在处理的工单/);
    expect(text(afterTicket({}, 'en').send('when will the engineer come?'))).toMatch(/no ticket being worked on/);
  });
});

describe('a new fault on a device that has an open ticket', () => {
  const open = { open_ticket_on_asset: () => inProgress };

  it('is offered to add to that ticket; the description is asked and added, the ticket number ends it', () => {
    const c = new Chat(set, fakeActions(open));
    expect(text(c.send({ kind: 'start', assetTag: 'FX-PNL-0001' }))).toMatch(/怎么称呼/);
    let r = c.send('王老师');
    expect(text(r)).toMatch(/FX-PNL-0001 已有未完成的工单 FX-2026-000003（处理中）/);
    expect(labels(r)).toEqual(['补充到工单 FX-2026-000003', '仍然报新故障']);
    r = c.press(r, '补充到工单 FX-2026-000003');
    expect(text(r)).toMatch(/补充到工单 FX-2026-000003/);
    r = c.send('学生说声音也没了');
    expect(c.lastCall('add_to_ticket')?.input).toMatchObject({ number: 'FX-2026-000003', text: '学生说声音也没了' });
    expect(text(r)).toMatch(/已补充到工单 FX-2026-000003/);
    expect(c.lastCall('create_ticket')).toBeUndefined();
  });

  it('the first words already describe it: added at once; "report a new fault anyway" goes on as usual', () => {
    const chat = new Chat(set, fakeActions(open));
    chat.send('一体机黑屏');
    chat.send('王老师');
    chat.send('1');
    // The room chosen, the panel named in the first words is that room's: no device question, the open ticket is offered.
    let r = chat.send('1');
    expect(text(r)).toMatch(/好的：明湖小学 三年级二班 的一体机 FX-PNL-0001/);
    expect(text(r)).toMatch(/FX-PNL-0001 已有未完成的工单/);
    expect(text(chat.send('补充'))).toMatch(/已补充到工单 FX-2026-000003/);
    expect(chat.lastCall('add_to_ticket')?.input).toMatchObject({ text: '一体机黑屏' });
    const en = new Chat(set, fakeActions(open), initialState('en'));
    en.send('report');
    en.send('Ms Lee');
    for (const answer of ['1', '1']) en.send(answer);
    r = en.send('1');
    expect(text(r)).toMatch(/already has an open ticket, FX-2026-000003 \(In progress\)/);
    r = en.press(r, 'Report a new fault anyway');
    expect(text(r)).toMatch(/What happens\?/);
  });

  it('no open ticket: straight to the description', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('报修');
    chat.send('王老师');
    for (const answer of ['1', '1']) chat.send(answer);
    expect(text(chat.send('1'))).toMatch(/描述一下故障现象/);
    expect(chat.lastCall('open_ticket_on_asset')?.input.asset).toMatchObject({ tag: 'FX-PNL-0001' });
  });
});

describe('answering the offer in words', () => {
  it('"是的" reopens; a typed description instead is a new fault with those words', () => {
    const chat = afterTicket({ recent_ticket: () => resolved });
    chat.send('没修好');
    expect(text(chat.send('是的'))).toMatch(/已重新打开工单 FX-2026-000003/);
    chat.send('还是不行');
    chat.send('不是那个，是投影仪不亮');
    expect(chat.current.frames.at(-1)?.flow).toBe('report_fault');
    expect(chat.current.frames.at(-1)?.vars.first_text).toBe('不是那个，是投影仪不亮');
  });
});

describe('without a follow-up flow in settings.yaml', () => {
  it('free text where nothing is asked starts a report with it, as before', () => {
    const { followUp: _unused, ...flows } = set.settings.flows;
    const plain = { ...set, settings: { ...set.settings, flows } };
    const chat = new Chat(plain, fakeActions());
    expect(text(chat.send('谢谢'))).toMatch(/怎么称呼/);
    expect(chat.current.frames.at(-1)?.vars.first_text).toBe('谢谢');
  });
});
