/**
 * The analysis charts name their days as the reader writes dates: a Vietnamese epidemiologist reads
 * 07/08/2026 under the epidemic curve, an English reader 07 Aug 2026 — never the ISO 2026-08-07.
 */
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n.ts';
import { levelsOption } from '../situation/charts.ts';
import { dayLabels } from './charts.ts';

describe('chart day axes', () => {
  it('label days in dd/mm/yyyy in Vietnamese and by month name in English', () => {
    expect(dayLabels(['2026-08-07', '2026-12-31'], 'vi')).toEqual(['07/08/2026', '31/12/2026']);
    expect(dayLabels(['2026-08-07'], 'en')).toEqual(['07 Aug 2026']);
  });

  it('label the weeks of the epidemic-level chart by their Monday in the same format', () => {
    const option = levelsOption([{ week: '2026-11-09', level: 2 }], i18n.t, 'vi');
    expect(option.xAxis).toMatchObject({ data: ['09/11/2026'] });
  });
});
