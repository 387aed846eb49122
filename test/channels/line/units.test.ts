import { HTTPFetchError } from '@line/bot-sdk';
import { describe, expect, it } from 'vitest';
import { classifyError, retryAfterMs } from '../../../src/channels/line/errors.js';
import { decodeEvent, eventId, profileLang } from '../../../src/channels/line/decode.js';
import { externalUrlProblem, fetchExternalImage, isPrivateAddress } from '../../../src/channels/line/external-image.js';
import { encode as lineMessages, quickReply, shortLabel, splitText } from '../../../src/channels/line/encode.js';
import { shippedCatalog } from '../../support/desk.js';

const AT = '2026-10-12T06:00:00.000Z';
const { commands } = (await shippedCatalog()).flowSet;
const decode = (event: unknown, botUserId?: string) =>
  decodeEvent(event, { receivedAt: AT, commands, ...(botUserId ? { botUserId } : {}) });
const group = { type: 'group', groupId: 'Cgroup', userId: 'Uwriter' };
const text = (t: string, mention?: object, source: object = group) => ({
  type: 'message',
  mode: 'active',
  webhookEventId: 'E1',
  replyToken: 'R1',
  source,
  message: { id: '1', type: 'text', text: t, ...(mention ? { mention } : {}) },
});

describe('LINE events → InboundMessage', () => {
  it('a user text: conversation = user, reply token kept, receivedAt = now (not the event timestamp)', () => {
    expect(decode({ ...text('hi', undefined, { type: 'user', userId: 'U1' }), timestamp: 1 })).toEqual({
      kind: 'message',
      follow: false,
      message: {
        channel: 'line',
        externalId: 'E1',
        conversationKey: 'U1',
        userId: 'U1',
        receivedAt: AT,
        replyToken: 'R1',
        content: { kind: 'start', text: 'hi' },
      },
    });
    // Text that is no command word stays text.
    expect(decode({ ...text('投影仪不亮', undefined, { type: 'user', userId: 'U1' }) })).toMatchObject({
      message: { content: { kind: 'text', text: '投影仪不亮' } },
    });
  });

  it('in a group: only when the bot is mentioned (isSelf or its user id), the mention taken out; @All does not count', () => {
    expect(decode(text('大家好'))).toMatchObject({ kind: 'ignored' });
    expect(decode(text('@All 明天停电', { mentionees: [{ index: 0, length: 4, type: 'all' }] }))).toMatchObject({ kind: 'ignored' });
    const self = decode(text('@报修助手 我要报修', { mentionees: [{ index: 0, length: 5, type: 'user', userId: 'Ubot', isSelf: true }] }));
    expect(self).toMatchObject({
      message: { conversationKey: 'Cgroup', userId: 'Uwriter', content: { kind: 'command', command: 'report', text: '我要报修' } },
    });
    const byId = decode(text('hi @Fixline', { mentionees: [{ index: 3, length: 8, type: 'user', userId: 'Ubot' }] }), 'Ubot');
    expect(byId).toMatchObject({ message: { content: { kind: 'start', text: 'hi' } } });
    expect(decode(text('a photo', undefined, { type: 'room', roomId: 'Rroom', userId: 'U2' }))).toMatchObject({ kind: 'ignored' });
  });

  it("a group without the writer's id is still one conversation, its writer anonymous; postbacks in groups are read", () => {
    const event = { type: 'postback', replyToken: 'R', source: { type: 'group', groupId: 'Cg' }, postback: { data: '3:yes' } };
    expect(decode(event)).toMatchObject({ message: { conversationKey: 'Cg', anonymous: true, content: { kind: 'choice', id: '3:yes' } } });
    const room = { ...event, source: { type: 'room', roomId: 'Rr' } };
    expect(decode(room)).toMatchObject({ message: { conversationKey: 'Rr', anonymous: true } });
    const named = decode({ ...event, source: { type: 'group', groupId: 'Cg', userId: 'U1' } });
    expect(named).toMatchObject({ message: { userId: 'U1' } });
    expect(named.kind === 'message' && named.message.anonymous).toBeFalsy();
  });

  it('standby mode, unknown event types and unknown sources are ignored', () => {
    expect(decode({ ...text('x', undefined, { type: 'user', userId: 'U' }), mode: 'standby' })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/standby/),
    });
    for (const type of ['unsend', 'memberJoined', 'beacon', 'accountLink', 'things', 'videoPlayComplete', 'membership']) {
      expect(decode({ type, source: { type: 'user', userId: 'U' } })).toMatchObject({ kind: 'ignored' });
    }
    expect(decode({ type: 'message', source: { type: 'bot' }, message: { type: 'text', text: 'x' } })).toMatchObject({ kind: 'ignored' });
  });

  it('images, stickers, locations and the rest', () => {
    const user = { type: 'user', userId: 'U' };
    const msg = (message: object) => decode({ type: 'message', source: user, message });
    expect(msg({ id: '325708', type: 'image', contentProvider: { type: 'line' } })).toMatchObject({
      message: { content: { kind: 'photo', media: '325708' } },
    });
    expect(msg({ id: '../../v2/bot/info', type: 'image', contentProvider: { type: 'line' } })).toMatchObject({
      message: { content: { kind: 'photo' } },
    });
    expect((msg({ id: '../x', type: 'image' }) as { message: { content: object } }).message.content).toEqual({ kind: 'photo' });
    expect(
      msg({ id: '1', type: 'image', contentProvider: { type: 'external', originalContentUrl: 'https://example.com/a.jpg' } }),
    ).toMatchObject({
      message: { content: { kind: 'photo', media: 'external:https://example.com/a.jpg' } },
    });
    for (const [type, what] of [
      ['sticker', 'sticker'],
      ['location', 'location'],
      ['video', 'video'],
      ['audio', 'audio'],
      ['file', 'file'],
      ['hologram', 'other'],
    ]) {
      expect(msg({ id: '1', type })).toMatchObject({ message: { content: { kind: 'unsupported', what } } });
    }
  });

  it('a location message is a location with its address; one without coordinates is unreadable', () => {
    const user = { type: 'user', userId: 'U' };
    // Messaging API: {type: 'location', id, title?, address?, latitude, longitude}.
    const event = (message: object) => decode({ type: 'message', replyToken: 'R', source: user, message });
    expect(
      event({ id: '4', type: 'location', title: '明湖小学', address: '明湖路 1 号', latitude: 31.21, longitude: 121.45 }),
    ).toMatchObject({
      message: { content: { kind: 'location', latitude: 31.21, longitude: 121.45, address: '明湖小学, 明湖路 1 号' } },
    });
    expect(event({ id: '5', type: 'location', latitude: 13.7563, longitude: 100.5018 })).toMatchObject({
      message: { content: { kind: 'location', latitude: 13.7563, longitude: 100.5018 } },
    });
    expect(event({ id: '6', type: 'location', latitude: '13.7', longitude: 100.5 })).toMatchObject({
      message: { content: { kind: 'unsupported', what: 'location' } },
    });
    // In a group, a location is not addressed to the bot.
    expect(
      decode({
        type: 'message',
        source: { type: 'group', groupId: 'G', userId: 'U' },
        message: { id: '7', type: 'location', latitude: 1, longitude: 1 },
      }),
    ).toMatchObject({ kind: 'ignored' });
  });

  it('follow/unfollow, join/leave, edits', () => {
    const user = { type: 'user', userId: 'U' };
    expect(decode({ type: 'follow', replyToken: 'R', source: user })).toMatchObject({
      follow: true,
      message: { content: { kind: 'unblocked', greet: true } },
    });
    expect(decode({ type: 'unfollow', source: user })).toMatchObject({ message: { content: { kind: 'blocked' } } });
    expect(decode({ type: 'join', replyToken: 'R', source: { type: 'group', groupId: 'C' } })).toMatchObject({
      follow: false,
      message: { content: { kind: 'unblocked', greet: true } },
    });
    expect(decode({ type: 'leave', source: { type: 'group', groupId: 'C' } })).toMatchObject({ message: { content: { kind: 'blocked' } } });
    expect(decode({ type: 'messageEdited', source: user, message: { type: 'text', text: 'new' } })).toMatchObject({
      message: { content: { kind: 'edited', text: 'new' } },
    });
  });

  it("no webhookEventId: a stable hash of the event; LINE's dummy reply tokens are dropped", () => {
    const event = { type: 'follow', replyToken: '00000000000000000000000000000000', source: { type: 'user', userId: 'U' } };
    expect(eventId(event)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(eventId({ ...event })).toBe(eventId(event));
    expect(eventId({ ...event, type: 'unfollow' })).not.toBe(eventId(event));
    expect((decode(event) as { message: { replyToken?: string } }).message.replyToken).toBeUndefined();
  });

  it('profile languages', () => {
    expect(['en', 'en-US', 'zh-Hant', 'zh-Hans', 'zh-TW', 'ja', 'th', undefined, 42].map(profileLang)).toEqual([
      'en',
      'en',
      'zh-CN',
      'zh-CN',
      'zh-CN',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('LINE message objects', () => {
  it('splits at 5,000 UTF-16 units, preferring line breaks, never inside a surrogate pair', () => {
    expect(splitText('short')).toEqual(['short']);
    expect(splitText('')).toEqual(['…']);
    const lines = splitText(`${'a'.repeat(4000)}\n${'b'.repeat(4000)}`);
    expect(lines).toEqual(['a'.repeat(4000), 'b'.repeat(4000)]);
    const emoji = splitText('😄'.repeat(5000));
    expect(emoji.every((p) => p.length <= 5000 && p.isWellFormed())).toBe(true);
    expect(emoji.join('')).toBe('😄'.repeat(5000));
  });

  it('labels within 20 characters, with "…" when shortened, surrogate pairs intact', () => {
    expect(shortLabel('三年级二班')).toBe('三年级二班');
    expect(shortLabel('x'.repeat(20))).toBe('x'.repeat(20));
    expect(shortLabel('x'.repeat(21))).toBe(`${'x'.repeat(19)}…`);
    const emoji = shortLabel('😄'.repeat(15));
    expect(emoji.length).toBeLessThanOrEqual(20);
    expect(emoji.isWellFormed()).toBe(true);
  });

  it('quick replies: 13 at most, ids over 300 characters left out, none for no choices', () => {
    expect(quickReply(undefined)).toBeUndefined();
    expect(quickReply([])).toBeUndefined();
    const many = Array.from({ length: 15 }, (_, i) => ({ id: i === 0 ? 'x'.repeat(301) : `1:${i}`, label: `L${i}` }));
    const items = quickReply(many)!.items!;
    expect(items).toHaveLength(13);
    expect(items[0]).toEqual({ type: 'action', action: { type: 'postback', label: 'L1', data: '1:1', displayText: 'L1' } });
    expect(lineMessages({ to: 'U', lang: 'en', text: 'q', choices: [{ id: '1:a', label: 'A' }] })).toEqual([
      {
        type: 'text',
        text: 'q',
        quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'A', data: '1:a', displayText: 'A' } }] },
      },
    ]);
  });
});

describe('LINE errors', () => {
  const http = (status: number, body = '', headers: Record<string, string> = {}) =>
    new HTTPFetchError(`${status}`, { status, statusText: '', headers: new Headers(headers), body });
  it('maps statuses to what the outbox does', () => {
    expect(classifyError(http(409), 'push')).toEqual({ kind: 'already_sent' });
    expect(classifyError(http(400, '{"message":"Invalid reply token"}'), 'reply')).toMatchObject({ kind: 'reply_token_refused' });
    expect(classifyError(http(400, '{"message":"Invalid reply token"}'), 'push')).toMatchObject({ failure: { kind: 'rejected' } });
    expect(classifyError(http(429, '', { 'retry-after': '7' }), 'push')).toMatchObject({ failure: { kind: 'retry', retryAfterMs: 7000 } });
    expect(classifyError(http(500), 'reply')).toMatchObject({ failure: { kind: 'retry' } });
    expect(classifyError(http(404), 'push')).toMatchObject({ failure: { kind: 'blocked' } });
    expect(classifyError(new TypeError('fetch failed'), 'push')).toMatchObject({
      failure: { kind: 'retry', error: expect.stringMatching(/no answer/) },
    });
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now())).toBeGreaterThan(3000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('external images (contentProvider "external"): fenced', () => {
  it('only https to public addresses', () => {
    expect(externalUrlProblem('https://example.com/original.jpg')).toBeNull();
    expect(externalUrlProblem('http://example.com/a.jpg')).toMatch(/https/);
    expect(externalUrlProblem('https://user:pw@example.com/a.jpg')).toMatch(/credentials/);
    for (const url of [
      'https://127.0.0.1/a',
      'https://10.1.2.3/a',
      'https://192.168.1.1/a',
      'https://169.254.169.254/latest',
      'https://[::1]/a',
      'https://[fd00::1]/a',
      'https://localhost/a',
      'https://[::ffff:127.0.0.1]/',
    ]) {
      expect(externalUrlProblem(url), url).not.toBeNull();
    }
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2001:4860:4860::8888')).toBe(false);
    expect(isPrivateAddress('not an address')).toBe(true);
  });
  it('refuses before connecting', async () => {
    await expect(fetchExternalImage('http://127.0.0.1:1/x.png')).rejects.toThrow(/not fetched: not https/);
    await expect(fetchExternalImage('https://10.0.0.1/x.png')).rejects.toThrow(/private address/);
  });
});
