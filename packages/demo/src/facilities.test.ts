import { describe, expect, it } from 'vitest';
import { generateFacilities, lowerUnitType } from './facilities.ts';
import { testCommunes } from './fixtures.ts';

describe('generateFacilities', () => {
  const communes = testCommunes();
  const input = { seed: 42, provinceCode: '83', communes };
  const facilities = generateFacilities(input);
  const ofKind = (k: string): number => facilities.filter((f) => f.kind === k).length;

  it('has one station per commune, one centre per district, one provincial hospital', () => {
    expect(ofKind('commune_health_station')).toBe(157);
    expect(ofKind('district_health_centre')).toBe(9);
    expect(ofKind('provincial_hospital')).toBe(1);
    expect(ofKind('district_hospital')).toBe(8);
    expect(ofKind('test_site')).toBeGreaterThanOrEqual(9);
    expect(ofKind('vaccination_site')).toBeGreaterThan(10);
    expect(ofKind('quarantine_facility')).toBeGreaterThanOrEqual(2);
  });

  it('names them in Vietnamese usage and gives beds where they matter', () => {
    expect(facilities.find((f) => f.kind === 'provincial_hospital')?.name).toBe(
      'Bệnh viện Nguyễn Đình Chiểu',
    );
    expect(facilities.map((f) => f.name)).toContain('Trạm Y tế Phường 1');
    expect(facilities.map((f) => f.name)).toContain('Trung tâm Y tế huyện Châu Thành');
    for (const f of facilities) {
      const needsBeds = ['provincial_hospital', 'district_hospital', 'quarantine_facility'].includes(f.kind);
      expect(f.capacity === null).toBe(!needsBeds);
    }
  });

  it('uses unique keys and is deterministic', () => {
    expect(new Set(facilities.map((f) => f.key)).size).toBe(facilities.length);
    expect(JSON.stringify(generateFacilities(input))).toBe(JSON.stringify(facilities));
  });

  it('lower-cases the unit type inside names', () => {
    expect(lowerUnitType('Thành phố Bến Tre')).toBe('thành phố Bến Tre');
    expect(lowerUnitType('Huyện Ba Tri ')).toBe('huyện Ba Tri');
  });
});
