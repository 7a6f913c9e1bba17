import { and, asc, eq, or } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import { facilities, facilityKinds } from '../../db/schema/index.ts';
import { defineRoute } from '../../http/route.ts';

const facilitySchema = z.object({
  id: z.string(),
  kind: z.enum(facilityKinds),
  name: z.string(),
  unitCode: z.string(),
  districtCode: z.string().nullable(),
  address: z.string().nullable(),
  capacity: z.number().int().nullable(),
  active: z.boolean(),
});

export const facilityRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/facilities',
    summary:
      'Health facilities (stations, centres, hospitals, test/vaccination sites, quarantine facilities) of a unit',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'facility:read' },
    personalData: false,
    query: z.strictObject({
      unit: z
        .string()
        .regex(/^\d{2,5}$/u)
        .optional(),
      kind: z.enum(facilityKinds).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
    response: z.object({ items: z.array(facilitySchema) }),
    async handler({ deps, query }) {
      const conditions: (SQL | undefined)[] = [eq(facilities.provinceCode, deps.config.provinceCode)];
      if (query.unit) {
        // A unit's facilities: those placed in it, or in its communes when it is a district.
        conditions.push(or(eq(facilities.unitCode, query.unit), eq(facilities.districtCode, query.unit)));
      }
      if (query.kind) conditions.push(eq(facilities.kind, query.kind));
      const items = await deps
        .system('facility directory (no personal data)')
        .db.select()
        .from(facilities)
        .where(and(...conditions))
        .orderBy(asc(facilities.kind), asc(facilities.name))
        .limit(query.limit);
      return { items };
    },
  }),
];
