import { ATTESTED_GROUPS, AppError, SCREENING_QUESTION_KEYS, catalogueOn } from '@epilink/core';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { placeWithin, scopeFor } from '../access/context.ts';
import { readSiteSubjects, SITE_AUDIT_LIMIT } from '../access/site.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  facilities,
  persons,
  vaccinationDoses,
  vaccinationSessions,
  vaccinationStatus,
  vaccineLots,
} from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { recordDose, voidDose } from './doses.ts';

const isoDate = z.iso.date();
const screeningSchema = z.strictObject(
  Object.fromEntries(SCREENING_QUESTION_KEYS.map((k) => [k, z.boolean()])) as Record<
    (typeof SCREENING_QUESTION_KEYS)[number],
    z.ZodBoolean
  >,
);

/** A facility the caller may work at (inside their jurisdiction), or NOT_FOUND. */
export async function facilityInScope(db: DbOrTx, access: Access, id: string) {
  const [f] = await db.select().from(facilities).where(eq(facilities.id, id));
  if (
    !f ||
    !placeWithin(access, {
      provinceCode: f.provinceCode,
      districtCode: f.districtCode,
      communeCode: f.unitCode.length === 5 ? f.unitCode : null,
    })
  )
    throw new AppError('NOT_FOUND');
  return f;
}

const sessionSchema = z.object({
  id: z.string(),
  facilityId: z.string(),
  facilityName: z.string(),
  date: z.string(),
  productCodes: z.array(z.string()),
  target: z.object({
    ageMin: z.number().nullable(),
    ageMax: z.number().nullable(),
    priorityGroups: z.array(z.string()),
    communeCodes: z.array(z.string()),
  }),
  status: z.string(),
  doseCount: z.number(),
});

