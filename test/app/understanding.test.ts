import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDesk, testDesk } from '../support/desk.js';

/**
 * Reports typed from start to end, no button pressed, as a hurried teacher writes: the bot must
 * understand the first message and every typed answer, and ask no more than it needs.
 */

type Answers = readonly (readonly [RegExp, string])[];

/** Typed answers to the questions of a report, by what the question says, in each language. */
const ZH: Answers = [
  [/有几个选项都符合|符合好几个选项/, '1'],
  [/怎么称呼/, '王老师'],
  [/还是在.*吗/, '是的'],
  [/学校或场馆/, '明湖'],
  [/哪个教室/, '5年级一班'],
  [/哪台设备/, '一体机'],
  [/资产标签号/, '不知道'],
  [/哪一类设备/, '电脑'],
  [/描述一下故障/, '开不了机'],
  [/怎么发生/, '正常使用'],
  [/还能用吗/, '不能用'],
  [/范围/, '就这一台'],
  [/重大活动/, '不影响'],
  [/照片/, '跳过'],
  [/问题解决了吗/, '没有解决'],
  [/确认提交吗/, '确认'],
  // An earlier test's ticket on the same device is still open: this is another fault.
  [/已有未完成的工单/, '新故障'],
];
const EN: Answers = [
  [/fits several options/, '1'],
  [/your name/, 'Ms Lee'],
  [/again\?/, 'yes'],
  [/school or venue/, 'Minghu'],
  [/Which room/, 'Grade 5 Class 1'],
  [/Which device/, 'the panel'],
  [/asset tag/, 'not sure'],
  [/What kind of device/, 'the computer'],
  [/What happens/, "it won't turn on"],
  [/How did it happen/, 'normal use'],
  [/still be used/, 'no'],
  [/widespread/, 'just this one'],
  [/major event/, 'no'],
  // Not /photo/ alone: a first-aid tip may mention photos ("photos from a phone … can stand in").
  [/send a photo/, 'skip'],
  [/Did that fix it/, 'no, still broken'],
  [/Submit it/, 'yes'],
  [/already has an open ticket/, 'new fault'],
];

