import { describe, expect, it } from 'vitest';
import type { LinkRecord } from './record.ts';
import { nameSetOf, prepareLinkRecord } from './record.ts';
import { NAME_REFERENCE_U, nameFrequencyU, nameFrequencyWeight, scorePair, scorePrepared } from './score.ts';

/** Two children of one commune with no ID and no phone: only name, DOB, sex and address speak. */
const child = (over: Partial<LinkRecord>): LinkRecord => ({
  id: 'a',
  fullName: 'Nguyễn Thị Thủy',
  dateOfBirth: '2015-03-08',
  sex: 'female',
  communeCode: '28756',
  address: 'Số 12, Ấp Phú Hòa, Xã Phú Túc, Huyện Châu Thành',
  ...over,
});

/** Score with the name's share of a 100,000-record registry holding `count` of it. */
function scoreWithCount(a: LinkRecord, b: LinkRecord, count: number) {
  const pa = prepareLinkRecord(a);
  const pb = prepareLinkRecord(b);
  pa.nameU = pb.nameU = nameFrequencyU(count, 100_000);
  return scorePrepared(pa, pb);
}

describe('name agreement weighted by how common the name is (Fellegi–Sunter u)', () => {
  it('estimates u from the registry, falling back to the reference share when it is small', () => {
    expect(nameFrequencyU(0, 0)).toBeCloseTo(NAME_REFERENCE_U);
    // Three of ten records is not a name held by 30 % of the province.
    expect(nameFrequencyU(3, 10)).toBeLessThan(5 * NAME_REFERENCE_U);
    expect(nameFrequencyU(400, 100_000)).toBeCloseTo(401 / 120_000);
    expect(nameFrequencyWeight(NAME_REFERENCE_U)).toBe(0);
    expect(nameFrequencyWeight(nameFrequencyU(400, 100_000))).toBeLessThan(-5);
    expect(nameFrequencyWeight(nameFrequencyU(1, 100_000))).toBeGreaterThan(0);
  });

  it('does not merge two children called Nguyễn Thị Thủy born the same day in one commune (400 in 100,000)', () => {
    const other = child({ id: 'b', address: 'Số 87, Ấp Phú Thạnh, Xã Phú Túc, Huyện Châu Thành' });
    const r = scoreWithCount(child({}), other, 400);
    expect(r.decision).toBe('distinct');
    expect(r.reasons).toContain('NAME_COMMON');
    // The same pair without the frequency table was an automatic merge.
    expect(scorePair(child({}), { ...other, address: null }).decision).toBe('match');
  });

  it('still links the second record of such a child at the same address, at least for review', () => {
    const again = child({ id: 'b', fullName: 'NGUYEN THI THUY', address: 'so 12 ap phu hoa xa phu tuc' });
    expect(scoreWithCount(child({}), again, 400).decision).not.toBe('distinct');
  });

  it('merges a rare name agreeing on DOB, sex and commune (1 in 100,000)', () => {
    const rare = child({ fullName: 'Huỳnh Ngọc Diễm Kiều', address: null });
    const r = scoreWithCount(rare, { ...rare, id: 'b' }, 1);
    expect(r.decision).toBe('match');
    expect(r.reasons).toContain('NAME_RARE');
  });

  it('weighs a rare name more than a common one, all else equal', () => {
    const a = child({ address: null });
    const b = { ...a, id: 'b' };
    expect(scoreWithCount(a, b, 1).score).toBeGreaterThan(scoreWithCount(a, b, 400).score);
  });
});

describe('names compared as a token set', () => {
  it('agrees "Văn Hùng Nguyễn" with "Nguyễn Văn Hùng" (family name last on a passport-style entry)', () => {
    expect(nameSetOf('Văn Hùng Nguyễn')).toBe(nameSetOf('NGUYEN VAN HUNG'));
    const a: LinkRecord = { id: 'a', fullName: 'Nguyễn Văn Hùng', dateOfBirth: '1988-07-14', sex: 'male' };
    const r = scorePair(a, { ...a, id: 'b', fullName: 'Văn Hùng Nguyễn' });
    expect(r.reasons).toContain('NAME_TOKENS_REORDERED');
    expect(r.decision).not.toBe('distinct');
    expect(
      scorePair(a, { ...a, id: 'c', fullName: 'Văn Hùng Nguyễn', communeCode: null }).score,
    ).toBeGreaterThan(scorePair(a, { ...a, id: 'd', fullName: 'Văn Hùng Trần' }).score);
  });
});

describe('a shared CCCD that contradicts a record', () => {
  it("sends a child registered under her father's number to review instead of merging her into him", () => {
    const father: LinkRecord = {
      id: 'f',
      fullName: 'Trần Văn Bình',
      dateOfBirth: '1985-02-01',
      sex: 'male',
      cccd: '083085001234',
    };
    const daughter: LinkRecord = {
      id: 'd',
      fullName: 'Trần Thị Ngọc',
      dateOfBirth: '2012-06-30',
      sex: 'female',
      cccd: '083085001234',
    };
    const r = scorePair(father, daughter);
    expect(r.decision).toBe('review');
    expect(r.reasons).toEqual(['ID_SAME_CCCD', 'CCCD_CONTRADICTS_RECORD']);
    // The father's own second record (consistent digits) still merges.
    expect(scorePair(father, { ...father, id: 'f2', fullName: 'TRAN VAN BINH' }).decision).toBe('match');
  });
});
