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
      'dob:1988-03-07',
      'dob:1988-07-03',
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
    expect(blockingKeys({ id: 'x', fullName: 'A', dateOfBirth: '1990-05-25', sex: null })).toContain(
      'dob:1990-05-25',
    );
    expect(blockingKeys({ id: 'x', fullName: 'A', dateOfBirth: '1990-05-25', sex: null })).toEqual([
      'dob:1990-05-25',
      'nm:a:1990',
      'nf:a',
    ]);
  });
});
