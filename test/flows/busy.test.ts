import { describe, expect, it } from 'vitest';
import { asksAfterNotice, busyForDesk, inFlow, quietUntil } from '../../src/flows/busy.js';
import { initialState } from '../../src/flows/state.js';

const SETTINGS = { flows: { main: 'main' }, timeoutMinutes: 120 };
const NOW = new Date('2026-12-01T02:00:00Z');
const MIN = 60_000;
const bot = { mode: 'bot' as const, humanRequestedAt: null };
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * MIN).toISOString();
const reporting = (lastActiveAt?: string) => ({
  ...initialState(),
  frames: [
    { flow: 'main', step: 'menu', vars: {} },
    { flow: 'report_fault', step: 'symptom', vars: {} },
  ],
  waiting: true,
  ...(lastActiveAt ? { lastActiveAt } : {}),
});

describe('whether a desk-started question must wait (busyForDesk)', () => {
  it('an idle conversation, or one at the main menu, is free', () => {
    expect(busyForDesk(bot, initialState(), SETTINGS, NOW)).toBe(false);
    const menu = { ...initialState(), frames: [{ flow: 'main', step: 'menu', vars: {} }], waiting: true, lastActiveAt: at(1) };
    expect(busyForDesk(bot, menu, SETTINGS, NOW)).toBe(false);
    expect(inFlow(menu, 'main')).toBe(false);
  });

  it('a report answered within the timeout holds it, up to the timeout itself', () => {
    expect(busyForDesk(bot, reporting(at(1)), SETTINGS, NOW)).toBe(true);
    expect(busyForDesk(bot, reporting(at(120)), SETTINGS, NOW)).toBe(true);
    expect(inFlow(reporting(at(1)), 'main')).toBe(true);
  });

  it('a report left longer than the timeout, or with no time kept, does not', () => {
    expect(busyForDesk(bot, reporting(at(121)), SETTINGS, NOW)).toBe(false);
    expect(busyForDesk(bot, reporting(), SETTINGS, NOW)).toBe(false);
    expect(busyForDesk(bot, reporting('not a time'), SETTINGS, NOW)).toBe(false);
  });

  it('a person holding the conversation, or awaited, holds it whatever the flow', () => {
    expect(busyForDesk({ mode: 'human', humanRequestedAt: null }, initialState(), SETTINGS, NOW)).toBe(true);
    expect(busyForDesk({ mode: 'bot', humanRequestedAt: new Date(at(600)) }, initialState(), SETTINGS, NOW)).toBe(true);
  });
});

describe('a return visit waits for a quiet teacher (busyForDesk with quiet)', () => {
  const quiet = (minutesAgo: number | null) => ({ lastHeardAt: minutesAgo === null ? null : new Date(at(minutesAgo)), ms: 10 * MIN });

  it('a teacher at the main menu who wrote within ten minutes holds it, until the ten minutes are over', () => {
    const menu = { ...initialState(), frames: [{ flow: 'main', step: 'menu', vars: {} }], waiting: true, lastActiveAt: at(0) };
    expect(busyForDesk(bot, menu, SETTINGS, NOW)).toBe(false);
    expect(busyForDesk(bot, menu, SETTINGS, NOW, quiet(0))).toBe(true);
    expect(busyForDesk(bot, menu, SETTINGS, NOW, quiet(9.99))).toBe(true);
    expect(quietUntil(quiet(1), NOW)).toEqual(new Date(NOW.getTime() + 9 * MIN));
    expect(busyForDesk(bot, menu, SETTINGS, NOW, quiet(10))).toBe(false);
    expect(quietUntil(quiet(10), NOW)).toBeNull();
  });

  it('a teacher who never wrote is quiet; the quiet spell adds to the other holds, never frees them', () => {
    expect(busyForDesk(bot, initialState(), SETTINGS, NOW, quiet(null))).toBe(false);
    expect(quietUntil(quiet(null), NOW)).toBeNull();
    expect(busyForDesk(bot, reporting(at(30)), SETTINGS, NOW, quiet(30))).toBe(true);
    expect(busyForDesk({ mode: 'human', humanRequestedAt: null }, initialState(), SETTINGS, NOW, quiet(null))).toBe(true);
  });
});

describe('whether a notice of the desk brings the question of a report back (asksAfterNotice)', () => {
  it('a report answered within the timeout, the bot holding the conversation: yes', () => {
    expect(asksAfterNotice(bot, reporting(at(1)), SETTINGS, NOW)).toBe(true);
    expect(asksAfterNotice(bot, reporting(at(120)), SETTINGS, NOW)).toBe(true);
  });

  it('no report, a lapsed one, or a person holding or awaited: no', () => {
    const menu = { ...initialState(), frames: [{ flow: 'main', step: 'menu', vars: {} }], waiting: true, lastActiveAt: at(1) };
    expect(asksAfterNotice(bot, menu, SETTINGS, NOW)).toBe(false);
    expect(asksAfterNotice(bot, reporting(at(121)), SETTINGS, NOW)).toBe(false);
    expect(asksAfterNotice(bot, reporting(), SETTINGS, NOW)).toBe(false);
    expect(asksAfterNotice({ mode: 'human', humanRequestedAt: null }, reporting(at(1)), SETTINGS, NOW)).toBe(false);
    expect(asksAfterNotice({ mode: 'bot', humanRequestedAt: new Date(at(5)) }, reporting(at(1)), SETTINGS, NOW)).toBe(false);
  });
});
