/**
 * Roles and permissions as typed constants (never untyped strings in JSON). Each role holds a
 * fixed set of permissions; what a caller may touch is additionally limited by its jurisdiction.
 */
export const ROLES = [
  'province_admin',
  'provincial_epidemiologist',
  'district_officer',
  'commune_officer',
  'tracer',
  'lab_technician',
  'vaccinator',
  'quarantine_officer',
  'security_officer',
  'venue_owner',
  /** Ban chỉ đạo: the province's steering committee (confirms the weekly epidemic levels). */
  'steering_committee',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'unit:read',
  'facility:read',
  'facility:write',
  'person:read',
  'person:write',
  'person:merge',
  'disease:read',
  'policy:read',
  'policy:write',
  'audit:read',
  'audit:export',
  'user:manage',
  'session:manage',
  'apikey:manage',
  'vaccination:read',
  'vaccination:write',
  'vaccine:manage',
  'aefi:write',
  'certificate:issue',
  'certificate:manage',
  'venue:manage',
  'venue:approve',
  'checkin:scan',
  'checkin:activity',
  'checkin:trace',
  'testing:read',
  'testing:write',
  'testing:manage',
  'case:read',
  'case:write',
  'case:trace',
  /** Issue test/recovery certificates from free entry (e.g. a foreign result): audited. */
  'certificate:issue_unverified',
  /** See the weekly epidemic-level proposals with their inputs. */
  'level:read',
  /** Confirm or override the week's epidemic levels (steering committee; audited). */
  'level:confirm',
  /** Read the situation room's indicators and exports (rollups by unit, no personal data). */
  'indicator:read',
  /** Report a facility's hospital and ICU beds for a day (facility staff; also by API key). */
  'beds:report',
  /** Read quarantine/isolation orders, health forms and alerts (issue #16). */
  'quarantine:read',
  /** Confirm, change, release and extend orders; fill forms in a call; acknowledge alerts. */
  'quarantine:write',
  /** Read health, entry and travel declarations and the review list of flagged people (audited). */
  'declaration:read',
  /** Declare for someone (a paper form, at a checkpoint or station) and scan declaration QRs at a checkpoint. */
  'declaration:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const REGISTRY_READ: readonly Permission[] = ['unit:read', 'facility:read', 'disease:read', 'policy:read'];

/** What each role may do, before jurisdiction narrows it. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  province_admin: [
    ...REGISTRY_READ,
    'facility:write',
    'person:read',
    'person:write',
    'person:merge',
    'user:manage',
    'session:manage',
    'apikey:manage',
    'vaccination:read',
    'vaccine:manage',
    'certificate:issue',
    'certificate:manage',
    'certificate:issue_unverified',
    'venue:approve',
    'checkin:activity',
    'checkin:trace',
    'testing:read',
    'testing:manage',
    'case:read',
    'level:read',
    'indicator:read',
    'beds:report',
  ],
  provincial_epidemiologist: [
    ...REGISTRY_READ,
    'person:read',
    'policy:write',
    'vaccination:read',
    'checkin:activity',
    'checkin:trace',
    'testing:read',
    'case:read',
    'case:write',
    'case:trace',
    'quarantine:read',
    'quarantine:write',
    'level:read',
    'indicator:read',
    'declaration:read',
  ],
  district_officer: [
    ...REGISTRY_READ,
    'facility:write',
    'person:read',
    'person:write',
    'person:merge',
    'user:manage',
    'vaccination:read',
    'vaccination:write',
    'vaccine:manage',
    'aefi:write',
    'certificate:issue',
    'certificate:issue_unverified',
    'venue:approve',
    'checkin:activity',
    'checkin:trace',
    'testing:read',
    'testing:write',
    'testing:manage',
    'case:read',
    'case:write',
    'case:trace',
    'quarantine:read',
    'quarantine:write',
    'level:read',
    'indicator:read',
    'beds:report',
    'declaration:read',
    'declaration:write',
  ],
  commune_officer: [
    ...REGISTRY_READ,
    'person:read',
    'person:write',
    'person:merge',
    'vaccination:read',
    'vaccination:write',
    'aefi:write',
    'certificate:issue',
    'venue:approve',
    'checkin:activity',
    'checkin:trace',
    'testing:read',
    'testing:write',
    'case:read',
    'case:write',
    'case:trace',
    'quarantine:read',
    'quarantine:write',
    'level:read',
    'indicator:read',
    'beds:report',
    'declaration:read',
    'declaration:write',
  ],
  tracer: [
    ...REGISTRY_READ,
    'person:read',
    'checkin:trace',
    'testing:read',
    'case:read',
    'case:trace',
    'declaration:read',
  ],
  lab_technician: [...REGISTRY_READ, 'person:read', 'testing:read', 'testing:write'],
  vaccinator: [
    ...REGISTRY_READ,
    'person:read',
    'vaccination:read',
    'vaccination:write',
    'aefi:write',
    'certificate:issue',
  ],
  quarantine_officer: [
    ...REGISTRY_READ,
    'person:read',
    'case:read',
    'quarantine:read',
    'quarantine:write',
    'declaration:read',
    'declaration:write',
  ],
  security_officer: ['unit:read', 'audit:read', 'audit:export', 'session:manage'],
  venue_owner: ['unit:read', 'venue:manage', 'checkin:scan'],
  steering_committee: [...REGISTRY_READ, 'level:read', 'level:confirm', 'indicator:read'],
};

/** True when the role grants the permission. */
export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Type guard for role names read from storage. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The unit levels a jurisdiction can be. */
export type JurisdictionLevel = 'province' | 'district' | 'commune';
export interface Jurisdiction {
  level: JurisdictionLevel;
  code: string;
}
