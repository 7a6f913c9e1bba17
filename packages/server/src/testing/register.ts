/**
 * Registration for a test, by staff or by a citizen choosing a site and a time slot. A slot's
 * capacity holds under concurrency: the booking increments `booked` with one conditional UPDATE
 * (`booked < capacity`), so two people can never take the last place. Registrations listed for a
 * site or slot come a page at a time (keyset, newest first), their people by the site rule.
 */
import { AppError } from '@epilink/core';
import type { RegistrationReason, SpecimenTestType } from '@epilink/core';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { actorId, citizenPersonIds, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { readSiteSubjects } from '../access/site.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { testRegistrations, testSessions, testSites } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { enqueue } from '../outbox/outbox.ts';
import { personForCaller } from './scope.ts';
import { residentIdentities } from './subject.ts';

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

/** Newest first, then by id: the registrations list's sort key. */
const REGISTRATION_KEY: KeyPart[] = [
  { column: testRegistrations.createdAt, type: 'timestamptz' },
  { column: testRegistrations.id, type: 'uuid' },
];

/** Filters and page of the staff registrations list. */
export interface RegistrationFilter {
  siteId?: string | undefined;
  sessionId?: string | undefined;
  status?: 'booked' | 'collected' | 'cancelled' | 'no_show' | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * A page of the registrations of the caller's jurisdiction at a site or in a slot, newest first;
 * the read and each person shown are audited (the site rule, access/site.ts).
 */
export async function listRegistrations(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  f: RegistrationFilter,
) {
  const [k0, k1] = keyText(REGISTRATION_KEY);
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
      k0: k0!,
      k1: k1!,
    })
    .from(testRegistrations)
    .where(
      and(
        f.siteId ? eq(testRegistrations.siteId, f.siteId) : undefined,
        f.sessionId ? eq(testRegistrations.sessionId, f.sessionId) : undefined,
        f.status ? eq(testRegistrations.status, f.status) : undefined,
        scopeFor(access, testRegistrations),
        afterCursor(REGISTRATION_KEY, f.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(REGISTRATION_KEY, 'desc'))
    .limit(f.limit + 1);
  const page = pageOf(rows, f.limit, (r) => [r.k0, r.k1]);
  await writeAudit(db, access, origin, {
    action: 'read',
    entity: 'test_registration',
    fields: ['registrations'],
    details: { count: page.items.length, siteId: f.siteId ?? null, sessionId: f.sessionId ?? null },
  });
  // Registrations at sites of mine: the site rule (access/site.ts), audited per person.
  const subjects = await readSiteSubjects(
    db,
    access,
    origin,
    {
      entity: 'test_registration',
      entityId: f.sessionId ?? f.siteId ?? null,
      fields: ['fullName', 'dateOfBirth', 'idNumberMasked'],
    },
    page.items.map((r) => r.personId),
  );
  // Namesakes told apart at the desk: residents by date of birth and masked ID, visitors by year.
  const identities = await residentIdentities(db, subjects);
  const items = page.items.map(({ k0: _k0, k1: _k1, ...r }) => {
    const s = subjects.get(r.personId);
    const id = identities.get(r.personId);
    return {
      ...r,
      fullName: s?.fullName ?? '',
      dateOfBirth: id?.dateOfBirth ?? null,
      idNumberMasked: id?.idNumberMasked ?? null,
      yearOfBirth: s?.yearOfBirth ?? null,
      resident: s?.resident ?? false,
    };
  });
  return { items, nextCursor: page.nextCursor };
}
