import { beforeAll, describe, expect, it } from 'vitest';
import type { AssetFacts } from '../../src/domain/asset.js';
import type { Contract } from '../../src/domain/contract.js';
import type { Facts } from '../../src/domain/facts.js';
import { AssetDateError, decideWarranty } from '../../src/domain/warranty.js';
import { shippedContracts } from '../support/contracts.js';

let gx: Contract;
let cg: Contract;
beforeAll(async () => ({ gx, cg } = await shippedContracts()));

const facts: Facts = {
  device: 'interactive_panel',
  symptom: 'touch_failure',
  cause: 'none_known',
  scope: 'single_device',
  usable: true,
  majorEvent: false,
};
const panel = (acceptedAt: string, extra: Partial<AssetFacts> = {}): AssetFacts => ({ kind: 'interactive_panel', acceptedAt, ...extra });
/** Shanghai local time → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const decide = (f: Partial<Facts>, asset: AssetFacts | null, at: string, contract = gx) =>
  decideWarranty({ ...facts, ...f }, asset, contract, sh(at));

describe('warranty decision (first matching rule wins)', () => {
  it('1. an unidentified asset is unknown and not billed, whatever the cause', () => {
    const r = decide({ cause: 'human_damage' }, null, '2026-10-12T14:10:00');
    expect(r).toMatchObject({ decision: 'unknown', billable: false });
    expect(r.reasons[0]?.text.en).toMatch(/engineer verifies/);
  });

  it('2. human damage, liquid, misuse, environment and force majeure are excluded on both contracts', () => {
    for (const cause of ['human_damage', 'liquid', 'misuse', 'environment', 'force_majeure'] as const) {
      const r = decide({ cause }, panel('2026-05-20'), '2026-10-12T14:10:00');
      expect(r).toMatchObject({ decision: 'excluded', billable: true });
      expect(r.reasons[0]).toMatchObject({ contract: 'GX-EDU', clause: '5.21.3' });
      const c = decide(
        { cause, device: 'platform_software', symptom: 'app_error' },
        { kind: 'platform_software', acceptedAt: '2025-01-01' },
        '2026-10-12T14:10:00',
        cg,
      );
      expect(c).toMatchObject({ decision: 'excluded', billable: true });
      expect(c.reasons[0]).toMatchObject({ contract: 'CG-CULTURE', clause: '4.5.1' });
    }
  });

  it('3. accessories are excluded, with the 5.23 price when the contract lists one', () => {
    const pen = decide({ device: 'accessory', accessory: 'touch_pen', symptom: 'question' }, panel('2026-05-20'), '2026-10-12T14:10:00');
    expect(pen).toMatchObject({ decision: 'excluded', billable: true, price: { amount: 300, currency: 'CNY' } });
    expect(pen.reasons.map((r) => r.clause)).toEqual(['5.21.3', '5.23']);
    expect(pen.reasons[1]?.text).toEqual({ 'zh-CN': '触摸笔价格 300 CNY', en: 'a touch pen costs 300 CNY' });
    expect(decide({ device: 'accessory', accessory: 'power_adapter' }, panel('2026-05-20'), '2026-10-12T14:10:00').price?.amount).toBe(150);
    expect(decide({ device: 'accessory', accessory: 'hdmi_cable' }, panel('2026-05-20'), '2026-10-12T14:10:00').price?.amount).toBe(200);
    const remote = decide({ device: 'accessory', accessory: 'remote_control' }, panel('2026-05-20'), '2026-10-12T14:10:00');
    expect(remote.decision).toBe('excluded');
    expect(remote.price).toBeUndefined();
    expect(decide({ device: 'accessory' }, panel('2026-05-20'), '2026-10-12T14:10:00', cg).decision).toBe('excluded');
  });

  it('a damaging cause outranks the accessory rule, and the unknown asset outranks both', () => {
    expect(decide({ device: 'accessory', cause: 'liquid' }, panel('2026-05-20'), '2026-10-12T14:10:00').reasons[0]?.clause).toBe('5.21.3');
    expect(decide({ device: 'accessory' }, null, '2026-10-12T14:10:00').decision).toBe('unknown');
  });

  it('4. platform software under CG-CULTURE is covered for life; not under GX-EDU', () => {
    const old = { kind: 'platform_software', acceptedAt: '2020-09-01' } as const;
    expect(decide({ device: 'platform_software', symptom: 'app_error' }, old, '2026-10-12T14:10:00', cg)).toMatchObject({
      decision: 'in_warranty',
      billable: false,
    });
    expect(decide({ device: 'platform_software', symptom: 'other' }, old, '2040-01-01T00:00:00', cg).decision).toBe('in_warranty');
    const server = { kind: 'server', acceptedAt: '2020-09-01' } as const;
    expect(decide({ device: 'server', symptom: 'crash' }, server, '2026-10-12T14:10:00', cg).decision).toBe('in_warranty');
    expect(decide({ device: 'server', symptom: 'no_power' }, server, '2026-10-12T14:10:00', cg).decision).toBe('out_of_warranty');
    expect(
      decide({ device: 'terminal', symptom: 'app_error' }, { kind: 'terminal', acceptedAt: '2020-09-01' }, '2026-10-12T14:10:00', cg)
        .decision,
    ).toBe('in_warranty');
    expect(
      decide({ device: 'computer', symptom: 'app_error' }, { kind: 'computer', acceptedAt: '2020-09-01' }, '2026-10-12T14:10:00', cg)
        .decision,
    ).toBe('out_of_warranty');
    expect(decide({ device: 'platform_software', symptom: 'app_error' }, old, '2026-10-12T14:10:00', gx).decision).toBe('out_of_warranty');
  });

  it('5. GX-EDU covers 12 months from acceptance: the last covered day and the first uncovered one', () => {
    const asset = panel('2025-10-12');
    expect(decide({}, asset, '2026-10-11T23:59:59').decision).toBe('in_warranty');
    expect(decide({}, asset, '2026-10-12T00:00:00')).toMatchObject({ decision: 'out_of_warranty', billable: true });
    expect(decide({}, asset, '2025-10-12T00:00:00').decision).toBe('in_warranty');
    const r = decide({}, asset, '2026-10-11T09:00:00');
    expect(r.reasons[0]).toMatchObject({ contract: 'GX-EDU', clause: '5.5, 5.21.1' });
    expect(r.reasons[0]?.text.en).toContain('through 2026-10-11');
    const out = decide({}, asset, '2026-10-12T09:00:00');
    expect(out.reasons.map((x) => x.clause)).toEqual(['5.5, 5.21.1', '5.3']);
  });

  it('counts the boundary in Shanghai time, not UTC', () => {
    const asset = panel('2025-10-12');
    // 2026-10-11T16:30Z is already 2026-10-12 00:30 in Shanghai
    expect(decideWarranty(facts, asset, gx, new Date('2026-10-11T16:30:00Z')).decision).toBe('out_of_warranty');
    expect(decideWarranty(facts, asset, gx, new Date('2026-10-11T15:59:59Z')).decision).toBe('in_warranty');
  });

  it('CG-CULTURE covers hardware 36 months; an asset may record its own length', () => {
    const terminal = { kind: 'terminal', acceptedAt: '2023-10-12' } as const;
    const f = { device: 'terminal', symptom: 'wont_boot' } as const;
    expect(decide(f, terminal, '2026-10-11T12:00:00', cg).decision).toBe('in_warranty');
    expect(decide(f, terminal, '2026-10-12T00:00:00', cg).decision).toBe('out_of_warranty');
    expect(decide({}, panel('2024-10-12', { warrantyMonths: 36 }), '2027-10-11T12:00:00').decision).toBe('in_warranty');
    expect(decide({}, panel('2024-10-12', { warrantyMonths: 36 }), '2027-10-12T00:00:00').decision).toBe('out_of_warranty');
    expect(decide({}, panel('2024-02-29'), '2025-02-27T12:00:00').decision).toBe('in_warranty');
    expect(decide({}, panel('2024-02-29'), '2025-02-28T00:00:00').decision).toBe('out_of_warranty');
  });

  describe('6. a replaced part keeps the remaining warranty or 90 days, whichever is longer (5.21.2)', () => {
    const asset = panel('2025-08-01', { replacedParts: [{ part: 'touch_frame', replacedAt: '2026-08-20' }] });

    it('covers faults of that part for 90 days after replacement, past the asset warranty', () => {
      const r = decide({}, asset, '2026-10-12T14:10:00');
      expect(r).toMatchObject({ decision: 'in_warranty', billable: false });
      expect(r.reasons[0]).toMatchObject({ clause: '5.21.2' });
      expect(r.reasons[0]?.text.en).toContain('through 2026-11-17');
      expect(decide({}, asset, '2026-11-17T23:59:00').decision).toBe('in_warranty');
      expect(decide({}, asset, '2026-11-18T00:00:00').decision).toBe('out_of_warranty');
    });

    it('covers only faults of the replaced part', () => {
      expect(decide({ symptom: 'no_display' }, asset, '2026-10-12T14:10:00').decision).toBe('out_of_warranty');
      const display = panel('2025-08-01', { replacedParts: [{ part: 'lcd_panel', replacedAt: '2026-08-20' }] });
      expect(decide({ symptom: 'no_display' }, display, '2026-10-12T14:10:00').decision).toBe('in_warranty');
      expect(decide({ symptom: 'display_abnormal' }, display, '2026-10-12T14:10:00').decision).toBe('in_warranty');
      expect(decide({ symptom: 'touch_failure' }, display, '2026-10-12T14:10:00').decision).toBe('out_of_warranty');
      const board = panel('2025-08-01', { replacedParts: [{ part: 'memory', replacedAt: '2026-08-20' }] });
      for (const symptom of ['wont_boot', 'crash', 'slow'] as const) {
        expect(decide({ symptom, device: 'computer' }, board, '2026-10-12T14:10:00').decision).toBe('in_warranty');
      }
      expect(decide({ symptom: 'no_sound' }, board, '2026-10-12T14:10:00').decision).toBe('out_of_warranty');
    });

    it('accepts common names for parts', () => {
      const board = panel('2025-08-01', { replacedParts: [{ part: 'Motherboard', replacedAt: '2026-08-20' }] });
      expect(decide({ symptom: 'wont_boot' }, board, '2026-10-12T14:10:00').decision).toBe('in_warranty');
    });

    it('the remaining warranty wins when it is longer: rule 5 already covers it', () => {
      const early = panel('2026-05-20', { replacedParts: [{ part: 'touch_frame', replacedAt: '2026-06-01' }] });
      const r = decide({}, early, '2027-05-19T10:00:00');
      expect(r.decision).toBe('in_warranty');
      expect(r.reasons[0]?.clause).toBe('5.5, 5.21.1');
      expect(decide({}, early, '2027-05-20T10:00:00').decision).toBe('out_of_warranty');
    });

    it('ignores a replacement made after the fault was reported', () => {
      const later = panel('2025-08-01', { replacedParts: [{ part: 'touch_frame', replacedAt: '2026-10-13' }] });
      expect(decide({}, later, '2026-10-12T14:10:00').decision).toBe('out_of_warranty');
    });

    it('a damaging cause still excludes a replaced part', () => {
      expect(decide({ cause: 'human_damage' }, asset, '2026-10-12T14:10:00').decision).toBe('excluded');
    });
  });

  it('refuses an asset whose dates are not dates', () => {
    expect(() => decide({}, panel('last spring'), '2026-10-12T14:10:00')).toThrow(AssetDateError);
  });
});
