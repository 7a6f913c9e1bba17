import { describe, expect, it } from 'vitest';
import { canIssueApiKey, isApiKeyScope } from './apiKey.ts';
import { canExportAudit, canReadAudit } from './audit.ts';
import { canManageSessions } from './session.ts';

describe('API key policy', () => {
  it('issues keys only to key managers and never beyond their own permissions', () => {
    expect(canIssueApiKey('province_admin', ['person:read', 'person:write'])).toBe(true);
    expect(canIssueApiKey('district_officer', ['person:read'])).toBe(false);
    expect(canIssueApiKey('security_officer', ['unit:read'])).toBe(false);
    expect(isApiKeyScope('person:read')).toBe(true);
    expect(isApiKeyScope('user:manage')).toBe(false);
    expect(isApiKeyScope('audit:read')).toBe(false);
  });
});

describe('audit and session policy', () => {
  it('lets only province-level security officers read and export the audit trail', () => {
    expect(canReadAudit('security_officer', 'province')).toBe(true);
    expect(canExportAudit('security_officer', 'province')).toBe(true);
    expect(canReadAudit('security_officer', 'district')).toBe(false);
    expect(canReadAudit('province_admin', 'province')).toBe(false);
    expect(canReadAudit('provincial_epidemiologist', 'province')).toBe(false);
  });
  it('lets security officers and administrators at province level manage sessions', () => {
    expect(canManageSessions('security_officer', 'province')).toBe(true);
    expect(canManageSessions('province_admin', 'province')).toBe(true);
    expect(canManageSessions('district_officer', 'district')).toBe(false);
    expect(canManageSessions('commune_officer', 'commune')).toBe(false);
  });
});
