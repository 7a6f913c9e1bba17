import { foldText } from '@epilink/core';
import { describe, expect, it } from 'vitest';
import { testCommunes } from './fixtures.ts';
import { generatePeople, collectPeople } from './people.ts';
import { TARGET_65_PLUS, TARGET_UNDER_15 } from './pyramid.ts';
import { ageInYears, parseYmd } from './dates.ts';
import type { DemoInput, DemoPerson } from './types.ts';

const input: DemoInput = { seed: 42, scale: 0.01, provinceCode: '83', communes: testCommunes() };
const demo = collectPeople(input);
const originals = demo.people.filter((p) => p.duplicateOf === null);
const duplicates = demo.people.filter((p) => p.duplicateOf !== null);
const refDay = parseYmd('2022-01-01');
const ageOf = (p: DemoPerson): number => ageInYears(parseYmd(p.dateOfBirth), refDay);

describe('generatePeople: the demo province (scale 0.01)', () => {
  it('is byte-identical for the same input and differs for another seed', () => {
    expect(JSON.stringify([...generatePeople(input)])).toBe(JSON.stringify([...generatePeople(input)]));
    const other = collectPeople({ ...input, seed: 43 });
    expect(other.people[0]).not.toEqual(demo.people[0]);
  });

  it('has exactly round(1,288,206 × scale) original people, in 5,000-record batches', () => {
    expect(originals.length).toBe(Math.round(1_288_206 * 0.01));
    const batches = [...generatePeople(input)];
    expect(batches.length).toBe(Math.ceil(demo.people.length / 5000));
    for (const b of batches.slice(0, -1)) expect(b.people.length).toBeGreaterThanOrEqual(5000);
  });

  it('gives every CCCD the century/sex and year digits of its holder, and none under 14', () => {
    const bad = demo.people.filter((p) => {
      if (p.cccd === null) return false;
      const year = Number(p.dateOfBirth.slice(0, 4));
      const expected = (Math.floor(year / 100) - 19) * 2 + (p.sex === 'female' ? 1 : 0);
      return (
        !/^\d{12}$/u.test(p.cccd) ||
        Number(p.cccd[3]) !== expected ||
        p.cccd.slice(4, 6) !== String(year % 100).padStart(2, '0') ||
        ageOf(p) < 14
      );
    });
    expect(bad).toEqual([]);
    const withCccd = originals.filter((p) => p.cccd !== null);
    expect(withCccd.filter((p) => p.cccd!.startsWith('083')).length / withCccd.length).toBeGreaterThan(0.8);
    expect(new Set(withCccd.map((p) => p.cccd)).size).toBe(withCccd.length);
  });

  it('follows the identifier rules: CMND 9 digits, phones canonical, children without phone', () => {
    expect(demo.people.filter((p) => p.cmnd !== null && !/^\d{9}$/u.test(p.cmnd))).toEqual([]);
    expect(originals.filter((p) => p.phone !== null && !/^0[35789]\d{8}$/u.test(p.phone))).toEqual([]);
    expect(originals.filter((p) => p.phone !== null && ageOf(p) < 15)).toEqual([]);
    const working = originals.filter((p) => ageOf(p) >= 18 && ageOf(p) < 65);
    expect(working.filter((p) => p.phone !== null).length / working.length).toBeGreaterThan(0.85);
    const cmndOnly = originals.filter((p) => p.cmnd !== null && p.cccd === null);
    expect(cmndOnly.length).toBeGreaterThan(0);
    expect(cmndOnly.every((p) => Number(p.dateOfBirth.slice(0, 4)) < 1990)).toBe(true);
  });

  it('matches the 2019 pyramid within a few points (under 15, 65 and over, sex balance)', () => {
    const share = (f: (p: DemoPerson) => boolean): number =>
      (100 * originals.filter(f).length) / originals.length;
    expect(Math.abs(share((p) => ageOf(p) < 15) - TARGET_UNDER_15)).toBeLessThan(3);
    expect(Math.abs(share((p) => ageOf(p) >= 65) - TARGET_65_PLUS)).toBeLessThan(2);
    expect(Math.abs(share((p) => p.sex === 'male') - 49.8)).toBeLessThan(2);
    const old = originals.filter((p) => ageOf(p) >= 75);
    expect(old.filter((p) => p.sex === 'female').length / old.length).toBeGreaterThan(0.55);
  });

  it('puts everyone in a household of 1-7 (mean about 3.5) emitted no later than they are', () => {
    const seen = new Set<string>();
    const sizes = new Map<string, number>();
    for (const batch of generatePeople(input)) {
      for (const h of batch.households) seen.add(h.key);
      for (const p of batch.people) {
        expect(seen.has(p.householdKey)).toBe(true);
        if (p.duplicateOf === null) sizes.set(p.householdKey, (sizes.get(p.householdKey) ?? 0) + 1);
      }
    }
    const values = [...sizes.values()];
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...values)).toBeLessThanOrEqual(7);
    const mean = originals.length / values.length;
    expect(mean).toBeGreaterThan(3.1);
    expect(mean).toBeLessThan(3.9);
    expect(values.filter((s) => s === 1).length / values.length).toBeGreaterThan(0.05);
  });

  it('stores original names in NFC with single spaces', () => {
    expect(
      originals.filter((p) => p.fullName !== p.fullName.normalize('NFC') || /\s{2}/u.test(p.fullName)),
    ).toEqual([]);
  });

  it('contains natural hard negatives: twins and namesakes in one district', () => {
    const byHouseholdDob = new Map<string, DemoPerson[]>();
    for (const p of originals) {
      const k = `${p.householdKey}|${p.dateOfBirth}`;
      byHouseholdDob.set(k, [...(byHouseholdDob.get(k) ?? []), p]);
    }
    const twins = [...byHouseholdDob.values()].filter((g) => g.length >= 2 && ageOf(g[0]!) < 40);
    expect(twins.length).toBeGreaterThan(5);
    for (const [a, b] of twins.map((g) => [g[0]!, g[1]!] as const)) expect(a.fullName).not.toBe(b.fullName);

    const district = new Map(input.communes.map((c) => [c.code, c.districtCode]));
    const byName = new Map<string, Set<string>>();
    for (const p of originals) {
      const k = `${district.get(p.communeCode)}|${foldText(p.fullName)}`;
      byName.set(k, (byName.get(k) ?? new Set()).add(p.dateOfBirth));
    }
    expect([...byName.values()].filter((dobs) => dobs.size >= 2).length).toBeGreaterThan(20);
  });
});

