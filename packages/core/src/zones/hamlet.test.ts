import { describe, expect, it } from 'vitest';
import { hamletOf } from './hamlet.ts';

describe('hamletOf', () => {
  it('reads the hamlet part of the demo and real-world address lines', () => {
    expect(hamletOf('Số 12, Ấp Phú Hòa, Xã Phú Hưng, Thành phố Bến Tre')).toBe('Ấp Phú Hòa');
    expect(hamletOf('45 Đồng Khởi, Khu phố 3, Phường Phú Khương')).toBe('Khu phố 3');
    expect(hamletOf('số 7,  khóm   2 , Phường 1')).toBe('Khóm 2');
    expect(hamletOf('Tổ dân phố 5, Phường 4')).toBe('Tổ dân phố 5');
  });
  it('is null without a hamlet part (a street, a commune, nothing)', () => {
    expect(hamletOf('12 Nguyễn Huệ, Phường 1, Thành phố Bến Tre')).toBeNull();
    expect(hamletOf('Ấp')).toBeNull();
    expect(hamletOf('Ấpxyz, Xã A')).toBeNull();
    expect(hamletOf(null)).toBeNull();
  });
});
