import { beforeAll, describe, expect, it } from 'vitest';
import type { Device, FactKey, PartialFacts } from '../../src/domain/facts.js';
import { Lexicon } from '../../src/triage/lexicon.js';
import { RulesExtractor } from '../../src/triage/rules-extractor.js';
import { shippedExtractor } from './lexicons.js';

let extractor: RulesExtractor;
beforeAll(async () => {
  extractor = await shippedExtractor();
});

/** Expected facts: a value must be extracted as given; `undefined` must be left out. */
type Expect = { readonly [K in FactKey]?: PartialFacts[K] | undefined };
type Case = readonly [text: string, assetKind: Device | null, expected: Expect];

const P = 'interactive_panel';

const ZH: Case[] = [
  // the traps of the brief
  ['一体机触摸没反应', null, { device: P, symptom: 'touch_failure' }],
  ['平台所有用户都无法登录', null, { scope: 'platform' }],
  ['屏幕碎了', P, { device: undefined, symptom: 'physical_damage', cause: 'human_damage' }],
  ['被雷击后开不了机', P, { cause: 'force_majeure', symptom: 'wont_boot' }],
  ['触摸笔丢了，能买吗', P, { device: 'accessory', accessory: 'touch_pen', symptom: 'question' }],
  ['一体机被学生推倒了，屏幕碎了', P, { device: P, symptom: 'physical_damage', cause: 'human_damage' }],
  // negations
  ['一体机没有摔过，突然黑屏了', P, { cause: undefined, symptom: 'no_display' }],
  ['不是人为的，触摸失灵了', P, { cause: 'none_known', symptom: 'touch_failure' }],
  ['没有进水，也没摔过，就是开不了机', P, { cause: undefined, symptom: 'wont_boot' }],
  ['学生没碰过，屏幕自己裂了', P, { cause: 'none_known', symptom: 'physical_damage' }],
  ['没黑屏，只是有点花屏', P, { symptom: 'display_abnormal' }],
  ['今天不是考试，不急，音箱没声音', null, { majorEvent: undefined, device: 'audio', symptom: 'no_sound' }],
  // usable
  ['一体机还能用，就是有点卡', P, { usable: true, symptom: 'slow' }],
  ['一体机不能用了', P, { usable: false }],
  ['一体机完全用不了', P, { usable: false }],
  ['勉强能用，画面偏色', P, { usable: true, symptom: 'display_abnormal' }],
  ['没法上课了，大屏黑屏', null, { usable: false, device: P, symptom: 'no_display' }],
  ['触摸用不了，但是鼠标能用', P, { usable: true, symptom: 'touch_failure' }],
  ['屏幕有个亮点，不影响上课', P, { usable: true, symptom: 'display_abnormal' }],
  ['教学楼的音箱全都不响了', null, { usable: false, scope: 'whole_site', symptom: 'no_sound' }],
  // major events
  ['明天有公开课，投影仪花屏', null, { majorEvent: true, device: 'projector', symptom: 'display_abnormal' }],
  ['期末考试用的广播没声音', null, { majorEvent: true, device: 'audio' }],
  ['督导下午来听课，一体机没声音', P, { majorEvent: true, symptom: 'no_sound' }],
  ['区里下周来检查，展台模糊', null, { majorEvent: true, device: 'visualizer', symptom: 'display_abnormal' }],
  ['请帮忙检查一下一体机的电源', P, { majorEvent: undefined }],
  ['开学典礼要用的话筒没声音', null, { majorEvent: true, device: 'audio', symptom: 'no_sound' }],
  ['运动会的功放开机没反应', null, { majorEvent: true, device: 'audio', symptom: 'no_power' }],
  ['模考马上开始了，一体机无法开机', P, { majorEvent: true, symptom: 'wont_boot' }],
  // scope
  ['全校都上不了网', null, { scope: 'whole_site', symptom: 'network_down' }],
  ['好几个学校的一体机都黑屏了', null, { scope: 'multi_site', device: P, symptom: 'no_display' }],
  ['一小、二小的一体机都黑屏', null, { scope: 'multi_site' }],
  ['全区的平台都打不开', null, { scope: 'platform', device: 'platform_software', symptom: 'app_error' }],
  ['平台打不开', null, { scope: 'platform', device: 'platform_software' }],
  ['只有这台一体机上不了网，其他的都正常', P, { scope: 'single_device', symptom: 'network_down' }],
  ['三年级二班一体机没声音', P, { scope: undefined, majorEvent: undefined, symptom: 'no_sound' }],
  ['我们学校好几个班的一体机触摸不灵', null, { scope: 'whole_site', symptom: 'touch_failure' }],
  ['平台服务器宕机了，所有场馆都用不了', null, { scope: 'platform', device: 'server', symptom: 'crash', usable: false }],
  // devices
  ['实物展台没画面', null, { device: 'visualizer', symptom: 'no_display' }],
  ['展台灯不亮', null, { device: 'visualizer', symptom: undefined }],
  ['投影仪显示无信号', null, { device: 'projector', symptom: 'no_signal' }],
  ['投影仪灯泡烧了', null, { device: 'projector', symptom: 'no_display' }],
  ['音箱有杂音', null, { device: 'audio', symptom: 'no_sound' }],
  ['电脑蓝屏', null, { device: 'computer', symptom: 'crash' }],
  ['主机死机了', null, { device: 'computer', symptom: 'crash' }],
  ['一体机的电脑部分进不了系统', P, { device: 'computer', symptom: 'wont_boot' }],
  ['触摸查询机开不了机', 'terminal', { device: 'terminal', symptom: 'wont_boot' }],
  ['查询一体机花屏', null, { device: 'terminal', symptom: 'display_abnormal' }],
  ['推拉黑板推不动', null, { device: 'blackboard', symptom: 'other' }],
  ['交换机坏了，没网', null, { device: 'network', symptom: 'network_down' }],
  ['班班通没声音了', null, { device: P, symptom: 'no_sound' }],
  // the asset's kind decides what an ambiguous word means, and fills in a silent text
  ['一体机黑屏', 'terminal', { device: 'terminal' }],
  ['一体机黑屏', 'computer', { device: 'computer' }],
  ['一体机黑屏', 'projector', { device: P }],
  ['屏幕花屏', P, { device: undefined, symptom: 'display_abnormal' }],
  // accessories
  ['遥控器没反应', P, { device: 'accessory', accessory: 'remote_control', symptom: 'other' }],
  ['电源线断了', P, { device: 'accessory', accessory: 'power_cord', symptom: 'physical_damage' }],
  ['适配器坏了多少钱', P, { device: 'accessory', accessory: 'power_adapter', symptom: 'other' }],
  ['HDMI线被扯断了', P, { device: 'accessory', accessory: 'hdmi_cable', symptom: 'physical_damage', cause: 'human_damage' }],
  ['移动支架轮子掉了', null, { device: 'accessory', accessory: 'mobile_stand', symptom: 'physical_damage' }],
  ['无线投屏用不了', P, { device: 'accessory', accessory: 'wireless_casting' }],
  ['赠品鼠标坏了', null, { device: 'accessory', accessory: 'gift' }],
  ['笔记本电脑开不了机', null, { device: 'computer', accessory: undefined }],
  // what was tried is not what is broken
  ['投影仪没信号，HDMI线换了也不行', null, { device: 'projector', accessory: undefined, symptom: 'no_signal' }],
  ['一体机开不了机，电源线检查了', P, { device: P, accessory: undefined, symptom: 'wont_boot' }],
  // causes
  ['一体机进水了', P, { cause: 'liquid' }],
  ['学生把咖啡洒到键盘上了', null, { cause: 'liquid' }],
  ['教室天花板漏水，滴到一体机上', P, { cause: 'liquid' }],
  ['回南天太潮湿，屏幕起雾', P, { cause: 'environment', symptom: 'display_abnormal' }],
  ['放在窗边被太阳暴晒，出现黑斑', P, { cause: 'environment', symptom: 'display_abnormal' }],
  ['老师自己拆开后盖清灰，现在开不了机', P, { cause: 'misuse', symptom: 'wont_boot' }],
  ['没按说明书操作，现在不通电', P, { cause: 'misuse', symptom: 'no_power' }],
  ['地震后展台掉下来了', null, { cause: 'force_majeure', symptom: 'physical_damage' }],
  ['打雷后网络断了', null, { cause: 'force_majeure', device: 'network', symptom: 'network_down' }],
  ['不小心把一体机撞了一下，屏幕有条裂纹', P, { cause: 'human_damage', symptom: 'physical_damage' }],
  ['推拉黑板的板面裂开了', null, { cause: undefined, symptom: 'physical_damage' }],
  // symptoms
  ['请问保修期多久？', P, { symptom: 'question' }],
  ['怎么投屏', P, { symptom: 'question', accessory: 'wireless_casting' }],
  ['一体机黑屏了怎么办', P, { symptom: 'no_display' }],
  ['电脑开不了机，按电源键一点反应都没有', null, { symptom: 'no_power' }],
  ['一体机指示灯不亮', P, { symptom: 'no_power' }],
  ['一直重启，进不去系统', P, { symptom: 'wont_boot' }],
  ['用着用着就自动重启', P, { symptom: 'crash' }],
  ['希沃白板软件闪退', null, { device: P, symptom: 'app_error' }],
  ['后台登录不上，提示密码错误', 'platform_software', { symptom: 'app_error', scope: undefined }],
  ['网断了', null, { device: 'network', symptom: 'network_down' }],
  ['一体机触模偏移', P, { symptom: 'touch_failure' }],
  ['时不时自己乱点', P, { symptom: 'touch_failure' }],
  ['声音忽大忽小', P, { symptom: 'no_sound' }],
  ['画面是倒的', null, { symptom: 'display_abnormal' }],
  // normalisation: full-width letters and spaces
  ['ＨＤＭＩ线坏了', P, { accessory: 'hdmi_cable' }],
  ['一体机 黑 屏', P, { symptom: 'no_display' }],
];

