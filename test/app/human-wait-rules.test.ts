import { beforeAll, describe, expect, it } from 'vitest';
import { BACK_TO_BOT, holderOf, KEEP_WAITING, type WaitContext, waitReply, whileWaiting } from '../../src/app/human-wait.js';
import type { FlowSet } from '../../src/flows/flow-set.js';
import type { FlowInput } from '../../src/flows/input.js';
import { shippedCatalog } from '../support/desk.js';

const MIN = 60_000;
const requestedAt = new Date('2026-10-12T06:00:00Z');
const text = (t: string): FlowInput => ({ kind: 'text', text: t });
const choice = (id: string): FlowInput => ({ kind: 'choice', id });

let set: FlowSet;
beforeAll(async () => {
  set = (await shippedCatalog()).flowSet;
});

/** Waiting since `requestedAt`, the acknowledgement said then, `minutes` later. */
function ctx(minutes: number, over: Partial<WaitContext> = {}): WaitContext {
  return {
    lang: 'zh-CN',
    now: new Date(requestedAt.getTime() + minutes * MIN),
    requestedAt,
    lastSaid: { at: requestedAt, text: '已为您转接人工客服…', choices: null },
    ...over,
  };
}

describe('who has a conversation', () => {
  it('the bot, nobody yet (a human was asked for), or an agent', () => {
    expect(holderOf({ mode: 'bot', humanRequestedAt: null })).toBe('bot');
    expect(holderOf({ mode: 'bot', humanRequestedAt: requestedAt })).toBe('waiting');
    expect(holderOf({ mode: 'human', humanRequestedAt: requestedAt })).toBe('human');
  });
});

describe('while the user waits for a human', () => {
  it('what they write is for the agents: no flow, no reply, whatever it says', () => {
    for (const t of ['老师们下午两点要用，能尽快来人吗？', '报修', '你好', '1', '我的工单', 'report a fault', '转人工']) {
      expect(whileWaiting(set, text(t), ctx(5))).toEqual({ kind: 'quiet' });
    }
    expect(whileWaiting(set, { kind: 'command', command: 'report' }, ctx(5))).toEqual({ kind: 'quiet' });
    expect(whileWaiting(set, { kind: 'photo', attachmentId: 'a' }, ctx(5))).toEqual({ kind: 'quiet' });
  });

  it('cancel, typed or as a command, in either language, brings the bot back', () => {
    for (const input of [text('取消'), text('cancel'), text('算了'), { kind: 'command', command: 'cancel' } as const]) {
      expect(whileWaiting(set, input, ctx(5))).toEqual({ kind: 'back', notice: 'human_cancelled' });
    }
  });

  it('a button of an earlier question gets one short line, then nothing', () => {
    expect(whileWaiting(set, choice('4:7069c72d'), ctx(5))).toEqual({ kind: 'stale' });
    const said = ctx(6, {
      lastSaid: { at: new Date(requestedAt.getTime() + 5 * MIN), text: '这个按钮已失效。人工客服会在这里回复您，请稍候。', choices: null },
    });
    expect(whileWaiting(set, choice('4:7069c72d'), said)).toEqual({ kind: 'quiet' });
    expect(waitReply(set, { kind: 'stale' }, { ...ctx(5), since: '' })?.text).toBe('这个按钮已失效。人工客服会在这里回复您，请稍候。');
  });

  it('after humanWaitMinutes without a word from the bot, the next message gets the offer', () => {
    const minutes = set.settings.humanWaitMinutes;
    expect(minutes).toBe(30);
    expect(whileWaiting(set, text('有人吗'), ctx(minutes - 1))).toEqual({ kind: 'quiet' });
    expect(whileWaiting(set, text('有人吗'), ctx(minutes))).toEqual({ kind: 'offer' });
    // Counted from the request when nothing was said (a conversation from before this mode).
    expect(whileWaiting(set, text('有人吗'), ctx(minutes, { lastSaid: null }))).toEqual({ kind: 'offer' });
    const offer = waitReply(set, { kind: 'offer' }, { ...ctx(minutes, { lang: 'en' }), since: '12 Oct 14:00' });
    expect(offer).toEqual({
      text: expect.stringMatching(/^You have been waiting for an agent since 12 Oct 14:00/),
      choices: [
        { id: KEEP_WAITING, label: 'Keep waiting' },
        { id: BACK_TO_BOT, label: 'Back to the bot' },
      ],
    });
  });

  it("the offer's buttons, or their labels typed while it is open, keep waiting or go back to the bot", () => {
    const open = ctx(40, {
      lastSaid: { at: new Date(requestedAt.getTime() + 35 * MIN), text: '您从…', choices: [{ id: KEEP_WAITING, label: '继续等待' }] },
    });
    expect(whileWaiting(set, choice(KEEP_WAITING), open)).toEqual({ kind: 'keep', chosen: '继续等待' });
    expect(whileWaiting(set, choice(BACK_TO_BOT), open)).toEqual({ kind: 'back', notice: 'human_wait_ended', chosen: '回到机器人' });
    expect(whileWaiting(set, text('继续等待'), open)).toEqual({ kind: 'keep' });
    expect(whileWaiting(set, text('Back to the bot'), open)).toEqual({ kind: 'back', notice: 'human_wait_ended' });
    // Without an open offer the same words are a message for the agents.
    expect(whileWaiting(set, text('继续等待'), ctx(5))).toEqual({ kind: 'quiet' });
    expect(waitReply(set, { kind: 'keep' }, { ...open, since: '' })?.text).toBe('好的，继续为您等待人工客服，客服会在这里回复您。');
  });
});
