import { describe, it, expect } from 'vitest';
import { blockingKeys } from './blocking.ts';
import type { LinkRecord } from './record.ts';
import { scorePair } from './score.ts';

const base: LinkRecord = {
  id: 'base',
  fullName: 'Nguyễn Thị Hoà',
  dateOfBirth: '1988-03-07',
  sex: 'female',
  cccd: '083188012345',
  phone: '0912345678',
  communeCode: '28756',
};

const shareAKey = (a: LinkRecord, b: LinkRecord): boolean => {
  const keys = new Set(blockingKeys(a));
  return blockingKeys(b).some((k) => keys.has(k));
};

describe('blocking keys', () => {
  it('lists ID, phone, date of birth (and its swap), name-year and name-commune keys', () => {
    expect(blockingKeys(base)).toEqual([
      'cccd:083188012345',
      'phone:0912345678',
      'dob:1988-03-07:nguyen',
      'dob:1988-03-07:hoa',
      'dob:1988-07-03:nguyen',
      'dob:1988-07-03:hoa',
      'nm:nguyen hoa:1988',
      'nf:nguyen thi hoa:28756',
    ]);
  });

  it('puts every typical data-entry variant of a person in a block with the original', () => {
    const noId = { cccd: null, phone: null };
    const variants: Record<string, Partial<LinkRecord>> = {
      'no diacritics, upper case': { ...noId, fullName: 'NGUYEN THI HOA' },
      'NFD input': { ...noId, fullName: 'Nguyễn Thị Hoà'.normalize('NFD') },
      'tone placement': { ...noId, fullName: 'Nguyễn Thị Hòa' },
      'typo in the name': { ...noId, fullName: 'Nguyễn Thi Hoa' },
      'typo in the given name': { ...noId, fullName: 'Nguyễn Thị Hoan' },
      'typo in the family name': { ...noId, fullName: 'Ngyễn Thị Hoà' },
      'family name written last': { ...noId, fullName: 'Thị Hoà Nguyễn' },
      'missing middle name': { ...noId, fullName: 'Nguyễn Hoà' },
      'day/month swap': { ...noId, dateOfBirth: '1988-07-03' },
      'one-digit date typo': { ...noId, dateOfBirth: '1988-03-08' },
      'missing date of birth': { ...noId, dateOfBirth: null },
      'phone in +84 form, no ID': {
        cccd: null,
        phone: '+84 91 234 5678',
        fullName: 'Nguyen Thi Hoa',
        dateOfBirth: null,
      },
      'missing ID': { cccd: null },
    };
    for (const [what, change] of Object.entries(variants)) {
      const other: LinkRecord = { ...base, id: what, ...change };
      expect(scorePair(base, other).decision, what).not.toBe('distinct');
      expect(shareAKey(base, other), what).toBe(true);
    }
  });

  it('does not invent a swapped date that does not exist', () => {
    expect(blockingKeys({ id: 'x', fullName: 'A', dateOfBirth: '1990-02-30', sex: null })).toEqual(['nf:a']);
    expect(blockingKeys({ id: 'x', fullName: 'A', dateOfBirth: '1990-05-25', sex: null })).toEqual([
      'dob:1990-05-25:a',
      'nm:a:1990',
      'nf:a',
    ]);
  });

  it('does not block everyone born on the same day together (1 January stands for an unknown day)', () => {
    const born = (id: string, fullName: string, communeCode: string): LinkRecord => ({
      id,
      fullName,
      dateOfBirth: '1990-01-01',
      sex: null,
      communeCode,
    });
    // Strangers born that day share no key; a typo at either end of the name still does.
    expect(shareAKey(born('a', 'Trần Văn Bình', '28756'), born('b', 'Lê Thị Mai', '28756'))).toBe(false);
    expect(shareAKey(born('a', 'Trần Văn Bình', '28756'), born('c', 'Trân Văn Bình', '28759'))).toBe(true);
    expect(shareAKey(born('a', 'Trần Văn Bình', '28756'), born('d', 'Trần Văn Binh', '28759'))).toBe(true);
    // A record without a name keeps the bare date.
    expect(blockingKeys(born('e', '', ''))).toEqual(['dob:1990-01-01']);
  });
});
