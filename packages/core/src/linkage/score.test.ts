import { describe, it, expect } from 'vitest';
import type { LinkRecord } from './record.ts';
import { LINKAGE_MATCH_THRESHOLD, LINKAGE_REVIEW_THRESHOLD, scorePair, weightToScore } from './score.ts';

const duc: LinkRecord = {
  id: 'a',
  fullName: 'Nguyễn Văn Đức',
  dateOfBirth: '1990-05-01',
  sex: 'male',
  phone: '0912345678',
  communeCode: '28756',
  address: 'Ấp Phú Hòa, xã Phú Túc',
};

const rec = (over: Partial<LinkRecord>): LinkRecord => ({ ...duc, id: 'b', ...over });

describe('scoring two records of a person', () => {
  it('maps weights 6 and 12 onto the review and match thresholds', () => {
    expect(weightToScore(6)).toBeCloseTo(LINKAGE_REVIEW_THRESHOLD);
    expect(weightToScore(12)).toBeCloseTo(LINKAGE_MATCH_THRESHOLD);
  });

  it('matches on the same CCCD, CMND or passport whatever else was typed', () => {
    const a = rec({ cccd: '083090012345' });
    const b = rec({ cccd: '083 090 012 345', fullName: 'Lê Thị Lan', dateOfBirth: null });
    expect(scorePair(a, b)).toEqual({ score: 1, decision: 'match', reasons: ['ID_SAME_CCCD'] });
    expect(scorePair(rec({ cmnd: '321456789' }), rec({ cmnd: '321.456.789' })).reasons).toEqual([
      'ID_SAME_CMND',
    ]);
    expect(scorePair(rec({ passport: 'c1234567' }), rec({ passport: 'C1234567' })).decision).toBe('match');
  });

  it('keeps apart two records with different CCCDs even when everything else agrees', () => {
    const r = scorePair(rec({ cccd: '083090012345' }), rec({ cccd: '083090012346' }));
    expect(r).toEqual({ score: 0, decision: 'distinct', reasons: ['ID_DIFFERENT_CCCD'] });
  });

  it('matches the same name typed in NFC and NFD', () => {
    const r = scorePair(duc, rec({ fullName: duc.fullName.normalize('NFD') }));
    expect(r.decision).toBe('match');
    expect(r.reasons).toContain('NAME_EXACT');
  });

  it("matches 'Hoà' and 'Hòa' (tone placement) and the QR form 'NGUYEN VAN DUC'", () => {
    const hoa = rec({ fullName: 'Trần Thị Hoà', phone: null, address: null });
    expect(scorePair(hoa, rec({ fullName: 'Trần Thị Hòa', phone: null, address: null })).decision).toBe(
      'match',
    );
    expect(scorePair(duc, rec({ fullName: 'NGUYEN VAN DUC', phone: null, address: null })).decision).toBe(
      'match',
    );
  });

  it('accepts a single typo in the name, and a missing middle name, as at least a review', () => {
    const typo = scorePair(duc, rec({ fullName: 'Nguyễn Văn Đứk' }));
    expect(typo.reasons).toContain('NAME_CLOSE');
    expect(typo.decision).toBe('match');
    const bare = rec({ fullName: 'Nguyen Duc', phone: null, address: null, communeCode: null });
    expect(scorePair(duc, bare).decision).not.toBe('distinct');
  });

  it('recognises a day/month swap and a one-digit date typo', () => {
    const swapped = scorePair(duc, rec({ dateOfBirth: '1990-01-05', phone: null }));
    expect(swapped.reasons).toContain('DOB_DAY_MONTH_SWAPPED');
    expect(swapped.decision).not.toBe('distinct');
    const typo = scorePair(duc, rec({ dateOfBirth: '1990-05-07', phone: null }));
    expect(typo.reasons).toContain('DOB_ONE_DIGIT');
    expect(scorePair(duc, rec({ dateOfBirth: '1909-05-01' })).reasons).toContain('DOB_ONE_DIGIT');
  });

  it('sends the same name without a date of birth to review', () => {
    const r = scorePair(
      { id: 'x', fullName: 'Nguyễn Văn Đức', dateOfBirth: null, sex: 'male' },
      { id: 'y', fullName: 'NGUYEN VAN DUC', dateOfBirth: null, sex: 'male' },
    );
    expect(r.decision).toBe('review');
  });

  it('keeps apart two people with the same name born in different years', () => {
    const a: LinkRecord = { id: 'x', fullName: 'Nguyễn Văn Đức', dateOfBirth: '1990-05-01', sex: 'male' };
    const b: LinkRecord = { id: 'y', fullName: 'Nguyễn Văn Đức', dateOfBirth: '1972-11-23', sex: 'male' };
    const r = scorePair(a, b);
    expect(r.decision).toBe('distinct');
    expect(r.reasons).toEqual(['NAME_EXACT', 'DOB_DIFFERENT', 'SEX_SAME']);
  });

  it('does not merge a family sharing a phone and an address', () => {
    const mother = rec({ id: 'm', fullName: 'Lê Thị Lan', dateOfBirth: '1965-03-02', sex: 'female' });
    expect(scorePair(duc, mother).decision).toBe('distinct');
  });

  it('does not merge twins with different given names without asking', () => {
    expect(scorePair(duc, rec({ fullName: 'Nguyễn Văn Tâm' })).decision).not.toBe('match');
  });

  it('honours caller-supplied thresholds (the linkage.thresholds policy)', () => {
    const r = scorePair(duc, rec({ fullName: 'NGUYEN VAN DUC', phone: null, address: null }), {
      match: 0.99,
      review: 0.5,
    });
    expect(r.decision).toBe('review');
  });

  it('scores 300,000 pairs of common names, finding the true matches among them (speed: npm run bench -- linkage)', () => {
    const people: LinkRecord[] = [];
    for (let i = 0; i < 600; i++) {
      people.push({
        id: String(i),
        fullName: ['Nguyễn Văn Đức', 'Trần Thị Hoà', 'Lê Minh Tâm', 'Phạm Ngọc Lan'][i % 4]!,
        dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
        sex: i % 2 === 0 ? 'male' : 'female',
        phone: `09${10_000_000 + i * 7}`,
        communeCode: String(28_700 + (i % 30)),
        address: `Ấp ${i % 7}, xã Phú Túc`,
      });
    }
    let matches = 0;
    for (let i = 0; i < 300; i++) {
      for (let j = 0; j < 1000; j++)
        if (scorePair(people[i]!, people[(i + j) % 600]!).decision === 'match') matches++;
    }
    expect(matches).toBeGreaterThan(0);
  });

  it('tells namesakes apart: same name, another date in the same year, is another person', () => {
    const namesake = rec({ dateOfBirth: '1990-11-23', phone: null, address: null });
    expect(scorePair(duc, namesake).decision).toBe('distinct');
  });

  it('does not take Thành for Thanh when both are written with tones, but does when one is not', () => {
    const thanh = rec({ fullName: 'Nguyễn Văn Thanh', phone: null, address: null });
    const thanhToned = { ...thanh, id: 'c', fullName: 'Nguyễn Văn Thành' };
    const thanhQr = { ...thanh, id: 'd', fullName: 'NGUYEN VAN THANH' };
    expect(scorePair(thanh, thanhToned).reasons).toContain('NAME_TONE_DIFFERENT');
    expect(scorePair(thanhQr, thanhToned).reasons).toContain('NAME_EXACT');
    expect(
      scorePair(rec({ fullName: 'Lê Thị Hòa' }), rec({ id: 'e', fullName: 'Lê Thị Hoà' })).reasons,
    ).toContain('NAME_EXACT');
  });

  it('asks for corroboration before linking a near name in another commune', () => {
    const elsewhere = rec({ fullName: 'Nguyễn Văn Đứ', communeCode: '28757', phone: null, address: null });
    expect(scorePair({ ...duc, phone: null, address: null }, elsewhere).decision).toBe('distinct');
    expect(scorePair(duc, { ...elsewhere, phone: duc.phone }).decision).not.toBe('distinct');
    const sameNameElsewhere = rec({ communeCode: '28757', phone: null, address: null });
    expect(scorePair({ ...duc, phone: null, address: null }, sameNameElsewhere).decision).toBe('review');
  });
});