describe('understanding typed reports (full desk, PGlite)', () => {
  let desk: TestDesk;
  let n = 0;
  beforeAll(async () => {
    desk = await testDesk('pglite');
  });
  afterAll(async () => desk?.close());

  /**
   * Sends the first message, then types an answer to every question until the ticket is made.
   * Returns the questions answered and the conversation's whole text.
   */
  async function report(first: string, answers: Answers, opts: { lang?: 'en'; key?: string } = {}) {
    const key = opts.key ?? `teacher-${++n}`;
    if (opts.lang === 'en') await desk.send(key, 'English');
    const start = await desk.lastSeq(key);
    await desk.send(key, first);
    let questions = 0;
    for (let i = 0; i < 20; i++) {
      if (/工单号|registered as ticket/.test(await desk.botTextsSince(key, start))) break;
      const said = (await desk.lastBot(key))?.text ?? '';
      const answer = answers.find(([q]) => q.test(said))?.[1];
      if (answer === undefined) throw new Error(`no typed answer for: ${said}\n${await desk.botTextsSince(key, start)}`);
      questions += 1;
      await desk.send(key, answer);
    }
    const all = await desk.botTextsSince(key, start);
    expect(all).toMatch(/工单号|registered as ticket/);
    expect(all).not.toMatch(/没有这个选项|not one of the options/);
    return { questions, all, key };
  }

  async function newestTicket() {
    return (await desk.tickets()).at(-1)!;
  }

  it('asks at least three questions fewer when the first message names the room and the device (zh-CN)', async () => {
    const before = await report('触摸没反应', ZH);
    const after = await report('三年级二班的一体机触摸没反应', ZH);
    expect(after.all).toMatch(/好的：明湖小学 三年级二班 的一体机 FX-PNL-0001/);
    expect(after.all).not.toMatch(/学校或场馆|哪个教室|哪台设备/);
    expect(after.questions).toBeLessThanOrEqual(before.questions - 3);
    expect((await newestTicket()).assetId).not.toBeNull();
  });

  it('asks at least three questions fewer when the first message names the room and the device (en)', async () => {
    const before = await report("touch doesn't respond", EN, { lang: 'en' });
    const after = await report("the panel in Room 302 won't respond to touch", EN, { lang: 'en' });
    expect(after.all).toMatch(/Got it: Interactive panel FX-PNL-0001 at 明湖小学, 三年级二班/);
    expect(after.all).not.toMatch(/school or venue|Which room|Which device/);
    expect(after.questions).toBeLessThanOrEqual(before.questions - 3);
  });

  it('skips the question whether the device can be used when the first message says it', async () => {
    const { all } = await report('五年级一班的黑板完全不能用了', ZH);
    expect(all).not.toMatch(/还能用吗/);
    expect(all).toMatch(/好的：明湖小学 五年级一班 的推拉黑板 FX-BRD-0001/);
  });

  const kinds: readonly (readonly [string, string, string])[] = [
    ['一体机', '三年级二班的一体机黑屏了', 'FX-PNL-0001'],
    ['展台', '三年级二班的展台没有画面', 'FX-VIS-0001'],
    ['推拉黑板', '5年级一班黑板推不动', 'FX-BRD-0001'],
    ['电脑', '物理实验室的电脑开不了机', 'FX-PC-0101'],
    ['查询终端', '文化馆一楼大厅的查询终端死机了', 'FX-KSK-0001'],
    ['一体机 (东山)', '初一3班的一体机没有声音', 'FX-PNL-0101'],
  ];
  for (const [what, first, tag] of kinds) {
    it(`a report typed in Chinese reaches a ticket on the ${what}`, async () => {
      const { all } = await report(first, ZH);
      expect(all).toContain(tag);
      expect(all).not.toMatch(/学校或场馆|哪个教室|哪台设备/);
    });
  }

  const kindsEn: readonly (readonly [string, string])[] = [
    ["the panel in Room 302 won't turn on", 'FX-PNL-0001'],
    ['the document camera in Grade 3 Class 2 shows no picture', 'FX-VIS-0001'],
    ['the blackboard in room 501 is stuck', 'FX-BRD-0001'],
    ["the computer in the physics lab won't start", 'FX-PC-0101'],
    ['the kiosk in the Main Hall of the City Cultural Centre is frozen', 'FX-KSK-0001'],
  ];
  for (const [first, tag] of kindsEn) {
    it(`a report typed in English reaches a ticket: "${first}"`, async () => {
      const { all } = await report(first, EN, { lang: 'en' });
      expect(all).toContain(tag);
      expect(all).not.toMatch(/school or venue|Which room|Which device/);
    });
  }

  it('a device kind the room does not have is saved as the kind, without asking for a tag', async () => {
    const { all } = await report('三年级二班的投影仪不亮', ZH);
    expect(all).toMatch(/好的：明湖小学 三年级二班 的投影仪/);
    expect(all).not.toMatch(/资产标签号|哪一类设备/);
  });

  it('every question answered by typing, nothing named in the first message (zh-CN)', async () => {
    const { all } = await report('坏了', ZH);
    // 明湖 → 明湖小学, 5年级一班 → 五年级一班, 一体机 → the one panel there.
    expect(all).toMatch(/在 明湖小学 的哪个教室/);
    expect(all).toMatch(/找到设备|FX-PNL-0002/);
  });

  it('every question answered by typing, nothing named in the first message (en)', async () => {
    const { all } = await report('broken', EN, { lang: 'en' });
    expect(all).toMatch(/FX-PNL-0002/);
  });

  it('a typed kind the room does not have, then 不知道 at the tag question, reaches the device kind', async () => {
    const key = 'kind-typer';
    await desk.send(key, '坏了');
    await desk.send(key, '赵老师');
    await desk.send(key, '三年级二班');
    expect(await desk.botTextsSince(key, 0)).toMatch(/哪台设备/);
    const seq = await desk.lastSeq(key);
    await desk.send(key, '电脑');
    expect(await desk.botTextsSince(key, seq)).toMatch(/好的，是电脑/);
  });

  it('不知道 at the device question goes on instead of being taken for a tag', async () => {
    const key = 'unknown-typer';
    await desk.send(key, '坏了');
    await desk.send(key, '钱老师');
    await desk.send(key, '三年级二班');
    let seq = await desk.lastSeq(key);
    await desk.send(key, '不知道');
    expect(await desk.botTextsSince(key, seq)).toMatch(/资产标签号/);
    seq = await desk.lastSeq(key);
    await desk.send(key, '不知道');
    expect(await desk.botTextsSince(key, seq)).toMatch(/哪一类设备/);
  });

  it('an answer that is no option gets the options again, numbered, and a number then works', async () => {
    const key = 'numbers';
    await desk.send(key, '坏了');
    await desk.send(key, '孙老师');
    await desk.send(key, '三年级二班');
    let seq = await desk.lastSeq(key);
    await desk.send(key, '一体机');
    // An earlier test's ticket on this panel is still open: the bot asks first whether this adds to it.
    expect(await desk.botTextsSince(key, seq)).toMatch(/FX-PNL-0001 已有未完成的工单/);
    seq = await desk.lastSeq(key);
    await desk.send(key, '新故障');
    expect(await desk.botTextsSince(key, seq)).toMatch(/怎么发生/);
    seq = await desk.lastSeq(key);
    await desk.send(key, '嗯……这个嘛');
    const again = await desk.botTextsSince(key, seq);
    expect(again).toMatch(/没有这个选项/);
    expect(again).toMatch(/1\. 正常使用中出现\n2\. 被碰撞、摔落或损坏/);
    seq = await desk.lastSeq(key);
    await desk.send(key, '2');
    expect(await desk.botTextsSince(key, seq)).toMatch(/还能用吗/);
  });

  it('a tag in the first message finds the device and its place, in any case and spacing', async () => {
    const key = 'tag-first';
    await desk.send(key, 'fx pnl 0002 黑屏了');
    await desk.send(key, '周老师');
    const said = await desk.botTextsSince(key, 0);
    expect(said).toMatch(/找到设备：一体机 FX-PNL-0002（明湖小学 五年级一班）/);
    expect(said).not.toMatch(/学校或场馆|哪个教室|哪台设备/);
  });

  it('a room typed at the school question names its school, and says so', async () => {
    const key = 'room-at-school';
    await desk.send(key, '坏了');
    await desk.send(key, '吴老师');
    const seq = await desk.lastSeq(key);
    await desk.send(key, 'physics lab');
    const said = await desk.botTextsSince(key, seq);
    expect(said).toMatch(/好的：东山中学 物理实验室。/);
    expect(said).toMatch(/哪台设备/);
  });

  it('a place that is nowhere gets the options again, numbered', async () => {
    const key = 'nowhere';
    await desk.send(key, '坏了');
    await desk.send(key, '郑老师');
    await desk.send(key, '明湖');
    const seq = await desk.lastSeq(key);
    await desk.send(key, '九年级十班');
    const said = await desk.botTextsSince(key, seq);
    expect(said).toMatch(/没有找到「九年级十班」这个地方/);
    expect(said).toMatch(/1\. 三年级二班\n2\. 五年级一班\n3\. 录播教室/);
  });

  it('the second report: a device named alone is found in the remembered room; a room named skips that question', async () => {
    const key = 'second-report';
    await report('五年级一班的黑板推不动', ZH, { key });
    let seq = await desk.lastSeq(key);
    await desk.send(key, '一体机又黑屏了');
    expect(await desk.botTextsSince(key, seq)).toMatch(/还是在 明湖小学 五年级一班 吗/);
    seq = await desk.lastSeq(key);
    await desk.send(key, '对');
    expect(await desk.botTextsSince(key, seq)).toMatch(/好的：明湖小学 五年级一班 的一体机 FX-PNL-0002。/);
    await desk.send(key, '取消');
    seq = await desk.lastSeq(key);
    await desk.send(key, '三年级二班的展台没画面');
    const said = await desk.botTextsSince(key, seq);
    expect(said).not.toMatch(/还是在/);
    expect(said).toMatch(/好的：明湖小学 三年级二班 的展台 FX-VIS-0001。/);
  });
});
