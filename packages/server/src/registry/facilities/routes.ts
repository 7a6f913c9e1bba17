import { and, eq, or } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import { facilities, facilityKinds } from '../../db/schema/index.ts';
import { afterCursor, keyText, nextCursorSchema, orderByKey, pageOf, pageQuery } from '../../http/page.ts';
import type { KeyPart } from '../../http/page.ts';
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

/** By kind, then name, then id: the directory's sort key (keyset-paginated, issue #11 item 1). */
const FACILITY_KEY: KeyPart[] = [
  { column: facilities.kind, type: 'text' },
  { column: facilities.name, type: 'text' },
  { column: facilities.id, type: 'uuid' },
];

export const facilityRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/facilities',
    summary:
      'Health facilities (stations, centres, hospitals, test/vaccination sites, quarantine facilities) of a unit, a page at a time',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'facility:read' },
    personalData: false,
    query: z.strictObject({
      unit: z
        .string()
        .regex(/^\d{2,5}$/u)
        .optional(),
      kind: z.enum(facilityKinds).optional(),
      ...pageQuery(200, 1000),
    }),
    response: z.object({ items: z.array(facilitySchema), nextCursor: nextCursorSchema }),
    async handler({ deps, query }) {
      const conditions: (SQL | undefined)[] = [eq(facilities.provinceCode, deps.config.provinceCode)];
      if (query.unit) {
        // A unit's facilities: those placed in it, or in its communes when it is a district.
        conditions.push(or(eq(facilities.unitCode, query.unit), eq(facilities.districtCode, query.unit)));
      }
      if (query.kind) conditions.push(eq(facilities.kind, query.kind));
      conditions.push(afterCursor(FACILITY_KEY, query.cursor, 'asc'));
      const [k0, k1, k2] = keyText(FACILITY_KEY);
      const rows = await deps
        .system('facility directory (no personal data)')
        .db.select({ f: facilities, k0: k0!, k1: k1!, k2: k2! })
        .from(facilities)
        .where(and(...conditions))
        .orderBy(...orderByKey(FACILITY_KEY, 'asc'))
        .limit(query.limit + 1);
      const page = pageOf(rows, query.limit, (r) => [r.k0, r.k1, r.k2]);
      return { items: page.items.map((r) => r.f), nextCursor: page.nextCursor };
    },
  }),
];
