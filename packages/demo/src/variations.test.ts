import { foldText } from '@epilink/core';
import { describe, expect, it } from 'vitest';
import { testCommunes } from './fixtures.ts';
import { collectPeople } from './people.ts';
import { createRng } from './rng.ts';
import type { DemoPerson, DuplicateVariation } from './types.ts';
import { chooseVariations, isFindable, makeDuplicate, reformatAddress, typo } from './variations.ts';

const all = collectPeople({
  seed: 7,
  scale: 0.01,
  provinceCode: '83',
  communes: testCommunes(),
  duplicateRate: 0.2,
});
const byKey = new Map(all.people.map((p) => [p.key, p]));
const pairs = all.people
  .filter((p) => p.duplicateOf !== null)
  .map((d) => ({ d, o: byKey.get(d.duplicateOf!)!, vs: new Set(d.variations) }));

const base: DemoPerson = {
  key: 'p0000001',
  householdKey: 'h0000001',
  fullName: 'Nguyễn Thị Thủy',
  sex: 'female',
  dateOfBirth: '1985-03-07',
  cccd: '083185000001',
  cmnd: '320000001',
  passport: null,
  phone: '0912345678',
  communeCode: '28756',
  address: 'Số 12, Ấp Phú Hòa, Xã Phú Nhuận, Thành phố Bến Tre',
  duplicateOf: null,
  namesakeOf: null,
  variations: [],
};

describe('planted duplicates', () => {
  it('are plentiful enough to check at a 20 % rate', () => {
    expect(pairs.length).toBeGreaterThan(2500);
  });

  it('every one stays findable and no exclusive pair is combined', () => {
    expect(pairs.filter(({ o, vs }) => !isFindable(o, vs))).toEqual([]);
    const both = (a: DuplicateVariation, b: DuplicateVariation): number =>
      pairs.filter(({ vs }) => vs.has(a) && vs.has(b)).length;
    expect(both('id_missing', 'phone_missing')).toBe(0);
    expect(both('name_typo', 'dob_day_month_swap')).toBe(0);
    expect(both('name_nfd', 'name_ascii_upper')).toBe(0);
    expect(pairs.every(({ vs }) => vs.size >= 1 && vs.size <= 3)).toBe(true);
  });

  it('uses every variation, several at once sometimes', () => {
    const used = new Set(pairs.flatMap(({ d }) => d.variations));
    expect(used.size).toBe(11);
    expect(pairs.filter(({ vs }) => vs.size >= 2).length / pairs.length).toBeGreaterThan(0.3);
  });

  it('applies each variation as labelled and nothing else', () => {
    for (const { d, o, vs } of pairs) {
      const nameChanged = vs.has('name_typo') || vs.has('name_missing_middle');
      if (!nameChanged && !vs.has('name_tone_placement')) {
        expect(foldText(d.fullName)).toBe(foldText(o.fullName));
      }
      if (vs.has('name_ascii_upper')) expect(d.fullName).toMatch(/^[A-Z ]+$/u);
      if (vs.has('name_nfd')) expect(d.fullName).toBe(d.fullName.normalize('NFD'));
      if (vs.has('name_missing_middle')) expect(d.fullName.split(' ')).toHaveLength(2);
      if (
        !vs.has('name_nfd') &&
        !vs.has('name_ascii_upper') &&
        !vs.has('name_tone_placement') &&
        !nameChanged
      ) {
        expect(d.fullName).toBe(o.fullName);
      }
      if (vs.has('dob_day_month_swap')) {
        expect(d.dateOfBirth.slice(5, 7)).toBe(o.dateOfBirth.slice(8, 10));
        expect(Number(o.dateOfBirth.slice(8, 10))).toBeLessThanOrEqual(12);
      } else {
        expect(d.dateOfBirth).toBe(o.dateOfBirth);
      }
      if (vs.has('phone_plus84')) expect(d.phone).toBe(`+84${o.phone!.slice(1)}`);
      else if (vs.has('phone_missing')) expect(d.phone).toBeNull();
      else expect(d.phone).toBe(o.phone);
      if (vs.has('id_missing')) expect([d.cccd, d.cmnd, d.passport]).toEqual([null, null, null]);
      else if (vs.has('cmnd_instead_of_cccd')) expect([d.cccd, d.cmnd]).toEqual([null, o.cmnd]);
      else expect([d.cccd, d.cmnd, d.passport]).toEqual([o.cccd, o.cmnd, o.passport]);
      if (!vs.has('address_format')) expect(d.address).toBe(o.address);
    }
  });
});

describe('variation helpers', () => {
  it('builds the documented forms of a name and its identifiers', () => {
    const rng = createRng(1);
    const upper = makeDuplicate(rng, base, 'p0000002', ['name_ascii_upper', 'phone_plus84']);
    expect(upper.fullName).toBe('NGUYEN THI THUY');
    expect(upper.phone).toBe('+84912345678');
    const tone = makeDuplicate(rng, base, 'p0000003', ['name_tone_placement', 'dob_day_month_swap']);
    expect(tone.fullName).toBe('Nguyễn Thị Thuỷ');
    expect(tone.dateOfBirth).toBe('1985-07-03');
    const cmnd = makeDuplicate(rng, base, 'p0000004', ['cmnd_instead_of_cccd', 'name_missing_middle']);
    expect([cmnd.cccd, cmnd.cmnd, cmnd.fullName]).toEqual([null, '320000001', 'Nguyễn Thủy']);
    expect(cmnd.duplicateOf).toBe('p0000001');
  });

  it('never leaves a child without ID or phone with a typo or a swapped date', () => {
    const child: DemoPerson = { ...base, cccd: null, cmnd: null, phone: null, dateOfBirth: '2015-03-07' };
    const rng = createRng(2);
    for (let i = 0; i < 500; i++) {
      const vs = chooseVariations(rng, child);
      expect(vs).not.toContain('name_typo');
      expect(vs).not.toContain('dob_day_month_swap');
      expect(vs).not.toContain('name_missing_middle');
    }
  });

  it('makes one-character-ish typos that change the folded name', () => {
    const rng = createRng(3);
    for (const word of ['Hùng', 'Trang', 'Vân', 'Sơn', 'An', 'Út']) {
      for (let i = 0; i < 50; i++) {
        const t = typo(rng, word);
        expect(t).not.toBe(word);
        expect(Math.abs(Array.from(t).length - Array.from(word).length)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('re-formats addresses without losing the commune', () => {
    const rng = createRng(4);
    for (let i = 0; i < 50; i++) expect(foldText(reformatAddress(rng, base.address))).toContain('phu nhuan');
  });
});
