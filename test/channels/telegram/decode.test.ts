import { beforeAll, describe, expect, it } from 'vitest';
import { type DecodeContext, type Decoded, decodeUpdate, langHint, type RawUpdate } from '../../../src/channels/telegram/decode.js';
import { slashSyntax } from '../../../src/flows/commands.js';
import { shippedCatalog } from '../../support/desk.js';
import { BOT, fixture } from './fake-telegram.js';

const NOW = new Date('2026-10-12T06:00:00Z');
const user = { id: 777, is_bot: false, first_name: '丽', last_name: '王', username: 'wangli', language_code: 'zh-hans' };
const privateChat = { id: 777, type: 'private', first_name: '丽' };
let ctx: DecodeContext;
let n = 0;

const update = (fields: Record<string, unknown>, kind = 'message'): RawUpdate => ({
  update_id: ++n,
  [kind]: { message_id: n, from: user, chat: privateChat, date: 1, ...fields },
});
/** The content, without the text as typed that a command carries for the transcript (asserted on its own below). */
const content = (d: Decoded) => {
  if (d.kind !== 'message') return { ignored: d.reason };
  const { text: _typed, ...rest } = d.message.content as { text?: string };
  return d.message.content.kind === 'command' || d.message.content.kind === 'start' ? rest : d.message.content;
};

