import { describe, it, expect } from 'vitest';
import { DEFAULT_DISEASES, diseaseForIcd10, findDisease, notifiableGroupOn } from './definitions.ts';

describe('the disease catalogue', () => {
  it('starts with COVID-19, coded as the EU certificate value set codes it', () => {
    const covid = DEFAULT_DISEASES[0]!;
    expect(covid.code).toBe('COVID-19');
    expect(covid.snomed).toBe('840539006');
    expect(covid.icd10[0]).toBe('U07.1');
  });

  it('also configures dengue, measles and hand-foot-and-mouth disease', () => {
    expect(DEFAULT_DISEASES.map((d) => d.code)).toEqual(['COVID-19', 'DENGUE', 'MEASLES', 'HFMD']);
    expect(diseaseForIcd10('A91')?.code).toBe('DENGUE');
    expect(diseaseForIcd10('B05.9')?.code).toBe('MEASLES');
    expect(diseaseForIcd10('B08.4')?.code).toBe('HFMD');
    expect(diseaseForIcd10('B08')).toBeUndefined();
    expect(findDisease('covid-19')?.names.vi).toContain('COVID-19');
  });

  it('has coherent parameters and unique codes', () => {
    expect(new Set(DEFAULT_DISEASES.map((d) => d.code)).size).toBe(DEFAULT_DISEASES.length);
    for (const d of DEFAULT_DISEASES) {
      expect(d.incubationDays.min, d.code).toBeLessThanOrEqual(d.incubationDays.typical);
      expect(d.incubationDays.typical, d.code).toBeLessThanOrEqual(d.incubationDays.max);
      expect(d.testTypes.length, d.code).toBeGreaterThan(0);
      expect(d.isDefault, d.code).toBe(true);
    }
  });
});

describe('a disease attribute that changed by date', () => {
  it('COVID-19 is notifiable group A in 2021 and group B from 20/10/2023 (3896/QĐ-BYT)', () => {
    const covid = findDisease('COVID-19')!;
    expect(notifiableGroupOn(covid, '2021-08-15')).toBe('A');
    expect(notifiableGroupOn(covid, '2023-10-19')).toBe('A');
    expect(notifiableGroupOn(covid, '2023-10-20')).toBe('B');
    expect(notifiableGroupOn(covid, '2019-12-01')).toBeNull();
    expect(notifiableGroupOn(findDisease('DENGUE')!, '2021-08-15')).toBe('B');
  });
});
