import { beforeAll, describe, expect, it } from 'vitest';
import { handleInput } from '../../src/flows/engine.js';
import type { FlowSet } from '../../src/flows/flow-set.js';
import { initialState } from '../../src/flows/state.js';
import { fakeActions } from '../support/fake-actions.js';
import { Chat, labels, shippedFlows, text } from '../support/flows.js';

let set: FlowSet;
beforeAll(async () => {
  set = await shippedFlows();
});

/** A chat standing at the "which room" question. */
function atRoomQuestion(over = {}) {
  const chat = new Chat(set, fakeActions(over));
  chat.send('报修');
  chat.send('王老师');
  const r = chat.send('1');
  expect(text(r)).toMatch(/哪个教室/);
  return { chat, r };
}

describe('main menu and first contact', () => {
  it('greets in zh-CN with the menu buttons', () => {
    const r = new Chat(set, fakeActions()).send('你好');
    expect(text(r)).toMatch(/设备报修服务/);
    expect(labels(r)).toEqual(['我要报修', '我的工单', '人工客服', 'English']);
  });

  it('the menu buttons run my tickets, a human and the language switch', () => {
    const chat = new Chat(set, fakeActions());
    let r = chat.press(chat.send('hi'), '我的工单');
    expect(text(r)).toContain('您有 1 张工单');
    r = chat.press(r, 'FX-2026-000001');
    expect(text(r)).toContain('工单 FX-2026-000001：已登记');
    r = chat.press(r, 'English');
    expect(text(r)).toContain('Switched to English');
    expect(labels(r)).toEqual(['Report a fault', 'My tickets', 'Talk to a human', '中文']);
    r = chat.press(r, 'Talk to a human');
    expect(text(r)).toContain('Your request for a human agent is recorded');
    expect(text(r)).toContain('8:00–18:00');
    // One acknowledgement, no menu: the flow waits there while the app keeps the bot quiet.
    expect(labels(r)).toEqual([]);
  });
});

describe('global commands work from any step', () => {
  it('cancel drops the report and returns to the menu', () => {
    const { chat } = atRoomQuestion();
    const r = chat.send('取消');
    expect(text(r)).toMatch(/已取消/);
    expect(labels(r)).toContain('我要报修');
    expect(chat.current.frames.map((f) => f.flow)).toEqual(['main']);
  });

  it('switching language repeats the current question in the new language', () => {
    const { chat } = atRoomQuestion();
    let r = chat.send('English');
    expect(text(r)).toContain('Switched to English');
    expect(text(r)).toMatch(/Which room at 明湖小学/);
    r = chat.send('/lang');
    expect(text(r)).toMatch(/已切换为中文[\s\S]*哪个教室/);
    expect(chat.current.lang).toBe('zh-CN');
  });

  it('my tickets and help interrupt, then the same question comes back', () => {
    const { chat } = atRoomQuestion();
    let r = chat.send('我的工单');
    expect(text(r)).toContain('您有 1 张工单');
    r = chat.press(r, '返回主菜单');
    expect(text(r)).toMatch(/哪个教室/);
    expect(labels(r)).toEqual(['三年级二班', '五年级一班']);
    r = chat.send('/help');
    expect(text(r)).toMatch(/我可以帮您报修[\s\S]*哪个教室/);
    chat.send('1');
    expect(chat.lastCall('save_profile')?.input).toMatchObject({ room: { id: 'r1' } });
  });

  it('asking for a human records the request, says so once and keeps the report underneath for the agent', () => {
    const { chat } = atRoomQuestion({ request_human: () => ({ outcome: 'online', value: { text: '' } }) });
    const r = chat.send('转人工');
    expect(chat.lastCall('request_human')).toBeDefined();
    expect(r.map((m) => m.text)).toEqual([expect.stringMatching(/^已为您转接人工客服.*发送「取消」。$/)]);
    expect(chat.current.frames.map((f) => f.flow)).toEqual(['report_fault', 'request_human']);
  });

  it('/report mid-report asks before starting over; /start with a tag, restarted, starts one for that device', () => {
    const { chat } = atRoomQuestion();
    let r = chat.send('/report');
    expect(text(r)).toMatch(/还没有填完/);
    r = chat.press(r, '重新开始');
    expect(text(r)).toMatch(/怎么称呼/);
    r = chat.send({ kind: 'command', command: 'start', arg: 'FX-PNL-0001' });
    chat.press(r, '重新开始');
    expect(chat.current.frames[0]?.vars).toMatchObject({ asset_tag: 'FX-PNL-0001' });
  });

  it('an unknown slash command gets the help text, not taken as an answer', () => {
    const { chat } = atRoomQuestion();
    const r = chat.send('/foo');
    expect(text(r)).toMatch(/我可以帮您报修[\s\S]*哪个教室/);
    expect(chat.current.frames.at(-1)?.step).toBe('choose_room');
    const fresh = new Chat(set, fakeActions());
    fresh.send('你好');
    expect(text(fresh.send('/whatever'))).toMatch(/我可以帮您报修[\s\S]*请选择需要的服务/);
    expect(fresh.current.frames.map((f) => f.flow)).toEqual(['main']);
  });

  it('command words only count as the whole message', () => {
    const { chat } = atRoomQuestion();
    const r = chat.send('取消了一节课');
    expect(text(r)).toMatch(/没有这个选项/);
    expect(chat.current.frames.at(-1)?.step).toBe('choose_room');
  });
});

