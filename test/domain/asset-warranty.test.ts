import { describe, expect, it } from 'vitest';
import { assetWarranty } from '../../src/domain/asset-warranty.js';

const CONTRACT = { timeZone: 'Asia/Shanghai', warranty: { months: 36, clause: '5.1', text: { 'zh-CN': '三年', en: 'three years' } } };
// 2026-12-01 00:30 in Shanghai is still 30 November in UTC.
const NOW = new Date('2026-11-30T16:30:00Z');

describe('an asset’s warranty end (assetWarranty)', () => {
  it('runs the contract’s months from the acceptance date, counted in the contract’s zone', () => {
    expect(assetWarranty({ acceptedAt: '2024-01-15', warrantyMonths: null }, CONTRACT, NOW)).toEqual({
      months: 36,
      ends: '2027-01-15',
      lastDay: '2027-01-14',
      clause: '5.1',
      daysLeft: 45,
    });
  });

  it('uses the asset’s own months, and says how long ago an ended warranty ended', () => {
    const w = assetWarranty({ acceptedAt: '2025-11-01', warrantyMonths: 12 }, CONTRACT, NOW);
    expect([w?.ends, w?.daysLeft]).toEqual(['2026-11-01', -30]);
  });

  it('ends on its first uncovered day: that day has 0 left; a month end clamps', () => {
    expect(assetWarranty({ acceptedAt: '2023-12-01', warrantyMonths: null }, CONTRACT, NOW)?.daysLeft).toBe(0);
    expect(assetWarranty({ acceptedAt: '2024-01-31', warrantyMonths: 1 }, CONTRACT, NOW)?.ends).toBe('2024-02-29');
  });

  it('is null for an acceptance date that is not a date', () => {
    expect(assetWarranty({ acceptedAt: 'soon', warrantyMonths: null }, CONTRACT, NOW)).toBeNull();
  });
});
