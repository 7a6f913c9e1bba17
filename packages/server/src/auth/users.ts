import { AppError, isRole, levelsForRole } from '@epilink/core';
import type { Jurisdiction, Place, Role } from '@epilink/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, facilities, healthAreas, users } from '../db/schema/index.ts';
import { unitValidOn } from '../registry/units/load.ts';
import { today } from '../registry/units/repository.ts';
import { isCommonPassword } from './commonPasswords.ts';
import { hashPassword } from './passwords.ts';

/** Shortest password accepted for an official. */
export const MIN_PASSWORD_LENGTH = 10;

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  /** A unit code (province, district or commune); ignored when `facilityId` is given. */
  jurisdictionCode: string;
  /** Lab and site staff: the facility they work at (their jurisdiction is its unit). */
  facilityId?: string | null;
  demo?: boolean;
  createdBy?: string | null;
  /**
   * The date whose units the jurisdiction is read in (default today): the demo creates its
   * officials in 2021 units before the reform re-homes them (demo/history.ts).
   */
  unitsAsOf?: string;
}

/** A jurisdiction resolved against the unit list: its level, code and where it lies. */
export interface ResolvedJurisdiction extends Jurisdiction {
  place: Place;
}

/** Resolve a unit code (in force on `onDate`, default today) to a jurisdiction, or throw UNKNOWN_CODE. */
export async function resolveJurisdiction(
  db: DbOrTx,
  code: string,
  onDate: string = today(),
): Promise<ResolvedJurisdiction> {
  const [unit] = await db
    .select({
      code: adminUnits.code,
      level: adminUnits.level,
      parentCode: adminUnits.parentCode,
      provinceCode: adminUnits.provinceCode,
    })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), unitValidOn(onDate)))
    .limit(1);
  if (!unit) {
    // After the reform a district-level role's jurisdiction is a health area (registry/units/areas.ts).
    const [area] = await db
      .select({ provinceCode: healthAreas.provinceCode })
      .from(healthAreas)
      .where(eq(healthAreas.code, code));
    if (!area) throw new AppError('UNKNOWN_CODE', { params: { code } });
    return {
      level: 'district',
      code,
      place: { provinceCode: area.provinceCode, districtCode: code, communeCode: null },
    };
  }
  const place: Place =
    unit.level === 'province'
      ? { provinceCode: unit.code, districtCode: null, communeCode: null }
      : unit.level === 'district'
        ? { provinceCode: unit.provinceCode, districtCode: unit.code, communeCode: null }
        : {
            provinceCode: unit.provinceCode,
            // From 2025-07 a commune's parent is its province: there is no district.
            districtCode: unit.parentCode === unit.provinceCode ? null : unit.parentCode,
            communeCode: unit.code,
          };
  return { level: unit.level, code: unit.code, place };
}

/** The jurisdiction of a facility: the unit it lies in. */
export async function facilityJurisdiction(db: DbOrTx, facilityId: string): Promise<ResolvedJurisdiction> {
  const [f] = await db
    .select({ unitCode: facilities.unitCode })
    .from(facilities)
    .where(eq(facilities.id, facilityId));
  if (!f) throw new AppError('UNKNOWN_CODE', { params: { code: facilityId } });
  return resolveJurisdiction(db, f.unitCode);
}

/** Throw VALIDATION_FAILED unless the password is long enough and not one of the most common ones. */
export function checkPasswordStrength(password: string): void {
  if (isCommonPassword(password)) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'password', messageKey: 'errors.field.commonPassword' }],
    });
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', {
      details: [
        { path: 'password', messageKey: 'errors.field.tooShort', params: { min: MIN_PASSWORD_LENGTH } },
      ],
    });
  }
}

/**
 * Create an official's account (password hashed with argon2id). Username must be free; the role
 * must be one that can be held at the jurisdiction's level. Policy (who may create whom) is the
 * caller's business: see admin/users.ts.
 */
export async function createUser(db: DbOrTx, input: NewUser): Promise<string> {
  if (!isRole(input.role)) throw new AppError('UNKNOWN_CODE', { params: { code: input.role } });
  checkPasswordStrength(input.password);
  const j = input.facilityId
    ? await facilityJurisdiction(db, input.facilityId)
    : await resolveJurisdiction(db, input.jurisdictionCode, input.unitsAsOf);
  if (!levelsForRole(input.role).includes(j.level)) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'jurisdictionCode', messageKey: 'errors.field.invalidValue' }],
    });
  }
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing.length > 0) throw new AppError('CONFLICT');
  const [row] = await db
    .insert(users)
    .values({
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      jurisdictionCode: j.code,
      provinceCode: j.place.provinceCode,
      districtCode: j.place.districtCode,
      communeCode: j.place.communeCode,
      facilityId: input.facilityId ?? null,
      demo: input.demo ?? false,
      createdBy: input.createdBy ?? null,
    })
    .returning({ id: users.id });
  return row!.id;
}
