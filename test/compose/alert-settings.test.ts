import { describe, expect, it } from 'vitest';
import { backgroundSettings } from '../../src/compose/background.js';
import { alertSettings, ConfigError, DEFAULT_ALERT_SETTINGS, parseConfig } from '../../src/config.js';

describe('alert settings', () => {
  it('default to warnings at 75% and 100%, a 5 s poll and quiet hours 07:30–21:30', () => {
    expect(alertSettings(parseConfig({}))).toEqual(DEFAULT_ALERT_SETTINGS);
    expect(backgroundSettings(parseConfig({}), 'pglite').alerts).toEqual(DEFAULT_ALERT_SETTINGS);
  });

  it('are read from the environment: percentages sorted without repeats, the window split', () => {
    const s = alertSettings(
      parseConfig({
        ALERT_WARNING_PERCENTS: '100, 50,90,50',
        ALERT_POLL_MS: '1000',
        QUIET_HOURS: '08:00-20:00',
        AFTER_SERVICE_PLAN_MS: '60000',
      }),
    );
    expect(s).toEqual({ percents: [50, 90, 100], pollMs: 1000, quietHours: { from: '08:00', to: '20:00' }, planEveryMs: 60_000 });
  });

  it('refuse a bad value by name, saying what is wanted', () => {
    for (const percents of ['0,100', '75,101', '75;100', '', 'soon']) {
      expect(() => parseConfig({ ALERT_WARNING_PERCENTS: percents }), percents).toThrow(
        /ALERT_WARNING_PERCENTS=.*percentages from 1 to 100/,
      );
    }
    for (const window of ['21:30-07:30', '7:30-21:30', '07:30-07:30', '07:30-24:00']) {
      expect(() => parseConfig({ QUIET_HOURS: window }), window).toThrow(/QUIET_HOURS=.*HH:MM-HH:MM/);
    }
    expect(() => parseConfig({ ALERT_POLL_MS: '10' })).toThrow(ConfigError);
    expect(() => parseConfig({ AFTER_SERVICE_PLAN_MS: 'hourly' })).toThrow(/AFTER_SERVICE_PLAN_MS/);
  });
});
