import { describe, expect, it } from 'vitest';
import {
  checkinUrl,
  cleanGuestName,
  guestVisitorKey,
  isOpeningHours,
  localDay,
  overlapMinutes,
  tokenFromCheckinUrl,
} from './venue.ts';

const at = (s: string) => new Date(s);

describe('venue check-in rules', () => {
  it('builds the check-in URL and reads the token back from it (and from a bare token)', () => {
    const token = 'AbCdEfGhIjKlMnOpQrSt_-';
    const url = checkinUrl('https://epilink.bentre.gov.vn/', token);
    expect(url).toBe(`https://epilink.bentre.gov.vn/c/${token}`);
    expect(tokenFromCheckinUrl(url)).toBe(token);
    expect(tokenFromCheckinUrl(`${url}?lang=en`)).toBe(token);
    expect(tokenFromCheckinUrl(token)).toBe(token);
  });

  it('rejects anything that is not a token: short, long, hostile characters', () => {
    expect(tokenFromCheckinUrl('https://x/c/short')).toBeNull();
    expect(tokenFromCheckinUrl("'; drop table venues; --")).toBeNull();
    expect(tokenFromCheckinUrl('A'.repeat(23))).toBeNull();
  });

  it('keys a guest by mobile and the tone-insensitive name, so "Lê Thị Hoà" and "LE THI HOA" are one visitor', () => {
    expect(guestVisitorKey('0912345678', 'Lê Thị Hoà')).toBe(guestVisitorKey('0912345678', 'LE THI HOA'));
    expect(guestVisitorKey('0912345678', 'Lê Thị Hoà')).not.toBe(guestVisitorKey('0912345678', 'Lê Văn An'));
  });

  it('accepts plausible guest names and refuses markup or digits', () => {
    expect(cleanGuestName('  Nguyễn   Văn An ')).toBe('Nguyễn Văn An');
    expect(cleanGuestName('<script>')).toBeNull();
    expect(cleanGuestName('')).toBeNull();
    expect(cleanGuestName('Agent 007')).toBeNull();
  });

  it('computes the overlap of two stays in minutes', () => {
    expect(
      overlapMinutes(
        at('2021-09-01T10:00Z'),
        at('2021-09-01T11:00Z'),
        at('2021-09-01T10:40Z'),
        at('2021-09-01T12:00Z'),
      ),
    ).toBe(20);
    expect(
      overlapMinutes(
        at('2021-09-01T10:00Z'),
        at('2021-09-01T11:00Z'),
        at('2021-09-01T11:00Z'),
        at('2021-09-01T12:00Z'),
      ),
    ).toBe(0);
  });

  it('counts days in the province time zone (UTC+7)', () => {
    expect(localDay(at('2021-09-01T16:59:00Z'))).toBe('2021-09-01');
    expect(localDay(at('2021-09-01T17:00:00Z'))).toBe('2021-09-02');
  });

  it('reads opening hours as typed by owners', () => {
    expect(isOpeningHours('07:00-22:00')).toBe(true);
    expect(isOpeningHours('06:00-11:00, 16:00-21:30')).toBe(true);
    expect(isOpeningHours('all day')).toBe(false);
  });
});
