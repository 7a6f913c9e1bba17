/**
 * Registration for a test, by staff or by a citizen choosing a site and a time slot. A slot's
 * capacity holds under concurrency: the booking increments `booked` with one conditional UPDATE
 * (`booked < capacity`), so two people can never take the last place.
 */
import { AppError, REGISTRATION_REASONS, SPECIMEN_TEST_TYPES } from '@epilink/core';
import type { RegistrationReason, SpecimenTestType } from '@epilink/core';
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { actorId, citizenPersonIds, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { readSiteSubjects } from '../access/site.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { testRegistrations, testSessions, testSites } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { enqueue } from '../outbox/outbox.ts';
import { personForCaller } from './scope.ts';

/** Input of {@link register}. */
export interface RegisterInput {
  personId: string;
  siteId?: string | null;
  sessionId?: string | null;
  testType: SpecimenTestType;
  reason: RegistrationReason;
  status?: 'booked' | 'collected';
}

/** Register a person (the caller may act for them) at a site, taking a place in a slot if given. */
export async function register(tx: DbOrTx, access: Access, origin: AuditOrigin, input: RegisterInput) {
  const person = await personForCaller(tx, access, input.personId);
  let siteId = input.siteId ?? null;
  if (input.sessionId) {
    const [taken] = await tx
      .update(testSessions)
      .set({ booked: sql`${testSessions.booked} + 1` })
      .where(
        and(
          eq(testSessions.id, input.sessionId),
          sql`${testSessions.booked} < ${testSessions.capacity}`,
          gt(testSessions.endsAt, new Date()),
        ),
      )
      .returning({ siteId: testSessions.siteId });
    if (!taken) {
      const [s] = await tx
        .select({ s: testSessions, active: testSites.active })
        .from(testSessions)
        .innerJoin(testSites, eq(testSites.id, testSessions.siteId))
        .where(eq(testSessions.id, input.sessionId));
      if (!s) throw new AppError('NOT_FOUND');
      if (s.s.endsAt <= new Date()) throw new AppError('TEST_SESSION_PAST');
      throw new AppError('TEST_SESSION_FULL');
    }
    if (siteId && siteId !== taken.siteId) throw new AppError('NOT_FOUND');
    siteId = taken.siteId;
    // One place per person per slot (so a citizen holds at most one per record in their care):
    // checked after the slot's row is locked by the update above, so two requests cannot both pass.
    const [held] = await tx
      .select({ id: testRegistrations.id })
      .from(testRegistrations)
      .where(
        and(
          eq(testRegistrations.sessionId, input.sessionId),
          eq(testRegistrations.personId, person.id),
          inArray(testRegistrations.status, ['booked', 'collected']),
        ),
      )
      .limit(1);
    if (held) throw new AppError('TEST_SLOT_ALREADY_BOOKED');
  }
  if (!siteId)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'siteId', messageKey: 'errors.field.required' }],
    });
  const [site] = await tx
    .select({ active: testSites.active })
    .from(testSites)
    .where(eq(testSites.id, siteId));
  if (!site) throw new AppError('NOT_FOUND');
  if (!site.active) throw new AppError('TEST_SESSION_PAST');
  const via = access.actor.kind === 'citizen' ? ('citizen' as const) : ('staff' as const);
  const [row] = await tx
    .insert(testRegistrations)
    .values({
      personId: person.id,
      siteId,
      sessionId: input.sessionId ?? null,
      testType: input.testType,
      reason: input.reason,
      status: input.status ?? 'booked',
      registeredVia: via,
      provinceCode: person.provinceCode,
      districtCode: person.districtCode,
      communeCode: person.communeCode,
      createdBy: actorId(access),
    })
    .returning({ id: testRegistrations.id });
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'test_registration',
    entityId: row!.id,
    personId: person.id,
    fields: ['registration'],
  });
  await enqueue(tx, 'testing.registered', {
    registrationId: row!.id,
    personId: person.id,
    siteId,
    sessionId: input.sessionId ?? null,
    via,
    communeCode: person.communeCode,
  });
  return { id: row!.id, person };
}

/**
 * Close a booked registration: `cancelled` gives its place in the slot back; `no_show` (staff, after
 * the slot) keeps it counted.
 */