export const vaccinationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/sessions',
    summary: 'Sessions at the sites of your jurisdiction on a day',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: false,
    query: z.strictObject({ date: isoDate.optional() }),
    response: z.object({ items: z.array(sessionSchema) }),
    async handler({ deps, access, query }) {
      const { db } = deps.database;
      const rows = await db
        .select({ s: vaccinationSessions, facilityName: facilities.name })
        .from(vaccinationSessions)
        .innerJoin(facilities, eq(facilities.id, vaccinationSessions.facilityId))
        .where(
          and(
            query.date ? eq(vaccinationSessions.date, query.date) : undefined,
            scopeFor(access, vaccinationSessions),
          ),
        )
        .orderBy(desc(vaccinationSessions.date))
        .limit(200);
      const counts = await doseCounts(
        db,
        rows.map((r) => r.s.id),
      );
      return { items: rows.map((r) => presentSession(r.s, r.facilityName, counts.get(r.s.id) ?? 0)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/sessions',
    summary: 'Open a session at a site: day, vaccines offered, target list (ages, priority groups, communes)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:write' },
    personalData: false,
    successStatus: 201,
    body: z.strictObject({
      facilityId: z.uuid(),
      date: isoDate,
      productCodes: z.array(z.string().min(1).max(40)).min(1).max(10),
      target: z
        .strictObject({
          ageMin: z.number().int().min(0).max(120).nullable().default(null),
          ageMax: z.number().int().min(0).max(120).nullable().default(null),
          priorityGroups: z.array(z.string().max(60)).max(20).default([]),
          communeCodes: z
            .array(z.string().regex(/^\d{5}$/u))
            .max(50)
            .default([]),
        })
        .default({ ageMin: null, ageMax: null, priorityGroups: [], communeCodes: [] }),
    }),
    response: z.object({ id: z.string() }),
    async handler({ deps, access, origin, body }) {
      const known = new Set(catalogueOn(body.date).products.map((p) => p.code));
      const unknown = body.productCodes.find((c) => !known.has(c));
      if (unknown) throw new AppError('UNKNOWN_CODE', { params: { code: unknown } });
      return deps.database.db.transaction(async (tx) => {
        const f = await facilityInScope(tx, access, body.facilityId);
        const [row] = await tx
          .insert(vaccinationSessions)
          .values({
            ...body,
            provinceCode: f.provinceCode,
            districtCode: f.districtCode,
            communeCode: f.unitCode.length === 5 ? f.unitCode : null,
            createdBy: access.actor.kind === 'user' ? access.actor.userId : null,
          })
          .returning({ id: vaccinationSessions.id });
        await writeAudit(tx, access, origin, {
          action: 'create',
          entity: 'vaccination_session',
          entityId: row!.id,
        });
        return row!;
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/sessions/:id',
    summary: 'A session with the doses recorded in it (the session screen)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({
      session: sessionSchema,
      doses: z.array(
        z.object({
          id: z.string(),
          personId: z.string(),
          fullName: z.string(),
          productCode: z.string(),
          doseNumber: z.number(),
          lotNumber: z.string(),
          createdAt: z.date(),
          /** The person lives in my jurisdiction (else: only this dose's operational fields). */
          resident: z.boolean(),
        }),
      ),
    }),
    async handler({ deps, access, params, origin }) {
      const { db } = deps.database;
      const [row] = await db
        .select({ s: vaccinationSessions, facilityName: facilities.name })
        .from(vaccinationSessions)
        .innerJoin(facilities, eq(facilities.id, vaccinationSessions.facilityId))
        .where(and(eq(vaccinationSessions.id, params.id), scopeFor(access, vaccinationSessions)));
      if (!row) throw new AppError('NOT_FOUND');
      const given = await db
        .select({
          id: vaccinationDoses.id,
          personId: vaccinationDoses.personId,
          productCode: vaccinationDoses.productCode,
          doseNumber: vaccinationDoses.doseNumber,
          lotNumber: vaccineLots.lotNumber,
          createdAt: vaccinationDoses.createdAt,
        })
        .from(vaccinationDoses)
        .innerJoin(vaccineLots, eq(vaccineLots.id, vaccinationDoses.lotId))
        .where(and(eq(vaccinationDoses.sessionId, params.id), isNull(vaccinationDoses.voidedAt)))
        .orderBy(desc(vaccinationDoses.createdAt))
        .limit(SITE_AUDIT_LIMIT);
      // Records handled at my site: the site rule (access/site.ts), audited per person.
      const subjects = await readSiteSubjects(
        db,
        access,
        origin,
        { entity: 'vaccination_session', entityId: params.id, fields: ['fullName', 'dose'] },
        given.map((d) => d.personId),
      );
      const doses = given.map((d) => ({
        ...d,
        fullName: subjects.get(d.personId)?.fullName ?? '',
        resident: subjects.get(d.personId)?.resident ?? false,
      }));
      return { session: presentSession(row.s, row.facilityName, doses.length), doses };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/doses',
    summary:
      'Record a dose after screening: updates stock, status, coverage and issues the signed certificate',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:write' },
    personalData: true,
    successStatus: 201,
    body: z.strictObject({
      personId: z.uuid(),
      facilityId: z.uuid(),
      sessionId: z.uuid().nullable().optional(),
      productCode: z.string().min(1).max(40),
      lotId: z.uuid(),
      date: isoDate,
      screening: screeningSchema,
      groups: z.array(z.enum(ATTESTED_GROUPS)).max(ATTESTED_GROUPS.length).optional(),
      vaccinatorName: z.string().trim().max(120).nullable().optional(),
    }),
    response: z.object({
      doseId: z.string(),
      doseNumber: z.number(),
      doseKind: z.string(),
      status: z.string(),
      next: z
        .object({ doseNumber: z.number(), kind: z.string(), earliest: z.string(), due: z.string() })
        .nullable(),
      certificate: z.object({ id: z.string(), uvci: z.string() }).nullable(),
      screeningOutcome: z.string(),
    }),
    async handler({ deps, access, origin, body }) {
      const result = await deps.database.db.transaction((tx) => recordDose(tx, deps, access, origin, body));
      return result;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/doses/:id/void',
    summary: 'Void a dose entered in error (status, coverage and certificate follow)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ reason: z.string().trim().min(1).max(300) }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ deps, access, origin, params, body }) {
      await deps.database.db.transaction((tx) => voidDose(tx, deps, access, origin, params.id, body.reason));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id/vaccination',
    summary: "A person's doses and vaccination status",
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({
      status: z
        .object({
          status: z.string(),
          dosesGiven: z.number(),
          nextDue: z.string().nullable(),
          nextDoseNumber: z.number().nullable(),
        })
        .nullable(),
      doses: z.array(
        z.object({
          id: z.string(),
          date: z.string(),
          productCode: z.string(),
          doseNumber: z.number(),
          doseKind: z.string(),
          voided: z.boolean(),
        }),
      ),
    }),
    async handler({ deps, access, params, origin }) {
      const { db } = deps.database;
      const [person] = await db
        .select({ id: persons.id })
        .from(persons)
        .where(and(eq(persons.id, params.id), scopeFor(access, persons)));
      if (!person) throw new AppError('NOT_FOUND');
      const [status] = await db
        .select()
        .from(vaccinationStatus)
        .where(eq(vaccinationStatus.personId, person.id));
      const doses = await db
        .select()
        .from(vaccinationDoses)
        .where(eq(vaccinationDoses.personId, person.id))
        .orderBy(asc(vaccinationDoses.date));
      await writeAudit(db, access, origin, {
        action: 'read',
        entity: 'vaccination',
        personId: person.id,
        fields: ['doses', 'status'],
      });
      return { status: status ?? null, doses: doses.map((d) => ({ ...d, voided: d.voidedAt !== null })) };
    },
  }),
];

const countSql = sql<number>`count(*)::int`;

function presentSession(s: typeof vaccinationSessions.$inferSelect, facilityName: string, doseCount: number) {
  const t = (s.target ?? {}) as Partial<z.infer<typeof sessionSchema>['target']>;
  const target = {
    ageMin: t.ageMin ?? null,
    ageMax: t.ageMax ?? null,
    priorityGroups: t.priorityGroups ?? [],
    communeCodes: t.communeCodes ?? [],
  };
  return { ...s, facilityName, target, doseCount };
}

async function doseCounts(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: vaccinationDoses.sessionId, n: countSql })
    .from(vaccinationDoses)
    .where(and(inArray(vaccinationDoses.sessionId, ids), isNull(vaccinationDoses.voidedAt)))
    .groupBy(vaccinationDoses.sessionId);
  return new Map(rows.map((r) => [r.id ?? '', r.n]));
}
