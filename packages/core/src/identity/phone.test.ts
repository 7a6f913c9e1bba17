import { describe, it, expect } from 'vitest';
import { formatPhoneE164, maskPhone, normalizePhone, parsePhone } from './phone.ts';

describe('phone numbers as people write them', () => {
  it('brings every written form of one mobile to 0912345678', () => {
    for (const raw of [
      '0912345678',
      '+84912345678',
      '+84 912 345 678',
      '84912345678',
      '0084 912-345-678',
      '(091) 234.5678',
      '912345678',
    ]) {
      expect(normalizePhone(raw), raw).toBe('0912345678');
    }
  });

  it('renumbers pre-2018 11-digit mobiles', () => {
    expect(normalizePhone('01623456789')).toBe('0323456789');
    expect(normalizePhone('+84 162 345 6789')).toBe('0323456789');
    expect(normalizePhone('0120 123 4567')).toBe('0701234567');
    expect(normalizePhone('01231234567')).toBe('0831234567');
    expect(normalizePhone('01991234567')).toBe('0591234567');
  });

  it('recognises landlines separately and rejects the rest', () => {
    expect(parsePhone('0275 3822 111')).toEqual({ kind: 'landline', value: '02753822111' });
    expect(normalizePhone('02753822111')).toBeNull();
    expect(normalizePhone('0112345678')).toBeNull();
    expect(normalizePhone('01301234567')).toBeNull();
    expect(normalizePhone('+1 212 555 0100')).toBeNull();
    expect(normalizePhone('09123')).toBeNull();
    expect(normalizePhone('09123456789')).toBeNull();
    expect(normalizePhone('abc')).toBeNull();
  });

  it('formats E.164 and masks for display', () => {
    expect(formatPhoneE164('0912 345 678')).toBe('+84912345678');
    expect(formatPhoneE164('nope')).toBeNull();
    expect(maskPhone('0912345678')).toBe('091****678');
    expect(maskPhone('+84912345678')).toBe('091****678');
    expect(maskPhone('123')).toBe('***');
  });
});