describe('bad input gets a clear answer and the conversation stays where it was', () => {
  for (const [name, input, message] of [
    ['empty', '', /空消息/],
    ['whitespace only', '   \n\t ', /空消息/],
    ['over 4,000 characters', '坏'.repeat(4001), /消息太长了（最多 4000 个字）/],
    ['binary', 'PK\u0003\u0004\u0000\u0000garbage', /无法识别/],
    ['broken encoding', 'abc\uFFFDdef', /无法识别/],
    ['a lone surrogate', 'abc\uD800', /无法识别/],
  ] as const) {
    it(`${name} text`, () => {
      const { chat } = atRoomQuestion();
      const before = chat.current.frames;
      const r = chat.send(input);
      expect(text(r)).toMatch(message);
      expect(text(r)).toMatch(/哪个教室/);
      expect(chat.current.frames).toEqual(before);
    });
  }

  it('a choice that is not on offer', () => {
    const { chat } = atRoomQuestion();
    const r = chat.send('九年级十班');
    expect(text(r)).toMatch(/没有这个选项[\s\S]*哪个教室/);
    expect(chat.current.frames.at(-1)?.step).toBe('choose_room');
  });

  it('a button of an earlier question is stale, even with the same option id', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('报修');
    const sites = chat.send('王老师');
    const rooms = chat.press(sites, '明湖小学');
    const first = sites.find((r) => r.choices)!.choices![0]!;
    const r = chat.send({ kind: 'choice', id: first.id });
    expect(text(r)).toMatch(/之前的问题[\s\S]*哪个教室/);
    expect(rooms.find((x) => x.choices)?.choices?.[0]?.id).not.toBe(first.id);
    expect(chat.current.frames.at(-1)?.step).toBe('choose_room');
  });

  it('a made-up button id is refused', () => {
    const { chat } = atRoomQuestion();
    expect(text(chat.send({ kind: 'choice', id: 'garbage' }))).toMatch(/之前的问题/);
    expect(text(chat.send({ kind: 'choice', id: `${chat.current.prompt}:r999` }))).toMatch(/没有这个选项/);
  });

  it('a photo where text is needed is kept for the report; text where a photo is needed', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('报修');
    let r = chat.send({ kind: 'photo', attachmentId: 'x' });
    expect(text(r)).toMatch(/照片已收到[\s\S]*怎么称呼/);
    expect(chat.current.frames[0]?.vars.photo).toBe('x');
    // Another report (the kept photo belongs to the one dropped) asks for its photo again.
    chat.send('取消');
    chat.send('报修');
    for (const answer of ['王老师', '1', '1', '1', '坏了', '1', '1', '1', '2']) r = chat.send(answer);
    expect(text(r)).toMatch(/照片/);
    r = chat.send('这是照片');
    expect(text(r)).toMatch(/请发送一张照片，或点「跳过」/);
    chat.press(r, '跳过');
    expect(chat.lastCall('triage')).toBeDefined();
  });

  it('an answer that fails validation gets the step message', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('报修');
    const r = chat.send('王'.repeat(41));
    expect(text(r)).toMatch(/40 个字以内[\s\S]*怎么称呼/);
  });
});

