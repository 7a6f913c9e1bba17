/**
 * The citizen's own records (`/api/me/...`): their person record and those of the household
 * members they are guardian of. Every query filters by `citizenPersonIds(access)` explicitly;
 * any other ID is not found.
 */
import { AppError } from '@epilink/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { citizenPersonIds } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, persons } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
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

const FIELDS = ['identity', 'idNumbers', 'phone', 'address'];

export const citizenRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/me/persons',
    summary: 'My record and those of the household members I am guardian of',
    tags: ['citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    response: z.object({ items: z.array(myPersonSchema) }),
    async handler({ deps, access, origin }) {
      const { db } = deps.database;
      const items = await myPersons(db, access);
      await writeAudit(
        db,
        access,
        origin,
        items.map((p) => ({
          action: 'read' as const,
          entity: 'person',
          entityId: p.id,
          personId: p.id,
          fields: FIELDS,
        })),
      );
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/persons/:id',
    summary: 'One of my records (mine or a ward’s); any other ID is not found',
    tags: ['citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({ person: myPersonSchema }),
    async handler({ deps, access, params, origin }) {
      const { db } = deps.database;
      const [person] = await myPersons(db, access, [params.id]);
      if (!person) throw new AppError('NOT_FOUND');
      await writeAudit(db, access, origin, {
        action: 'read',
        entity: 'person',
        entityId: person.id,
        personId: person.id,
        fields: FIELDS,
      });
      return { person };
    },
  }),
];
