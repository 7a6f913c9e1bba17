import { describe, expect, it } from 'vitest';
import {
  barcodeProblem,
  checkLabRows,
  ctProblem,
  isValidBarcode,
  LabCsvError,
  luhnCheckDigit,
  makeBarcode,
  parseLabCsv,
  parseLabDate,
  parseOutcome,
  poolEffect,
  poolRefusal,
  splitCsv,
} from './index.ts';
import type { KnownSpecimen } from './index.ts';

const NOW = new Date('2026-11-25T10:00:00Z');

describe('specimen barcodes', () => {
  it('carry a kind letter, nine digits and a Luhn check digit', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook Luhn example
    const code = makeBarcode('specimen', 42);
    expect(code).toMatch(/^S000000042\d$/u);
    expect(isValidBarcode(code, 'specimen')).toBe(true);
    expect(isValidBarcode(` ${code.toLowerCase()} `, 'specimen')).toBe(true);
    expect(barcodeProblem(code, 'pool')).toBe('kind');
    expect(isValidBarcode(makeBarcode('pool', 7), 'pool')).toBe(true);
  });

  it('catch a misread digit and an adjacent transposition', () => {
    const code = makeBarcode('specimen', 123456789);
    const digits = code.slice(1);
    const misread = `S${digits.slice(0, 3)}${(Number(digits[3]) + 1) % 10}${digits.slice(4)}`;
    expect(barcodeProblem(misread, 'specimen')).toBe('checkDigit');
    const swapped = `S${digits[1]}${digits[0]}${digits.slice(2)}`;
    expect(barcodeProblem(swapped, 'specimen')).toBe('checkDigit');
    expect(barcodeProblem('S12', 'specimen')).toBe('format');
    expect(barcodeProblem('<script>', 'specimen')).toBe('format');
  });
});

describe('Ct values', () => {
  it('belong to RT-PCR only and lie in (0, 45]', () => {
    expect(ctProblem('rtPcr', 24.5)).toBeNull();
    expect(ctProblem('rtPcr', 45)).toBeNull();
    expect(ctProblem('rtPcr', null)).toBeNull();
    expect(ctProblem('rtPcr', 0)).toBe('outOfRange');
    expect(ctProblem('rtPcr', 45.1)).toBe('outOfRange');
    expect(ctProblem('rtPcr', Number.NaN)).toBe('outOfRange');
    expect(ctProblem('rapidAntigen', 20)).toBe('notForRapid');
    expect(ctProblem('rapidAntigen', null)).toBeNull();
  });

  it('outcomes are read as labs and keyboards write them', () => {
    expect(parseOutcome('P')).toBe('positive');
    expect(parseOutcome('Dương tính')).toBe('positive');
    expect(parseOutcome('âm tính')).toBe('negative');
    expect(parseOutcome('neg')).toBe('negative');
    expect(parseOutcome('invalid')).toBe('invalid');
    expect(parseOutcome('maybe')).toBeNull();
  });
});

describe('pooled PCR', () => {
  const specimen = { testType: 'rtPcr' as const, status: 'collected', poolId: null, diseaseCode: 'COVID-19' };
  const open = { status: 'open', size: 3, diseaseCode: 'COVID-19' };

  it('takes collected PCR specimens up to the policy size', () => {
    expect(poolRefusal(open, specimen, 10)).toBeNull();
    expect(poolRefusal({ ...open, size: 10 }, specimen, 10)).toBe('full');
    expect(poolRefusal({ ...open, size: 4 }, specimen, 4)).toBe('full');
    expect(poolRefusal({ ...open, status: 'closed' }, specimen, 10)).toBe('notOpen');
    expect(poolRefusal(open, { ...specimen, testType: 'rapidAntigen' }, 10)).toBe('notPcr');
    expect(poolRefusal(open, { ...specimen, poolId: 'x' }, 10)).toBe('alreadyPooled');
    expect(poolRefusal(open, { ...specimen, status: 'resulted' }, 10)).toBe('notCollected');
    expect(poolRefusal(open, { ...specimen, diseaseCode: 'DENGUE' }, 10)).toBe('otherDisease');
  });

  it('a negative pool clears its members, a positive or invalid one recalls them', () => {
    expect(poolEffect('negative')).toEqual({ kind: 'clear', memberOutcome: 'negative' });
    expect(poolEffect('positive')).toEqual({ kind: 'recall', reason: 'poolPositive' });
    expect(poolEffect('invalid')).toEqual({ kind: 'recall', reason: 'poolInvalid' });
  });
});

