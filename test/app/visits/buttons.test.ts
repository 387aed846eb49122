import { describe, expect, it } from 'vitest';
import { parseVisitButton, typedVisitAnswer, visitButtonId } from '../../../src/app/visits/buttons.js';
import { visitQuestion } from '../../../src/app/visits/compose.js';
import { roundsToPlan } from '../../../src/app/visits/plan.js';
import { formatLocalDate } from '../../../src/domain/calendar.js';
import { shippedCatalog } from '../../support/desk.js';

const WORDS = { ok: ['都正常', '没问题', 'all good'], fault: ['有故障'], call: ['请打电话', 'call me'] };
const ID = '3bcc8c97-410c-4fe3-a6b1-f6f13de23082';

describe("a return visit's buttons and typed answers", () => {
  it("fits Telegram's 64 bytes of callback data and reads back; anything else is not a visit's", () => {
    const id = visitButtonId(ID, 'fault');
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
    expect(parseVisitButton(id)).toEqual({ visitId: ID, answer: 'fault' });
    expect(parseVisitButton(`visit:${ID}:maybe`)).toBeNull();
    expect(parseVisitButton('visit:not-an-id:ok')).toBeNull();
  });

  it('understands the whole message, ignoring case, width and punctuation at its ends; not words inside a sentence', () => {
    expect(typedVisitAnswer('都正常！', WORDS)).toBe('ok');
    expect(typedVisitAnswer('  All Good. ', WORDS)).toBe('ok');
    expect(typedVisitAnswer('Call me!', WORDS)).toBe('call');
    expect(typedVisitAnswer('有故障', WORDS)).toBe('fault');
    expect(typedVisitAnswer('三楼的一体机都正常吗', WORDS)).toBeNull();
    expect(typedVisitAnswer('', WORDS)).toBeNull();
  });

  it('understands a hurried answer that ends with thanks, in either language, and nothing else around it', () => {
    const polite = ['谢谢', '辛苦了', 'thanks', 'thank you'];
    expect(typedVisitAnswer('都正常，谢谢！', WORDS, polite)).toBe('ok');
    expect(typedVisitAnswer('没问题谢谢', WORDS, polite)).toBe('ok');
    expect(typedVisitAnswer('all good thanks', WORDS, polite)).toBe('ok');
    expect(typedVisitAnswer('All good, thank you.', WORDS, polite)).toBe('ok');
    expect(typedVisitAnswer('call me, thanks', WORDS, polite)).toBe('call');
    expect(typedVisitAnswer('有故障，辛苦了', WORDS, polite)).toBe('fault');
    expect(typedVisitAnswer('谢谢', WORDS, polite)).toBeNull();
    expect(typedVisitAnswer('都正常吗，谢谢', WORDS, polite)).toBeNull();
    expect(typedVisitAnswer('all good thanks', WORDS)).toBeNull();
  });
});

describe("the shipped words (flows/desk/labels.yaml) read a teacher's hurried answers", () => {
  const typed = async (text: string) => {
    const lists = (await shippedCatalog()).desk.labels.visitAnswers!;
    const both = (l: { 'zh-CN': string[]; en: string[] } | undefined) => (l ? [...l['zh-CN'], ...l.en] : []);
    return typedVisitAnswer(
      text,
      { ok: both(lists.ok), fault: both(lists.fault), call: both(lists.call) },
      both(lists.courtesy),
      both(lists.openers),
    );
  };

  it.each([
    ['都正常', 'ok'],
    ['没问题的', 'ok'],
    ['都正常的，谢谢！', 'ok'],
    ['您好，都正常', 'ok'],
    ['是的', 'ok'],
    ['all fine', 'ok'],
    ['yes', 'ok'],
    ['Yes, all good, thanks', 'ok'],
    ['有个故障', 'fault'],
    ['有点问题', 'fault'],
    ['hi, something is wrong', 'fault'],
    ['打电话给我', 'call'],
    ['打个电话吧', 'call'],
    ['call me pls', 'call'],
    ['pls call me', 'call'],
    ['Call me back, thanks', 'call'],
  ] as const)('"%s" → %s', async (text, answer) => {
    expect(await typed(text)).toBe(answer);
  });

  it.each(['谢谢', '好的', '好的，谢谢', '都正常吗', '三楼的一体机坏了吗', 'no', 'hello', 'fineness', 'callme', '是不是坏了'])(
    '"%s" is not an answer (the flow reads it)',
    async (text) => {
      expect(await typed(text)).toBeNull();
    },
  );
});

describe("the visit's question greets the teacher by name, or without one", () => {
  const ask = async (name: string | null, wording: 'visit' | 'feedback', lang: 'zh-CN' | 'en') =>
    visitQuestion(await shippedCatalog(), { id: ID, site: '示例市文化馆', clause: '4.5.4', name, wording }, lang).text;

  it('"Hello Ms Lin!" with a name, "Hello!" without one (never "Hello !"), in both wordings and languages', async () => {
    expect(await ask('Ms Lin', 'visit', 'en')).toMatch(/^Hello Ms Lin! This is the regular return visit/);
    expect(await ask(null, 'visit', 'en')).toMatch(/^Hello! This is the regular return visit/);
    expect(await ask('  ', 'feedback', 'en')).toMatch(
      /^Hello! This is the six-monthly feedback form for 示例市文化馆 \(contract clause 4\.5\.4\)/,
    );
    expect(await ask('周老师', 'visit', 'zh-CN')).toMatch(/^周老师您好！这里是示例市文化馆/);
    expect(await ask(null, 'feedback', 'zh-CN')).toMatch(/^您好！这是示例市文化馆每半年一次的用户意见反馈/);
  });
});

describe('the rounds the planner adds', () => {
  const GX = { firstMonths: 1, everyMonths: 3 };
  const d = (s: string) => {
    const [year, month, day] = s.split('-').map(Number) as [number, number, number];
    return { year, month, day };
  };
  it('before the first round: only the first; later: the round in progress and the next, never the missed ones', () => {
    expect(roundsToPlan(d('2026-10-30'), GX, d('2026-11-29')).map(formatLocalDate)).toEqual(['2026-11-30']);
    expect(roundsToPlan(d('2020-01-15'), GX, d('2026-11-30')).map(formatLocalDate)).toEqual(['2026-11-15', '2027-02-15']);
  });
});