export async function cancelRegistration(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  id: string,
  status: 'cancelled' | 'no_show' = 'cancelled',
) {
  const own = citizenPersonIds(access);
  const [reg] = await tx
    .select()
    .from(testRegistrations)
    .where(
      and(
        eq(testRegistrations.id, id),
        access.actor.kind === 'citizen'
          ? sql`${testRegistrations.personId} in (${sql.join(
              (own.length ? own : ['00000000-0000-0000-0000-000000000000']).map((x) => sql`${x}::uuid`),
              sql`, `,
            )})`
          : scopeFor(access, testRegistrations),
      ),
    )
    .for('update');
  if (!reg) throw new AppError('NOT_FOUND');
  if (reg.status !== 'booked') throw new AppError('TEST_REGISTRATION_CLOSED');
  await tx
    .update(testRegistrations)
    .set({ status, updatedAt: new Date() })
    .where(eq(testRegistrations.id, id));
  if (reg.sessionId && status === 'cancelled')
    await tx
      .update(testSessions)
      .set({ booked: sql`greatest(${testSessions.booked} - 1, 0)` })
      .where(eq(testSessions.id, reg.sessionId));
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'test_registration',
    entityId: id,
    personId: reg.personId,
    fields: ['status'],
  });
}

const registrationBody = {
  personId: z.uuid(),
  testType: z.enum(SPECIMEN_TEST_TYPES),
  reason: z.enum(REGISTRATION_REASONS),
};

/** A registration as staff lists it. */
export const registrationSchema = z.object({
  id: z.string(),
  personId: z.string(),
  fullName: z.string(),
  siteId: z.string(),
  sessionId: z.string().nullable(),
  testType: z.string(),
  reason: z.string(),
  status: z.string(),
  registeredVia: z.string(),
  createdAt: z.date(),
});

export const testRegistrationRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/testing/registrations',
    summary: 'Register a person of my jurisdiction for a test at a site (optionally in a time slot)',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    successStatus: 201,
    body: z.strictObject({
      ...registrationBody,
      siteId: z.uuid(),
      sessionId: z.uuid().nullable().optional(),
    }),
    response: z.object({ id: z.string() }),
    async handler({ deps, access, origin, body }) {
      const r = await deps.database.db.transaction((tx) => register(tx, access, origin, body));
      return { id: r.id };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/registrations',
    summary: 'Registrations at a site or in a time slot (people of my jurisdiction), newest first',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: true,
    query: z.strictObject({
      siteId: z.uuid().optional(),
      sessionId: z.uuid().optional(),
      status: z.enum(['booked', 'collected', 'cancelled', 'no_show']).optional(),
    }),
    response: z.object({ items: z.array(registrationSchema) }),
    async handler({ deps, access, origin, query }) {
      const { db } = deps.database;
      const rows = await db
        .select({
          id: testRegistrations.id,
          personId: testRegistrations.personId,
          siteId: testRegistrations.siteId,
          sessionId: testRegistrations.sessionId,
          testType: testRegistrations.testType,
          reason: testRegistrations.reason,
          status: testRegistrations.status,
          registeredVia: testRegistrations.registeredVia,
          createdAt: testRegistrations.createdAt,
        })
        .from(testRegistrations)
        .where(
          and(
            query.siteId ? eq(testRegistrations.siteId, query.siteId) : undefined,
            query.sessionId ? eq(testRegistrations.sessionId, query.sessionId) : undefined,
            query.status ? eq(testRegistrations.status, query.status) : undefined,
            scopeFor(access, testRegistrations),
          ),
        )
        .orderBy(desc(testRegistrations.createdAt))
        .limit(500);
      await writeAudit(db, access, origin, {
        action: 'read',
        entity: 'test_registration',
        fields: ['registrations'],
        details: { count: rows.length, siteId: query.siteId ?? null, sessionId: query.sessionId ?? null },
      });
      // Registrations at sites of mine: the site rule (access/site.ts), audited per person.
      const subjects = await readSiteSubjects(
        db,
        access,
        origin,
        {
          entity: 'test_registration',
          entityId: query.sessionId ?? query.siteId ?? null,
          fields: ['fullName'],
        },
        rows.map((r) => r.personId),
      );
      const items = rows.map((r) => ({ ...r, fullName: subjects.get(r.personId)?.fullName ?? '' }));
      return { items };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/testing/registrations/:id/close',
    summary: 'Close a booked registration of my jurisdiction: cancelled (place given back) or no-show',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ status: z.enum(['cancelled', 'no_show']) }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ deps, access, origin, params, body }) {
      await deps.database.db.transaction((tx) =>
        cancelRegistration(tx, access, origin, params.id, body.status),
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/testing/registrations',
    summary: 'Book a test for myself or a household member I am guardian of: a site and a time slot',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    successStatus: 201,
    body: z.strictObject({ ...registrationBody, sessionId: z.uuid() }),
    response: z.object({ id: z.string() }),
    async handler({ deps, access, origin, body }) {
      const r = await deps.database.db.transaction((tx) => register(tx, access, origin, body));
      return { id: r.id };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/testing/registrations/:id/cancel',
    summary: 'Cancel one of my bookings (its place goes back to the slot)',
    tags: ['testing', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ deps, access, origin, params }) {
      await deps.database.db.transaction((tx) => cancelRegistration(tx, access, origin, params.id));
      return { ok: true as const };
    },
  }),
];
