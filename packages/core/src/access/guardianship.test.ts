import { describe, expect, it } from 'vitest';
import { ageOn, citizenVisiblePersonIds } from './guardianship.ts';
import { jurisdictionWithin, placeWithinJurisdiction } from './jurisdiction.ts';

describe('guardianship', () => {
  const on = '2021-11-01';
  const household = [
    { id: 'mother', dateOfBirth: '1985-02-10' },
    { id: 'son', dateOfBirth: '2010-06-01' }, // 11
    { id: 'daughter', dateOfBirth: '2005-11-01' }, // 16 today: no longer a ward
    { id: 'baby', dateOfBirth: null }, // unknown age: not a ward
    { id: 'grandpa', dateOfBirth: '1950-01-01' },
  ];

  it('computes whole years, birthdays counted on the day', () => {
    expect(ageOn('2005-11-01', on)).toBe(16);
    expect(ageOn('2005-11-02', on)).toBe(15);
  });

  it('makes an adult guardian of the household’s children under 16, and only of them', () => {
    expect(citizenVisiblePersonIds(household[0]!, household, on)).toEqual(['mother', 'son']);
    expect(citizenVisiblePersonIds(household[4]!, household, on)).toEqual(['grandpa', 'son']);
  });

  it('gives a minor or a person of unknown age only their own record', () => {
    expect(citizenVisiblePersonIds(household[2]!, household, on)).toEqual(['daughter']);
    expect(citizenVisiblePersonIds({ id: 'x', dateOfBirth: null }, household, on)).toEqual(['x']);
  });
});

describe('jurisdiction', () => {
  const place = { provinceCode: '83', districtCode: '829', communeCode: '28756' };
  it('places a record by its codes at the jurisdiction’s level; unknown is outside', () => {
    expect(placeWithinJurisdiction({ level: 'district', code: '829' }, place)).toBe(true);
    expect(placeWithinJurisdiction({ level: 'district', code: '831' }, place)).toBe(false);
    expect(
      placeWithinJurisdiction({ level: 'commune', code: '28756' }, { ...place, communeCode: null }),
    ).toBe(false);
  });
  it('never puts a wider jurisdiction inside a narrower one', () => {
    expect(
      jurisdictionWithin(
        { level: 'district', code: '829' },
        {
          level: 'province',
          code: '83',
          place: { provinceCode: '83', districtCode: null, communeCode: null },
        },
      ),
    ).toBe(false);
  });
});
