import { describe, expect, it } from 'vitest';
import { foldText, normalizeText, toneKey } from './normalize.ts';

describe('text normalisation', () => {
  it('stores names in NFC, trimmed, with single spaces', () => {
    expect(normalizeText('  Nguyễn   Văn\tĐức ')).toBe('Nguyễn Văn Đức');
    expect(normalizeText('Nguyễn Văn Đức'.normalize('NFD'))).toBe('Nguyễn Văn Đức'.normalize('NFC'));
  });

  it('folds NFC, NFD, đ/Đ and the upper-case QR form to one key', () => {
    const key = 'nguyen van duc';
    expect(foldText('Nguyễn Văn Đức')).toBe(key);
    expect(foldText('Nguyễn Văn Đức'.normalize('NFD'))).toBe(key);
    expect(foldText('NGUYEN VAN DUC')).toBe(key);
    expect(foldText('nguyễn  văn đức ')).toBe(key);
  });

  it('folds both tone placements the same way ("Hòa" / "Hoà", "Thủy" / "Thuỷ")', () => {
    expect(foldText('Bình Hoà')).toBe(foldText('Bình Hòa'));
    expect(foldText('Thuỷ')).toBe(foldText('Thủy'));
  });

  it('keeps tones apart in the tone key, wherever the mark sits', () => {
    expect(toneKey('Hòa')).toBe(toneKey('Hoà'));
    expect(toneKey('Thủy')).toBe(toneKey('Thuỷ'));
    expect(toneKey('Nguyễn Văn Thành')).not.toBe(toneKey('Nguyễn Văn Thanh'));
    expect(toneKey('Nguyễn Văn Thành'.normalize('NFD'))).toBe(toneKey('Nguyễn Văn Thành'));
    // Vowel marks are letters, not tones: Tân and Tấn differ by tone only, Tân and Tan by a letter.
    expect(toneKey('Tân')).not.toBe(toneKey('Tấn'));
    expect(toneKey('NGUYEN VAN THANH')).toBe('');
  });
});