describe('lab CSV files', () => {
  const a = makeBarcode('specimen', 1);
  const b = makeBarcode('specimen', 2);
  const c = makeBarcode('specimen', 3);
  const unknown = makeBarcode('specimen', 999);

  it('splits quoted fields, semicolons and CRLF', () => {
    expect(splitCsv('a,b\r\n"x,1","say ""hi"""\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
    ]);
    expect(splitCsv('ma_mau;ket_qua\nS1;P')).toEqual([
      ['ma_mau', 'ket_qua'],
      ['S1', 'P'],
    ]);
  });

  it('reads ISO and Vietnamese dates in Viet Nam time, refusing impossible ones', () => {
    expect(parseLabDate('2026-11-24 14:30')?.toISOString()).toBe('2026-11-24T07:30:00.000Z');
    expect(parseLabDate('24/11/2026')?.toISOString()).toBe('2026-11-23T17:00:00.000Z');
    expect(parseLabDate('2026-11-24T07:30:00Z')?.toISOString()).toBe('2026-11-24T07:30:00.000Z');
    expect(parseLabDate('2026-11-24T07:30:00.250Z')?.toISOString()).toBe('2026-11-24T07:30:00.000Z');
    expect(parseLabDate('2026-02-30')).toBeNull();
    expect(parseLabDate('31/13/2026')).toBeNull();
    expect(parseLabDate('yesterday')).toBeNull();
  });

  it('a lab run with broken rows: good rows pass, each bad row is reported with its reason', () => {
    const csv = [
      'barcode,outcome,ct,resulted_at',
      `${a},positive,22.5,2026-11-24 18:00`,
      `${b},negative,,2026-11-24 18:00`,
      `${c},positive,51,2026-11-24 18:00`,
      `${b},negative,,2026-11-24 18:00`,
      `S1234,negative,,2026-11-24 18:00`,
      `${unknown},negative,,2026-11-24 18:00`,
      `${c},maybe,,2026-11-24 18:00`,
      '',
      `${makeBarcode('specimen', 4)},N,,2026-13-01`,
      `${makeBarcode('specimen', 5)},N,,2027-01-01`,
    ].join('\n');
    const { rows, errors } = parseLabCsv(csv, NOW);
    expect(rows.map((r) => [r.line, r.barcode, r.outcome, r.ct])).toEqual([
      [2, a, 'positive', 22.5],
      [3, b, 'negative', null],
      [7, unknown, 'negative', null],
    ]);
    expect(errors.map((e) => [e.line, e.reason])).toEqual([
      [4, 'impossibleCt'],
      [5, 'duplicate'],
      [6, 'badBarcode'],
      [8, 'duplicate'],
      [10, 'badDate'],
      [11, 'futureDate'],
    ]);

    const known = new Map<string, KnownSpecimen>([
      [a, { testType: 'rtPcr', collectedAt: new Date('2026-11-24T01:00:00Z'), resultOutcome: null }],
      [b, { testType: 'rtPcr', collectedAt: new Date('2026-11-24T01:00:00Z'), resultOutcome: 'negative' }],
    ]);
    const checked = checkLabRows(rows, known);
    expect(checked.accepted.map((r) => r.barcode)).toEqual([a]);
    expect(checked.unchanged.map((r) => r.barcode)).toEqual([b]);
    expect(checked.errors).toEqual([{ line: 7, barcode: unknown, reason: 'unknownSpecimen' }]);
  });

  it('refuses Ct on rapid tests, results before collection and a conflicting stored result', () => {
    const { rows } = parseLabCsv(
      `ma_mau;ket_qua;ct;ngay_kq\n${a};P;20;24/11/2026 08:00\n${b};N;;24/11/2026 08:00\n${c};N;;24/11/2026 08:00`,
      NOW,
    );
    const known = new Map<string, KnownSpecimen>([
      [a, { testType: 'rapidAntigen', collectedAt: new Date('2026-11-23T00:00:00Z'), resultOutcome: null }],
      [b, { testType: 'rtPcr', collectedAt: new Date('2026-11-24T05:00:00Z'), resultOutcome: null }],
      [c, { testType: 'rtPcr', collectedAt: new Date('2026-11-23T00:00:00Z'), resultOutcome: 'positive' }],
    ]);
    expect(checkLabRows(rows, known).errors.map((e) => e.reason)).toEqual([
      'ctNotForRapid',
      'beforeCollection',
      'conflictingResult',
    ]);
  });

  it('refuses a file without the required columns', () => {
    expect(() => parseLabCsv('barcode,ct\nS1,2', NOW)).toThrow(LabCsvError);
    expect(() => parseLabCsv('', NOW)).toThrow(LabCsvError);
  });
});

describe('pooled PCR is for screening (policy testing.poolEligibleReasons)', () => {
  it('refuses a specimen registered for symptoms or as a contact, takes a screening one', () => {
    const pool = { status: 'open', size: 0, diseaseCode: null };
    const specimen = {
      testType: 'rtPcr' as const,
      status: 'collected',
      poolId: null,
      diseaseCode: 'COVID-19',
    };
    const eligible = ['screening', 'travel'];
    expect(poolRefusal(pool, { ...specimen, reason: 'symptoms' }, 10, eligible)).toBe('reasonNotEligible');
    expect(poolRefusal(pool, { ...specimen, reason: 'contact' }, 10, eligible)).toBe('reasonNotEligible');
    expect(poolRefusal(pool, { ...specimen, reason: 'travel' }, 10, eligible)).toBeNull();
    expect(poolRefusal(pool, { ...specimen, reason: 'screening' }, 10, eligible)).toBeNull();
  });
});