describe('Telegram updates → inbound messages', () => {
  beforeAll(async () => {
    ctx = { botId: BOT.id, botUsername: BOT.username, commands: (await shippedCatalog()).flowSet.commands, now: NOW };
  });

  it('reads the shared fixtures', () => {
    const text = decodeUpdate(fixture('teloxide_update_private_text.json') as RawUpdate, ctx);
    expect(text).toEqual({
      kind: 'message',
      message: {
        channel: 'telegram',
        externalId: '306197398:m408258968.154',
        conversationKey: '408258968',
        userId: '408258968',
        displayName: 'Hirrolot',
        langHint: 'en',
        receivedAt: NOW.toISOString(),
        content: { kind: 'text', text: '4' },
      },
    });
    const photo = decodeUpdate({ update_id: 5, message: fixture('teloxide_message_photo_4_sizes_caption_url.json') }, ctx);
    expect(content(photo)).toEqual({
      kind: 'photo',
      media: 'AgACAgQAAxkBAAINhGKvijUVSn2i3980bQIIc1fqWGNCAAJpvDEbEmaBUfuA43fR-BnlAQADAgADeQADJAQ',
      caption: 'www.example.com',
    });
    const inline = decodeUpdate(fixture('tg-docs-webhooks_update_callback_query_inline.json') as RawUpdate, ctx);
    expect(inline).toMatchObject({ kind: 'ignored', callbackQueryId: '4382bfdwdsb323b2d9' });
  });

  it('maps slash commands through the settings, with /cmd@bot and arguments; /start <tag> is a QR deep link', () => {
    const cases: [string, object][] = [
      ['/start', { kind: 'start' }],
      ['/start FX-PNL-0001', { kind: 'start', assetTag: 'FX-PNL-0001' }],
      ['/start@fixline_test_bot FX-PNL-0002', { kind: 'start', assetTag: 'FX-PNL-0002' }],
      ['/report', { kind: 'command', command: 'report' }],
      ['/new', { kind: 'command', command: 'report' }],
      ['/status', { kind: 'command', command: 'my_tickets' }],
      ['/status@fixline_test_bot', { kind: 'command', command: 'my_tickets' }],
      ['/STATUS', { kind: 'command', command: 'my_tickets' }],
      ['/agent', { kind: 'command', command: 'human' }],
      ['/cancel', { kind: 'command', command: 'cancel' }],
      ['/lang', { kind: 'command', command: 'language' }],
      ['/lang en', { kind: 'command', command: 'language', arg: 'en' }],
      ['/help', { kind: 'command', command: 'help' }],
      ['/frobnicate', { kind: 'text', text: '/frobnicate' }],
      ['/ 不是命令', { kind: 'text', text: '/ 不是命令' }],
      ['你好', { kind: 'start' }],
      ['我要报修', { kind: 'command', command: 'report' }],
      ['Talk to a human!', { kind: 'command', command: 'human' }],
      ['切换英文', { kind: 'text', text: '切换英文' }],
      ['英文', { kind: 'command', command: 'language', arg: 'en' }],
      ['报修：三楼投影仪不亮', { kind: 'text', text: '报修：三楼投影仪不亮' }],
    ];
    for (const [text, expected] of cases) expect(content(decodeUpdate(update({ text }), ctx)), text).toEqual(expected);
    // The transcript shows what was typed.
    expect(decodeUpdate(update({ text: '/status@fixline_test_bot 12' }), ctx)).toMatchObject({
      message: { content: { kind: 'command', command: 'my_tickets', arg: '12', text: '/status@fixline_test_bot 12' } },
    });
    expect(slashSyntax('/lang@Fixline_Test_Bot  zh ')).toEqual({ name: 'lang', bot: 'Fixline_Test_Bot', arg: 'zh' });
  });

  it('a shared contact is a phone only when it is the sender’s own', () => {
    expect(content(decodeUpdate(update({ contact: { phone_number: '+86 138 0013 8000', first_name: '丽', user_id: 777 } }), ctx))).toEqual({
      kind: 'contact',
      phone: '+86 138 0013 8000',
    });
    expect(
      content(decodeUpdate(update({ contact: { phone_number: '+86 139 0000 0000', first_name: '别人', user_id: 888 } }), ctx)),
    ).toEqual({ kind: 'unsupported', what: 'other' });
    expect(content(decodeUpdate(update({ contact: { phone_number: '+86 139 0000 0000', first_name: '名片' } }), ctx))).toEqual({
      kind: 'unsupported',
      what: 'other',
    });
  });

  it('edited messages carry their new text; edits without text are ignored', () => {
    const edited = decodeUpdate(update({ text: '投影仪不亮了', edit_date: 2 }, 'edited_message'), ctx);
    expect(content(edited)).toEqual({ kind: 'edited', text: '投影仪不亮了' });
    expect(edited.kind === 'message' && edited.message.externalId).toMatch(/:e777\.\d+\.2$/);
    expect(decodeUpdate(update({ location: { latitude: 1, longitude: 2 }, edit_date: 3 }, 'edited_message'), ctx).kind).toBe('ignored');
  });

  it('a shared location or venue is a location (an engineer checks in with it); one out of range is unreadable', () => {
    // Bot API: Message.location {latitude, longitude, horizontal_accuracy?, live_period?}; a venue also carries it.
    expect(content(decodeUpdate(update({ location: { latitude: 31.2304, longitude: 121.4737, horizontal_accuracy: 12 } }), ctx))).toEqual({
      kind: 'location',
      latitude: 31.2304,
      longitude: 121.4737,
    });
    const venue = {
      venue: { location: { latitude: 31.21, longitude: 121.45 }, title: '明湖小学', address: '明湖路 1 号' },
      location: { latitude: 31.21, longitude: 121.45 },
    };
    expect(content(decodeUpdate(update(venue), ctx))).toEqual({
      kind: 'location',
      latitude: 31.21,
      longitude: 121.45,
      address: '明湖小学, 明湖路 1 号',
    });
    expect(content(decodeUpdate(update({ location: { latitude: 91, longitude: 0 } }), ctx))).toEqual({
      kind: 'unsupported',
      what: 'location',
    });
  });

  it('contents the bot cannot read become "unsupported" with the settings’ names; service messages are ignored', () => {
    const file = { file_id: 'f', file_unique_id: 'u' };
    const cases: [Record<string, unknown>, string][] = [
      [{ sticker: { ...file, type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } }, 'sticker'],
      [{ location: { latitude: 'north', longitude: 114 } }, 'location'],
      [{ video: { ...file, width: 1, height: 1, duration: 1 } }, 'video'],
      [{ video_note: { ...file, length: 1, duration: 1 } }, 'video'],
      [{ animation: { ...file, width: 1, height: 1, duration: 1 }, document: file }, 'video'],
      [{ voice: { ...file, duration: 1 } }, 'audio'],
      [{ audio: { ...file, duration: 1 } }, 'audio'],
      [{ document: { ...file, file_name: 'report.pdf' } }, 'file'],
      [{ poll: { id: 'p', question: '?', options: [] } }, 'poll'],
      [{ dice: { emoji: '🎲', value: 3 } }, 'other'],
    ];
    for (const [fields, what] of cases)
      expect(content(decodeUpdate(update(fields), ctx)), Object.keys(fields)[0]).toEqual({ kind: 'unsupported', what });
    for (const fields of [
      { pinned_message: { message_id: 1, chat: privateChat, date: 1 } },
      { message_auto_delete_timer_changed: { message_auto_delete_time: 86400 } },
      {},
    ]) {
      expect(decodeUpdate(update(fields), ctx).kind).toBe('ignored');
    }
  });

  it('my_chat_member: kicked blocks, member again unblocks without a greeting, other changes are ignored', () => {
    const member = (from: string, to: string) => ({
      update_id: ++n,
      my_chat_member: {
        chat: privateChat,
        from: user,
        date: 100 + n,
        old_chat_member: { user: BOT, status: from },
        new_chat_member: { user: BOT, status: to },
      },
    });
    expect(content(decodeUpdate(member('member', 'kicked'), ctx))).toEqual({ kind: 'blocked' });
    expect(content(decodeUpdate(member('kicked', 'member'), ctx))).toEqual({ kind: 'unblocked', greet: false });
    expect(content(decodeUpdate(member('left', 'administrator'), ctx))).toEqual({ kind: 'unblocked', greet: false });
    expect(decodeUpdate(member('member', 'administrator'), ctx).kind).toBe('ignored');
  });

  it('callback queries are choices in the message’s chat; buttons without data or message are ignored but answered', () => {
    const press = (fields: Record<string, unknown>) => ({
      update_id: ++n,
      callback_query: { id: `q${n}`, from: user, chat_instance: '1', ...fields },
    });
    const pressed = decodeUpdate(
      press({ message: { message_id: 9, chat: { id: -100200, type: 'supergroup' }, date: 1 }, data: '12:yes' }),
      ctx,
    );
    expect(pressed).toMatchObject({
      kind: 'message',
      callbackQueryId: `q${n}`,
      message: { conversationKey: '-100200', userId: '777', content: { kind: 'choice', id: '12:yes' } },
    });
    expect(decodeUpdate(press({ message: { message_id: 9, chat: privateChat, date: 0 }, game_short_name: 'g' }), ctx)).toMatchObject({
      kind: 'ignored',
      callbackQueryId: `q${n}`,
    });
  });

  it('ignores updates fixline does not use, and payloads it cannot read, without throwing', () => {
    const odd: RawUpdate[] = [
      { update_id: 1, inline_query: { id: '1', from: user, query: 'x', offset: '' } },
      { update_id: 2, channel_post: { message_id: 1, chat: { id: -1001, type: 'channel' }, date: 1, text: 'news' } },
      { update_id: 3, message: { message_id: 1, chat: { id: -1001, type: 'channel' }, date: 1, text: 'news' } },
      { update_id: 4, message: { message_id: 1, text: 'no chat' } },
      { update_id: 5, message: 'not an object' },
      { update_id: 6, message: { message_id: 1, chat: privateChat, date: 1, text: 'no sender' } },
      { update_id: 7, message: { message_id: 1, from: { ...BOT }, chat: privateChat, date: 1, text: 'our own' } },
      { update_id: 8, callback_query: { from: user } },
      { update_id: 9, my_chat_member: { chat: privateChat } },
      { update_id: 10 },
    ];
    for (const u of odd) expect(decodeUpdate(u, ctx).kind, JSON.stringify(u)).toBe('ignored');
  });

  it('takes the language from language_code, and the name from first and last name', () => {
    expect([langHint('zh-hans'), langHint('zh-TW'), langHint('en-GB'), langHint('EN'), langHint('ru'), langHint(undefined)]).toEqual([
      'zh-CN',
      'zh-CN',
      'en',
      'en',
      undefined,
      undefined,
    ]);
    const d = decodeUpdate(update({ text: 'hi' }), ctx);
    expect(d.kind === 'message' && d.message).toMatchObject({ displayName: '丽 王', langHint: 'zh-CN', userId: '777' });
  });

  it('in groups: a command, a mention or a reply to the bot is addressed to it; the mention is taken out', () => {
    const group = { id: -100300, type: 'supergroup', title: 'g' };
    const inGroup = (fields: Record<string, unknown>) => decodeUpdate(update({ chat: group, ...fields }), ctx);
    expect(content(inGroup({ text: '/report' }))).toEqual({ kind: 'command', command: 'report' });
    expect(content(inGroup({ text: '/report@FIXLINE_TEST_BOT' }))).toEqual({ kind: 'command', command: 'report' });
    expect(inGroup({ text: '/report@other_bot' }).kind).toBe('ignored');
    expect(inGroup({ text: '/unknown' }).kind).toBe('ignored');
    expect(inGroup({ text: '投影仪坏了' }).kind).toBe('ignored');
    expect(content(inGroup({ text: '投影仪坏了 @fixline_test_bot 请看', entities: [{ type: 'mention', offset: 6, length: 17 }] }))).toEqual(
      { kind: 'text', text: '投影仪坏了 请看' },
    );
    expect(content(inGroup({ text: '喂 机器人', entities: [{ type: 'text_mention', offset: 2, length: 3, user: BOT }] }))).toEqual({
      kind: 'text',
      text: '喂',
    });
    expect(content(inGroup({ text: '是的', reply_to_message: { message_id: 1, from: BOT, chat: group, date: 1 } }))).toEqual({
      kind: 'text',
      text: '是的',
    });
    expect(
      content(
        inGroup({
          photo: [{ file_id: 'p1', width: 9, height: 9 }],
          caption: '@fixline_test_bot',
          caption_entities: [{ type: 'mention', offset: 0, length: 17 }],
        }),
      ),
    ).toEqual({ kind: 'photo', media: 'p1' });
    // Without the username (getMe not answered yet) only bare commands and replies count.
    const { botUsername: _known, ...blind } = ctx;
    expect(decodeUpdate(update({ chat: group, text: '/report@fixline_test_bot' }), blind).kind).toBe('ignored');
    expect(content(decodeUpdate(update({ chat: group, text: '/help' }), blind))).toEqual({ kind: 'command', command: 'help' });
  });

  it('in groups: a message sent on behalf of the group (an anonymous admin) or a channel is anonymous, never the placeholder user', () => {
    const group = { id: -100300, type: 'supergroup', title: 'g' };
    // What Telegram puts in `from` for every anonymous admin of every group.
    const placeholder = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    const admin = decodeUpdate(update({ chat: group, from: placeholder, sender_chat: group, text: '/status' }), ctx);
    expect(admin).toMatchObject({
      kind: 'message',
      message: { conversationKey: '-100300', userId: 'chat:-100300', anonymous: true, content: { kind: 'command', command: 'my_tickets' } },
    });
    expect(admin.kind === 'message' && admin.message.displayName).toBeFalsy();
    const channel = { id: -100999, type: 'channel', title: 'news' };
    const fromChannel = decodeUpdate(
      update({ chat: group, from: { id: 136817688, is_bot: true, first_name: 'Channel' }, sender_chat: channel, text: '/report' }),
      ctx,
    );
    expect(fromChannel).toMatchObject({ message: { userId: 'chat:-100999', anonymous: true } });
    // A member writing as themself is named as ever.
    expect(decodeUpdate(update({ chat: group, text: '/status' }), ctx)).toMatchObject({ message: { userId: '777', displayName: '丽 王' } });
    expect(decodeUpdate(update({ chat: group, text: '/status' }), ctx)).not.toMatchObject({ message: { anonymous: true } });
  });
});