describe('time and state', () => {
  it('after the timeout a user mid-report chooses to continue or start over', () => {
    const { chat } = atRoomQuestion();
    chat.now = new Date(chat.now.getTime() + 3 * 3_600_000);
    let r = chat.send('三年级二班');
    expect(text(r)).toMatch(/之前的报修还没有完成/);
    expect(labels(r)).toEqual(['继续', '重新开始']);
    r = chat.send('不知道');
    expect(text(r)).toMatch(/之前的报修还没有完成/);
    r = chat.press(r, '继续');
    expect(text(r)).toMatch(/哪个教室/);
    chat.send('三年级二班');
    expect(chat.lastCall('save_profile')).toBeDefined();
  });

  it('starting over after the timeout returns to the menu', () => {
    const { chat } = atRoomQuestion();
    chat.now = new Date(chat.now.getTime() + 3 * 3_600_000);
    const r = chat.press(chat.send('hm'), '重新开始');
    expect(labels(r)).toContain('我要报修');
  });

  it('no timeout question for someone who is only at the menu', () => {
    const chat = new Chat(set, fakeActions());
    chat.send('你好');
    chat.now = new Date(chat.now.getTime() + 48 * 3_600_000);
    expect(text(chat.send('我要报修'))).toMatch(/怎么称呼/);
  });

  it('long lists are paged within the button limit, and any item can be typed', () => {
    const rooms = Array.from({ length: 25 }, (_, i) => ({ id: `r${i}`, label: `${i + 1}号教室` }));
    const { chat, r } = atRoomQuestion({ list_rooms: () => ({ outcome: 'ok', value: rooms }) });
    expect(labels(r)).toHaveLength(10);
    expect(labels(r).at(-1)).toBe('更多…');
    const page2 = chat.press(r, '更多…');
    expect(labels(page2)[0]).toBe('10号教室');
    chat.send('23号教室');
    expect(chat.lastCall('save_profile')?.input).toMatchObject({ room: { id: 'r22' } });
  });

  it('a state stored as JSON resumes identically (another instance, after a restart)', () => {
    const { chat } = atRoomQuestion();
    const copy = new Chat(set, fakeActions(), JSON.parse(chat.state));
    copy.now = chat.now;
    expect(copy.send('五年级一班')).toEqual(chat.send('五年级一班'));
    expect(copy.state).toEqual(chat.state);
  });

  it('a state pointing at a step that no longer exists recovers to the menu', () => {
    const state = { ...initialState(), frames: [{ flow: 'report_fault', step: 'removed_step', vars: {} }], waiting: true };
    const r = handleInput(set, state, { kind: 'text', text: 'hello there' }, new Date());
    expect(r.replies[0]?.text).toMatch(/已回到主菜单/);
    expect(r.state.frames.map((f) => f.flow)).toEqual(['main']);
    expect(r.replies[1]?.choices?.length).toBe(4);
  });

  it('is pure: the input state is not modified', () => {
    const state = initialState();
    const frozen = JSON.stringify(state);
    handleInput(set, state, { kind: 'text', text: '报修' }, new Date());
    expect(JSON.stringify(state)).toBe(frozen);
  });
});
