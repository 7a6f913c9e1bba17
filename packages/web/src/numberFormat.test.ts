// @vitest-environment jsdom
/**
 * `{{x, number}}` in the catalogue (#19 QA item 6): a number is formatted in the reader's language,
 * and a value its caller already formatted is shown as given, never read again as a number — the
 * Vietnamese "12.883" (twelve thousand…) became "12,883" (twelve point…).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from './i18n.ts';

describe('numbers in messages', () => {
  afterEach(async () => {
    await i18n.changeLanguage('vi');
  });

  it('formats a number with the language’s grouping', async () => {
    await i18n.changeLanguage('vi');
    expect(i18n.t('web.units.summary', { type: 'Xã', code: '28756', count: 12883 })).toBe(
      'Xã · mã 28756 · 12.883 người dân',
    );
    await i18n.changeLanguage('en');
    expect(i18n.t('web.units.summary', { type: 'Commune', code: '28756', count: 12883 })).toBe(
      'Commune · code 28756 · 12,883 people',
    );
  });

  it('shows an already formatted value as given, in both languages', async () => {
    await i18n.changeLanguage('vi');
    expect(i18n.t('imports.page.rate', { rate: '1.234' })).toBe('1.234 dòng/giây');
    expect(i18n.t('situation.tiles.ofTotal', { used: '1.050', total: '2.000' })).toBe('1.050 / 2.000');
    await i18n.changeLanguage('en');
    expect(i18n.t('imports.page.rate', { rate: '1,234.5' })).toBe('1,234.5 rows/s');
  });
});
