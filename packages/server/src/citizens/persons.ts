/**
 * What a citizen sees of their own records: their person record and those of the household
 * members they are guardian of, read by the ids `citizenPersonIds(access)` holds — any other id
 * is not found.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { citizenPersonIds } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, persons } from '../db/schema/index.ts';
import { today } from '../registry/units/repository.ts';

const commune = alias(adminUnits, 'commune');
const district = alias(adminUnits, 'district');

/** What a citizen sees of a record of theirs. */
export const myPersonSchema = z.object({
  id: z.string(),
  relation: z.enum(['self', 'ward']),
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  commune: z.string().nullable(),
  district: z.string().nullable(),
});
type MyPerson = z.input<typeof myPersonSchema>;

/** The citizen's visible records (self first), limited to `ids` ⊆ citizenPersonIds. */
export async function myPersons(db: DbOrTx, access: Access, ids?: string[]): Promise<MyPerson[]> {
  const allowed = citizenPersonIds(access);
  const wanted = ids ? ids.filter((id) => allowed.includes(id)) : allowed;
  if (wanted.length === 0) return [];
  const on = today();
  const rows = await db
    .select({ p: persons, communeName: commune.name, districtName: district.name })
    .from(persons)
    .leftJoin(
      commune,
      and(
        eq(commune.code, persons.communeCode),
        sql`${commune.validFrom} <= ${on} and (${commune.validTo} is null or ${commune.validTo} > ${on})`,
      ),
    )
    .leftJoin(
      district,
      and(
        eq(district.code, persons.districtCode),
        sql`${district.validFrom} <= ${on} and (${district.validTo} is null or ${district.validTo} > ${on})`,
      ),
    )
    .where(inArray(persons.id, wanted));
  const self = access.actor.kind === 'citizen' ? access.actor.personId : null;
  return rows
    .map(({ p, communeName, districtName }) => ({
      id: p.id,
      relation: p.id === self ? ('self' as const) : ('ward' as const),
      fullName: p.fullName,
      dateOfBirth: p.dateOfBirth,
      sex: p.sex,
      idNumber: p.cccd ?? p.cmnd ?? p.passport,
      phone: p.phone,
      address: p.address,
      commune: communeName,
      district: districtName,
    }))
    .sort((a, b) => wanted.indexOf(a.id) - wanted.indexOf(b.id));
}