const EN: Case[] = [
  ['The touch screen stopped responding', P, { symptom: 'touch_failure' }],
  ['touch no longer responds on the panel in room 3', null, { symptom: 'touch_failure' }],
  ["the panel won't turn on", null, { device: P, symptom: 'wont_boot' }],
  ['the panel wont power on', null, { symptom: 'no_power' }],
  ['panel dead', null, { symptom: 'no_power' }],
  ['touch screen not responding', null, { device: P, symptom: 'touch_failure' }],
  ['screen is black', P, { device: undefined, symptom: 'no_display' }],
  ['no sound', P, { symptom: 'no_sound' }],
  ['it keeps crashing', P, { symptom: 'crash' }],
  ['frozen again', P, { symptom: 'crash' }],
  ['Panel frozen on the Windows logo', P, { symptom: 'wont_boot' }],
  ['wifi down in room 204', null, { device: 'network', symptom: 'network_down', scope: undefined }],
  ['the panel is very slow', P, { symptom: 'slow' }],
  ['smartboard flickering', null, { device: P, symptom: 'display_abnormal' }],
  ['the document camera shows nothing', null, { device: 'visualizer', symptom: 'no_display' }],
  ['The projector has no signal', null, { device: 'projector', symptom: 'no_signal' }],
  ['tried another hdmi cable, projector still shows no signal', null, { device: 'projector', accessory: undefined, symptom: 'no_signal' }],
  ['Screen is black but I can hear sound from the speakers', P, { device: undefined, symptom: 'no_display' }],
  ['Whiteboard app crashes as soon as I open it', P, { symptom: 'app_error' }],
  ["Can't log in to the platform", 'platform_software', { symptom: 'app_error', scope: undefined }],
  ["The kiosk won't respond to touch", 'terminal', { device: 'terminal', symptom: 'touch_failure' }],
  ['Touch screen is completely dead', P, { symptom: 'touch_failure', usable: false }],
  // causes and negations
  ['kids knocked it over', P, { cause: 'human_damage' }],
  ['coffee spilled on the keyboard', null, { cause: 'liquid' }],
  ['lightning struck the school', null, { cause: 'force_majeure' }],
  ['The classroom got flooded during the storm and the panel no longer powers on.', P, { cause: 'force_majeure', symptom: 'no_power' }],
  ['humid classroom, panel has dark spots', P, { cause: 'environment', symptom: 'display_abnormal' }],
  ['a teacher opened up the back cover', P, { cause: 'misuse' }],
  ['nobody dropped it, it just stopped working', P, { cause: 'none_known', symptom: 'other' }],
  ['it was not dropped, the screen went black', P, { cause: 'none_known', symptom: 'no_display' }],
  ["wasn't damaged by the kids, the touch is off", P, { cause: 'none_known', symptom: 'touch_failure' }],
  ['no water got near it, the screen flickers', P, { cause: undefined, symptom: 'display_abnormal' }],
  ['the screen is cracked', P, { cause: 'human_damage', symptom: 'physical_damage' }],
  // usable
  ['still works but the colours are off', P, { usable: true, symptom: 'display_abnormal' }],
  ["can't use it at all", P, { usable: false }],
  ["it's unusable", P, { usable: false }],
  // major events
  ['exam tomorrow and the projector has no signal', null, { majorEvent: true, device: 'projector', symptom: 'no_signal' }],
  ['no exam today, the speaker is buzzing', null, { majorEvent: undefined, device: 'audio', symptom: 'no_sound' }],
  ['open class in an hour, panel is laggy', P, { majorEvent: true, symptom: 'slow' }],
  ['graduation ceremony tonight, the mic is dead', null, { majorEvent: true, device: 'audio' }],
  // scope
  ['whole school has no internet', null, { scope: 'whole_site', symptom: 'network_down' }],
  ['several schools report a black screen', null, { scope: 'multi_site', symptom: 'no_display' }],
  ['district-wide outage of the wifi', null, { scope: 'multi_site', device: 'network' }],
  ['the platform is down for everyone', null, { scope: 'platform', device: 'platform_software', symptom: 'app_error' }],
  ["The whole district can't access the learning platform", null, { scope: 'platform' }],
  ['No internet on the panel but other rooms are fine', P, { scope: 'single_device', symptom: 'network_down' }],
  ['Room 204 panel, Grade 3 Class 2: no sound', P, { scope: undefined, symptom: 'no_sound' }],
  // questions and accessories
  ['stylus lost, can I buy one?', P, { device: 'accessory', accessory: 'touch_pen', symptom: 'question' }],
  ['What is the warranty period of the panels?', null, { symptom: 'question' }],
  ['How do I switch input?', P, { symptom: 'question' }],
  ['The panel in Room 204 is frozen, how do I restart it?', P, { symptom: 'crash' }],
  ['the remote is broken', P, { device: 'accessory', accessory: 'remote_control', symptom: 'other' }],
  ['remote support needed for a driver issue', P, { accessory: undefined, symptom: 'app_error' }],
  ['How much is a power adapter?', null, { accessory: 'power_adapter', symptom: 'question' }],
  ['the mobile stand has a broken wheel', null, { accessory: 'mobile_stand', symptom: 'physical_damage' }],
  ['screen mirroring dongle shows no signal', P, { accessory: 'wireless_casting', symptom: 'no_signal' }],
  // normalisation: full-width letters
  ['ＴＨＥ ＰＡＮＥＬ ＩＳ ＦＲＯＺＥＮ', null, { device: P, symptom: 'crash' }],
];

