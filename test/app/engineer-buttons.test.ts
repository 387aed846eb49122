import { describe, expect, it } from 'vitest';
import { actionButtons, etaButtons, nextActions, parseStaffButton } from '../../src/app/engineer/buttons.js';
import { shippedCatalog } from '../support/desk.js';

describe('an engineer’s ticket buttons', () => {
  it('read back what they carry: the ticket and the action, an estimate with its minutes', () => {
    expect(parseStaffButton('staff:FX-2026-000123:accept')).toEqual({ number: 'FX-2026-000123', action: 'accept' });
    expect(parseStaffButton('staff:FX-2026-000123:hand_back')).toEqual({ number: 'FX-2026-000123', action: 'hand_back' });
    expect(parseStaffButton('staff:FX-2026-000123:eta.90')).toEqual({ number: 'FX-2026-000123', action: 'eta', minutes: 90 });
  });

  it('refuse ids that are not theirs, unknown actions and estimates out of range', () => {
    for (const id of [
      '1:issue',
      'staff:',
      'staff:FX-1:close',
      'staff:FX-1:accept.30',
      'staff:FX-1:eta',
      'staff:FX-1:eta.0',
      'staff:FX-1:eta.721',
      'staff:FX 1:accept',
      'staff:FX-1:accept:x',
    ])
      expect(parseStaffButton(id), id).toBeNull();
  });

  it('offer 30 min, 1 h and 2 h, labelled in both languages within 20 characters', async () => {
    const desk = (await shippedCatalog()).desk;
    expect(etaButtons(desk, 'FX-1', 'en')).toEqual([
      { id: 'staff:FX-1:eta.30', label: 'In 30 min' },
      { id: 'staff:FX-1:eta.60', label: 'In 1 h' },
      { id: 'staff:FX-1:eta.120', label: 'In 2 h' },
    ]);
    expect(etaButtons(desk, 'FX-1', 'zh-CN').map((b) => b.label)).toEqual(['30分钟后到', '1小时后到', '2小时后到']);
    for (const lang of ['en', 'zh-CN'] as const)
      for (const b of actionButtons(
        desk,
        'FX-1',
        ['accept', 'on_way', 'arrived', 'fixed', 'parts', 'loaner', 'escalate', 'hand_back'],
        lang,
      ))
        expect(b.label.length, b.label).toBeLessThanOrEqual(20);
  });

  it('follow the ticket: set out or arrive when dispatched, finish once on site, the loaner once', () => {
    expect(nextActions('on_site_dispatched', false)).toEqual(['on_way', 'arrived', 'hand_back']);
    expect(nextActions('engineer_on_site', false)).toEqual(['fixed', 'parts', 'loaner', 'escalate']);
    expect(nextActions('engineer_on_site', true)).toEqual(['fixed', 'parts', 'escalate']);
    expect(nextActions('waiting_parts', false)).toEqual(['fixed', 'loaner', 'escalate']);
    expect(nextActions('resolved', false)).toEqual([]);
    expect(nextActions('closed', true)).toEqual([]);
  });
});
