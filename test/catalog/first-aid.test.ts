import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FirstAidFile, firstAidTips } from '../../src/catalog/first-aid.js';
import { loadDesk } from '../../src/catalog/desk.js';
import { completeFacts, DEVICES, type Device, type Symptom, SYMPTOMS } from '../../src/domain/facts.js';
import { RulesExtractor } from '../../src/triage/rules-extractor.js';
import { FLOWS_DIR } from '../support/contracts.js';
import { shippedCatalog } from '../support/desk.js';

const text = (zh: string) => ({ 'zh-CN': zh, en: zh });

describe('choosing first aid', () => {
  const file: FirstAidFile = {
    clause: '5.13.1',
    tips: {
      no_power: { any: text('any'), projector: text('projector') },
      no_signal: { any: text('signal'), wireless_casting: text('casting') },
      other: { blackboard: text('rails') },
    },
  };

  it("takes the accessory's tips, then the device kind's, then the symptom's fallback", () => {
    expect(firstAidTips(file, { symptom: 'no_power', device: 'projector' })).toEqual(text('projector'));
    expect(firstAidTips(file, { symptom: 'no_power', device: 'computer' })).toEqual(text('any'));
    expect(firstAidTips(file, { symptom: 'no_power' })).toEqual(text('any'));
    expect(firstAidTips(file, { symptom: 'no_signal', device: 'accessory', accessory: 'wireless_casting' })).toEqual(text('casting'));
    expect(firstAidTips(file, { symptom: 'no_signal', device: 'accessory', accessory: 'touch_pen' })).toEqual(text('signal'));
  });

  it('has none for a symptom without tips, or without tips for that device and no fallback', () => {
    expect(firstAidTips(file, { symptom: 'question', device: 'projector' })).toBeUndefined();
    expect(firstAidTips(file, { symptom: 'other', device: 'computer' })).toBeUndefined();
    expect(firstAidTips(file, { symptom: 'other', device: 'blackboard' })).toEqual(text('rails'));
  });
});

describe('the shipped first aid (flows/desk/first-aid.yaml)', async () => {
  const { desk, problems } = await loadDesk(path.join(FLOWS_DIR, 'desk'));
  const firstAid = desk!.firstAid;

  it('loads, and every fault symptom has tips for any device', () => {
    expect(problems).toEqual([]);
    const without: Symptom[] = ['question', 'physical_damage', 'other'];
    for (const symptom of SYMPTOMS.filter((s) => !without.includes(s))) expect(firstAid.tips[symptom]?.any, symptom).toBeDefined();
    for (const symptom of without) expect(firstAid.tips[symptom]?.any, symptom).toBeUndefined();
  });

  it('every device kind the contracts cover has tips of its own for some fault', () => {
    const own = (kind: Device) => SYMPTOMS.filter((s) => firstAid.tips[s]?.[kind]);
    for (const kind of DEVICES.filter((k) => k !== 'accessory' && k !== 'platform_software' && k !== 'server')) {
      expect(own(kind).length, kind).toBeGreaterThan(0);
    }
    expect(own('platform_software')).toEqual(expect.arrayContaining(['crash', 'app_error']));
    expect(own('server')).toEqual(expect.arrayContaining(['no_power', 'crash']));
  });

  // What a teacher types → the facts triage finds (device kind from the asset) → the tips shown.
  const extractor = new RulesExtractor((await shippedCatalog()).lexicons);
  const tipsFor = async (typed: string, asset: Device) => {
    const extraction = await extractor.extract(typed, { assetKind: asset });
    const facts = completeFacts(extraction.facts, asset);
    return firstAidTips(firstAid, facts);
  };

  it.each([
    ['开不了机', 'interactive_panel', 'zh-CN', ['电源线和插头', '总电源开关', '长按电源键 10 秒']],
    ['the panel won’t turn on', 'interactive_panel', 'en', ['cord and plug', 'main switch', 'hold the power button for 10 seconds']],
    ['电脑开不了机', 'computer', 'zh-CN', ['主机电源线', '电源开关']],
    ['the projector won’t turn on', 'projector', 'en', ['wall switch', 'cooling']],
    ['一体机触摸没反应', 'interactive_panel', 'zh-CN', ['边框', '触摸 USB 线', '触摸校准']],
    ['the touch screen doesn’t respond', 'interactive_panel', 'en', ['frame', 'touch USB cable', 'touch calibration']],
    ['查询机触摸不准', 'terminal', 'zh-CN', ['边框', '触摸校准']],
    ['话筒没声音', 'interactive_panel', 'zh-CN', ['功放', '话筒']],
    ['no sound from the speakers', 'audio', 'en', ['amplifier', 'microphone']],
    ['一体机没有声音', 'interactive_panel', 'zh-CN', ['遥控器', '输出设备']],
    ['投屏器配对不上', 'interactive_panel', 'zh-CN', ['投屏器插到一体机的 USB 口']],
    ['screen mirroring shows no signal', 'interactive_panel', 'en', ['casting dongle']],
    ['投不上屏，一体机显示无信号', 'interactive_panel', 'zh-CN', ['信号源', '同一个 Wi-Fi']],
    ['断网了', 'network', 'zh-CN', ['网线', '手机热点']],
    ['投影仪黑屏', 'projector', 'zh-CN', ['镜头盖', '信号源']],
    ['展台没有画面', 'visualizer', 'zh-CN', ['展台对应的信号源']],
    ['黑板推不动了', 'blackboard', 'zh-CN', ['轨道']],
    ['平台登录不上', 'platform_software', 'zh-CN', ['重新登录']],
    ['服务器宕机了', 'server', 'zh-CN', ['不要自行重启']],
  ] as const)('%s (%s) → tips in %s naming what to check', async (typed, asset, lang, expected) => {
    const tips = await tipsFor(typed, asset);
    expect(tips, typed).toBeDefined();
    for (const part of expected) expect(tips?.[lang]).toContain(part);
  });

  it('no first aid for broken glass or a question', async () => {
    expect(await tipsFor('屏幕被学生砸碎了', 'interactive_panel')).toBeUndefined();
    expect(await tipsFor('怎么把手机投屏到一体机上？', 'interactive_panel')).toBeUndefined();
  });
});
