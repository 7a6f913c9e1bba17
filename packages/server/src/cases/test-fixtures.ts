/** Test fixtures of the cases module: households, people at places, a neighbouring commune. */
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/helpers.ts';
import { addPeople } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { households } from '../db/schema/index.ts';

/** A place: province, district and commune codes. */
export interface Place {
  provinceCode: string;
  districtCode: string;
  communeCode: string;
}

/** Commune A (Bến Tre city, 28756) where the index case lives. */
export const COMMUNE_A: Place = { provinceCode: '83', districtCode: '829', communeCode: '28756' };

/** Another commune of the same district (commune B). */
export async function otherCommune(t: TestApp, place: Place = COMMUNE_A): Promise<Place> {
  const [row] = await queryRows<{ code: string }>(
    t.database.db,
    sql`select code from admin_units where parent_code = ${place.districtCode} and code <> ${place.communeCode}
      and valid_to is null order by code limit 1`,
  );
  return { ...place, communeCode: row!.code };
}

/** A household at a place with its members (name, phone, date of birth); returns their person ids in order. */
export async function household(
  t: TestApp,
  place: Place,
  members: { fullName: string; phone?: string; dateOfBirth: string; sex?: 'male' | 'female' }[],
): Promise<string[]> {
  const [hh] = await t.database.db
    .insert(households)
    .values({ ...place, address: 'Ấp 1' })
    .returning({ id: households.id });
  const out = await addPeople(
    t.database,
    members.map((m) => ({ ...m, sex: m.sex ?? null, ...place, householdId: hh!.id })),
  );
  return out.map((o) => o.personId);
}