describe('generatePeople: planted duplicates', () => {
  it('makes up about the requested share of records', () => {
    expect(Math.abs(duplicates.length / demo.people.length - 0.02)).toBeLessThan(0.005);
    const more = collectPeople({ ...input, duplicateRate: 0.1 });
    const share = more.people.filter((p) => p.duplicateOf !== null).length / more.people.length;
    expect(Math.abs(share - 0.1)).toBeLessThan(0.01);
    expect(collectPeople({ ...input, duplicateRate: 0 }).people.every((p) => p.duplicateOf === null)).toBe(
      true,
    );
  });

  it('points every duplicate at an earlier-emitted original of the same person', () => {
    const index = new Map<string, number>();
    demo.people.forEach((p, i) => index.set(p.key, i));
    expect(index.size).toBe(demo.people.length);
    for (const [i, d] of demo.people.entries()) {
      if (d.duplicateOf === null) continue;
      const j = index.get(d.duplicateOf);
      expect(j).toBeDefined();
      expect(j!).toBeLessThan(i);
      const o = demo.people[j!]!;
      expect(o.duplicateOf).toBeNull();
      expect([o.sex, o.householdKey, o.communeCode]).toEqual([d.sex, d.householdKey, d.communeCode]);
      expect(d.variations.length).toBeGreaterThan(0);
    }
  });
});

describe('generatePeople: planted namesakes (same name, DOB and sex; different people)', () => {
  const byKey = new Map(demo.people.map((p) => [p.key, p]));
  const namesakes = originals.filter((p) => p.namesakeOf !== null);

  it('puts 0.3–1.5 % of people in groups sharing folded name + DOB + sex (a full province: 0.9 %)', () => {
    const groups = new Map<string, number>();
    for (const p of originals) {
      const k = `${foldText(p.fullName)}|${p.dateOfBirth}|${p.sex}`;
      groups.set(k, (groups.get(k) ?? 0) + 1);
    }
    const inGroups = [...groups.values()].filter((n) => n > 1).reduce((a, b) => a + b, 0);
    expect(inGroups / originals.length).toBeGreaterThan(0.003);
    expect(inGroups / originals.length).toBeLessThan(0.015);
    expect(collectPeople({ ...input, namesakeRate: 0 }).people.every((p) => p.namesakeOf === null)).toBe(
      true,
    );
  });

  it('gives each namesake the name, DOB and sex of an earlier original of another household, and its own IDs', () => {
    expect(namesakes.length).toBeGreaterThan(0);
    for (const n of namesakes) {
      const o = byKey.get(n.namesakeOf!)!;
      expect(o.duplicateOf).toBeNull();
      expect([n.fullName, n.dateOfBirth, n.sex]).toEqual([o.fullName, o.dateOfBirth, o.sex]);
      expect(n.householdKey).not.toBe(o.householdKey);
      if (n.cccd !== null) expect(n.cccd).not.toBe(o.cccd);
    }
  });

  it('draws namesakes from common names: most share a family name held by more than one in ten', () => {
    const family = new Map<string, number>();
    for (const p of originals)
      family.set(p.fullName.split(' ')[0]!, (family.get(p.fullName.split(' ')[0]!) ?? 0) + 1);
    const common = namesakes.filter((n) => family.get(n.fullName.split(' ')[0]!)! > originals.length / 10);
    expect(common.length / namesakes.length).toBeGreaterThan(0.5);
  });
});
