import { describe, expect, it } from 'vitest';
import { formatNumber, translate } from './index.ts';

describe('translate: plurals and numbers as the reader says them', () => {
  it('says "1 case" and "2 cases" in English, "1 ca" and "2 ca" in Vietnamese', () => {
    expect(translate('en', 'casesWeb.list.count', { count: 1 })).toBe('1 case');
    expect(translate('en', 'casesWeb.list.count', { count: 2 })).toBe('2 cases');
    expect(translate('en', 'casesWeb.list.count', { count: 0 })).toBe('0 cases');
    expect(translate('vi', 'casesWeb.list.count', { count: 1 })).toBe('1 ca');
  });

  it('has a singular wherever English counts a noun: one dose, one reminder, one day, one boundary', () => {
    expect(translate('en', 'vaccination.web.session.shown', { shown: 1, count: 1 })).toBe(
      'Showing 1 of 1 dose',
    );
    expect(translate('en', 'vaccination.web.session.shown', { shown: 2, count: 5 })).toBe(
      'Showing 2 of 5 doses',
    );
    expect(translate('en', 'vaccination.web.due.reminded', { count: 1 })).toMatch(/^1 reminder queued;/u);
    expect(translate('en', 'situation.charts.summary', { title: 'Cases', count: 1, last: 3 })).toBe(
      'Cases: 1 day of figures, last value 3.',
    );
    expect(translate('en', 'map.upload.done', { count: 1, missing: 156 })).toMatch(
      /^Loaded 1 commune boundary /u,
    );
    expect(translate('vi', 'map.upload.done', { count: 1, missing: 156 })).toBe(
      'Đã nạp 1 ranh giới xã (156 xã chưa có).',
    );
  });

  it('groups thousands with the language sign: 1.234 in Vietnamese, 1,234 in English', () => {
    expect(translate('vi', 'casesWeb.list.count', { count: 1234 })).toBe('1.234 ca');
    expect(translate('en', 'casesWeb.list.count', { count: 1234 })).toBe('1,234 cases');
    expect(formatNumber('vi', 1234.5)).toBe('1.234,5');
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
  });

  it('writes a day in the language’s one date format, never ISO: a week named by its Monday', () => {
    expect(translate('vi', 'levels.errors.noRule', { week: '2026-11-23' })).toBe(
      'Chưa có quy định cấp độ dịch nào có hiệu lực vào tuần bắt đầu ngày 23/11/2026.',
    );
    expect(translate('en', 'levels.errors.weekConfirmed', { week: '2026-11-23' })).toBe(
      'The week of 23 Nov 2026 is confirmed and published; it cannot be recomputed or confirmed again.',
    );
  });

  it('leaves a missing parameter visible and falls back to Vietnamese, then the key', () => {
    expect(translate('en', 'testing.sites.free')).toBe('{{count}} places left');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});
