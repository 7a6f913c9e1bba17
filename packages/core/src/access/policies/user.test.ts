import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles.ts';
import { canGrantRole, canManageAccount, levelsForRole, requiresTwoFactor } from './user.ts';

const province = { level: 'province' as const, code: '83' };
const district = { level: 'district' as const, code: '829' };
const communeIn = {
  level: 'commune' as const,
  code: '28756',
  place: { provinceCode: '83', districtCode: '829', communeCode: '28756' },
};
const communeOut = {
  level: 'commune' as const,
  code: '28843',
  place: { provinceCode: '83', districtCode: '831', communeCode: '28843' },
};

describe('account policy', () => {
  it('requires two-factor sign-in of administrators, security officers and every province-level role', () => {
    expect(requiresTwoFactor('province_admin', 'province')).toBe(true);
    expect(requiresTwoFactor('security_officer', 'province')).toBe(true);
    expect(requiresTwoFactor('provincial_epidemiologist', 'province')).toBe(true);
    expect(requiresTwoFactor('tracer', 'province')).toBe(true);
    expect(requiresTwoFactor('district_officer', 'district')).toBe(true); // manages accounts
    expect(requiresTwoFactor('commune_officer', 'commune')).toBe(false);
    expect(requiresTwoFactor('vaccinator', 'district')).toBe(false);
  });

  it('lets only administrators grant roles, and a district officer only commune-level work roles', () => {
    for (const role of ROLES) expect(canGrantRole('province_admin', role)).toBe(true);
    expect(canGrantRole('district_officer', 'commune_officer')).toBe(true);
    expect(canGrantRole('district_officer', 'district_officer')).toBe(false);
    expect(canGrantRole('district_officer', 'security_officer')).toBe(false);
    for (const role of ROLES) {
      expect(canGrantRole('security_officer', role)).toBe(false);
      expect(canGrantRole('commune_officer', role)).toBe(false);
    }
  });

  it('keeps province roles at province level', () => {
    expect(levelsForRole('security_officer')).toEqual(['province']);
    expect(levelsForRole('district_officer')).toEqual(['district']);
    expect(levelsForRole('tracer')).toContain('commune');
  });

  it('allows managing an account only inside the actor’s own jurisdiction', () => {
    const actor = { role: 'district_officer' as const, jurisdiction: district };
    expect(canManageAccount(actor, { role: 'commune_officer', jurisdiction: communeIn })).toBe(true);
    expect(canManageAccount(actor, { role: 'commune_officer', jurisdiction: communeOut })).toBe(false);
    expect(
      canManageAccount(actor, {
        role: 'tracer',
        jurisdiction: { ...province, place: { provinceCode: '83', districtCode: null, communeCode: null } },
      }),
    ).toBe(false);
    const admin = { role: 'province_admin' as const, jurisdiction: province };
    expect(canManageAccount(admin, { role: 'commune_officer', jurisdiction: communeOut })).toBe(true);
    expect(
      canManageAccount(admin, {
        role: 'security_officer',
        jurisdiction: { ...province, place: { provinceCode: '83', districtCode: null, communeCode: null } },
      }),
    ).toBe(true);
    expect(canManageAccount(admin, { role: 'security_officer', jurisdiction: communeIn })).toBe(false);
  });
});
