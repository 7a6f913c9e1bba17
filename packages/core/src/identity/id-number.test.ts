import { describe, it, expect } from 'vitest';
import {
  PROVINCE_CODES_2021,
  checkCccdAgainstPerson,
  classifyIdNumber,
  makeCccd,
  parseCccd,
} from './id-number.ts';

describe('CCCD numbers', () => {
  it('knows the 63 provinces, from 01 Hà Nội to 96 Cà Mau, Bến Tre being 83', () => {
    expect(PROVINCE_CODES_2021).toHaveLength(63);
    expect(PROVINCE_CODES_2021[0]).toBe('01');
    expect(PROVINCE_CODES_2021).toContain('83');
    expect(PROVINCE_CODES_2021.at(-1)).toBe('96');
  });

  it('reads province, sex and year of birth from a woman born in Bến Tre in 1990', () => {
    const r = parseCccd('083 190 012345');
    expect(r).toEqual({
      ok: true,
      value: {
        value: '083190012345',
        provinceCode: '083',
        sex: 'female',
        century: 1900,
        birthYear: 1990,
        serial: '012345',
      },
    });
  });

  it('reads a boy born in 2005 (century digit 2)', () => {
    const r = parseCccd('083205000001');
    expect(r.ok && r.value.sex).toBe('male');
    expect(r.ok && r.value.birthYear).toBe(2005);
  });

  it('rejects wrong length, non-digits, empty input and an unknown province', () => {
    expect(parseCccd('08319001234')).toEqual({ ok: false, reason: 'ID_WRONG_LENGTH' });
    expect(parseCccd('08319001234X')).toEqual({ ok: false, reason: 'ID_INVALID_CHARACTERS' });
    expect(parseCccd('  ')).toEqual({ ok: false, reason: 'ID_EMPTY' });
    expect(parseCccd('003190012345')).toEqual({ ok: false, reason: 'ID_UNKNOWN_PROVINCE' });
    expect(parseCccd('097190012345')).toEqual({ ok: false, reason: 'ID_UNKNOWN_PROVINCE' });
  });

  it('round-trips what makeCccd builds', () => {
    const id = makeCccd(83, 'female', 2003, 42);
    expect(id).toBe('083303000042');
    const r = parseCccd(id);
    expect(r.ok && [r.value.sex, r.value.birthYear]).toEqual(['female', 2003]);
    expect(() => makeCccd('03', 'male', 1990, 1)).toThrow(RangeError);
    expect(() => makeCccd('083', 'male', 1990, 1_000_000)).toThrow(RangeError);
  });
});

describe('classifying a typed ID number', () => {
  it('tells CCCD, CMND and passports apart after removing spaces and dots', () => {
    expect(classifyIdNumber('083.190.012.345')).toEqual({ ok: true, kind: 'cccd', value: '083190012345' });
    expect(classifyIdNumber('321 456 789')).toEqual({ ok: true, kind: 'cmnd', value: '321456789' });
    expect(classifyIdNumber('c1234567')).toEqual({ ok: true, kind: 'passport', value: 'C1234567' });
    expect(classifyIdNumber('X12AB34')).toEqual({ ok: true, kind: 'passport', value: 'X12AB34' });
  });

  it('rejects a 12-digit number from no province and an all-digit number of odd length', () => {
    expect(classifyIdNumber('999190012345')).toEqual({ ok: false, reason: 'ID_UNKNOWN_PROVINCE' });
    expect(classifyIdNumber('12345678')).toEqual({ ok: false, reason: 'ID_WRONG_LENGTH' });
    expect(classifyIdNumber('12345678', 'passport')).toEqual({
      ok: true,
      kind: 'passport',
      value: '12345678',
    });
    expect(classifyIdNumber('0831/90012345')).toEqual({ ok: false, reason: 'ID_INVALID_CHARACTERS' });
  });
});

describe('checking a CCCD against the person it is recorded for', () => {
  const id = makeCccd(83, 'female', 1990, 12345);

  it('finds nothing wrong when sex and year agree, or are unknown', () => {
    expect(checkCccdAgainstPerson(id, { sex: 'female', dateOfBirth: '1990-07-15' })).toEqual([]);
    expect(checkCccdAgainstPerson(id, { sex: null, dateOfBirth: null })).toEqual([]);
  });

  it("flags a man recorded with a woman's CCCD", () => {
    expect(checkCccdAgainstPerson(id, { sex: 'male', dateOfBirth: null })).toEqual([
      { code: 'CCCD_SEX_MISMATCH', cccdSays: 'female', recorded: 'male' },
    ]);
  });

  it('flags a wrong year of birth, and a wrong century on its own', () => {
    expect(checkCccdAgainstPerson(id, { sex: 'female', dateOfBirth: '1991-01-01' })).toEqual([
      { code: 'CCCD_BIRTH_YEAR_MISMATCH', cccdSays: 1990, recorded: 1991 },
    ]);
    expect(checkCccdAgainstPerson(id, { sex: 'female', dateOfBirth: '2090-01-01' })).toEqual([
      { code: 'CCCD_CENTURY_MISMATCH', cccdSays: 1900, recorded: 2000 },
    ]);
  });

  it('reports an invalid number instead of comparing', () => {
    expect(checkCccdAgainstPerson('123', { sex: 'male', dateOfBirth: null })).toEqual([
      { code: 'CCCD_INVALID', reason: 'ID_WRONG_LENGTH' },
    ]);
  });
});