function check(text: string, assetKind: Device | null, expected: Expect): void {
  const { facts } = extractor.extractSync(text, assetKind ? { assetKind } : {});
  for (const [key, value] of Object.entries(expected)) {
    expect(facts[key as FactKey], `${key} of "${text}" (got ${JSON.stringify(facts)})`).toBe(value);
  }
}

describe('rules extractor, zh-CN reports', () => {
  it.each(ZH)('%s', check);
});

describe('rules extractor, en reports', () => {
  it.each(EN)('%s', check);
});

describe('rules extractor behaviour', () => {
  it('has enough cases', () => {
    expect(ZH.length + EN.length).toBeGreaterThanOrEqual(80);
  });

  it('detects the language, unless hinted', async () => {
    expect((await extractor.extract('一体机黑屏')).lang).toBe('zh-CN');
    expect((await extractor.extract('The panel is black')).lang).toBe('en');
    expect((await extractor.extract('HDMI线坏了')).lang).toBe('zh-CN');
    const hinted = await extractor.extract('no sound', { lang: 'zh-CN' });
    expect(hinted.lang).toBe('zh-CN');
  });

  it('returns the words each fact came from', async () => {
    const { evidence } = await extractor.extract('一体机被学生推倒了，屏幕碎了');
    expect(evidence).toContainEqual({ fact: 'device', value: P, matched: '一体机' });
    expect(evidence).toContainEqual({ fact: 'symptom', value: 'physical_damage', matched: '碎了' });
    expect(evidence.find((e) => e.fact === 'cause')).toMatchObject({ value: 'human_damage' });
    const pen = await extractor.extract('触摸笔丢了');
    expect(pen.evidence).toContainEqual({ fact: 'accessory', value: 'touch_pen', matched: '触摸笔' });
    expect(pen.evidence).toContainEqual({ fact: 'device', value: 'accessory', matched: '触摸笔' });
  });

  it('leaves out what the text does not tell, instead of guessing defaults', async () => {
    const { facts, evidence } = await extractor.extract('你好', { assetKind: P });
    expect(facts).toEqual({});
    expect(evidence).toEqual([]);
    expect((await extractor.extract('hello there')).facts).toEqual({});
  });

  it('is deterministic', async () => {
    const text = '明天有公开课，一体机没有摔过，突然黑屏了，完全用不了';
    const a = await extractor.extract(text, { assetKind: P });
    const b = await extractor.extract(text, { assetKind: P });
    expect(a).toEqual(b);
    expect(a.facts).toEqual({ device: P, symptom: 'no_display', usable: false, majorEvent: true });
  });

  it('knows nothing in a language it has no lexicon for', async () => {
    const zhOnly = new RulesExtractor([Lexicon.parse({ lang: 'zh-CN', facts: { symptom: [{ value: 'no_display', words: ['黑屏'] }] } })]);
    expect(zhOnly.langs).toEqual(['zh-CN']);
    expect((await zhOnly.extract('一体机黑屏')).facts).toEqual({ symptom: 'no_display' });
    expect(await zhOnly.extract('black screen')).toEqual({ facts: {}, evidence: [], lang: 'en' });
  });

  it('applies priority, then the earlier match, and hides matches inside longer ones', async () => {
    const lexicon = Lexicon.parse({
      lang: 'en',
      negation: { cues: ['not'], window: 1 },
      facts: {
        symptom: [
          { value: 'other', words: ['broken'] },
          { value: 'slow', words: ['slow'] },
          { value: 'no_power', priority: 5, words: ['dead'] },
          { value: 'no_sound', words: ['not broken at all'], negatable: false },
        ],
      },
    });
    const x = new RulesExtractor([lexicon]);
    expect((await x.extract('slow and broken')).facts.symptom).toBe('slow');
    expect((await x.extract('broken and slow')).facts.symptom).toBe('other');
    expect((await x.extract('broken, slow and dead')).facts.symptom).toBe('no_power');
    expect((await x.extract('not slow, broken')).facts.symptom).toBe('other');
    expect((await x.extract('it is not broken at all')).facts.symptom).toBe('no_sound');
  });
});
