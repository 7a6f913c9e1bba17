/**
 * Vaccination sessions: the list of a day's sessions at the sites of the caller's jurisdiction, a
 * session with its doses (the vaccinator's screen), opening a session, and a person's doses.
 * Every query here is scoped: sessions and statuses by `scopeFor`, sites by `placeWithin`, the
 * people of a session's doses by the site rule (`readSiteSubjects`, audited per person). Both lists
 * are keyset-paginated (issue #11 item 1): nothing is cut silently, the answer says when more follow.
 */
import { AppError, catalogueOn } from '@epilink/core';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { placeWithin, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { readSiteSubjects } from '../access/site.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  facilities,
  persons,
  vaccinationDoses,
  vaccinationSessions,
  vaccinationStatus,
  vaccineLots,
} from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';

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

/** A session's target list as stored (jsonb) with every field present. */
export interface SessionTarget {
  ageMin: number | null;
  ageMax: number | null;
  priorityGroups: string[];
  communeCodes: string[];
}

type SessionRow = typeof vaccinationSessions.$inferSelect;

/** A session as the screens show it (the site's kind tells whether a "refer" outcome may be vaccinated there). */
export function presentSession(
  s: SessionRow,
  site: { facilityName: string; facilityKind: string },
  doseCount: number,
) {
  const t = (s.target ?? {}) as Partial<SessionTarget>;
  const target: SessionTarget = {
    ageMin: t.ageMin ?? null,
    ageMax: t.ageMax ?? null,
    priorityGroups: t.priorityGroups ?? [],
    communeCodes: t.communeCodes ?? [],
  };
  return { ...s, ...site, target, doseCount };
}

const countSql = sql<number>`count(*)::int`;

/** Doses given (not voided) in each of the sessions. */
async function doseCounts(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: vaccinationDoses.sessionId, n: countSql })
    .from(vaccinationDoses)
    .where(and(inArray(vaccinationDoses.sessionId, ids), isNull(vaccinationDoses.voidedAt)))
    .groupBy(vaccinationDoses.sessionId);
  return new Map(rows.map((r) => [r.id ?? '', r.n]));
}

/** Newest day first, then by id: the sessions list's sort key. */
const SESSION_KEY: KeyPart[] = [
  { column: vaccinationSessions.date, type: 'date' },
  { column: vaccinationSessions.id, type: 'uuid' },
];

/** A page of the sessions in the caller's jurisdiction (on a day, if given), newest day first. */
export async function listSessions(
  db: DbOrTx,
  access: Access,
  input: { date?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const [k0, k1] = keyText(SESSION_KEY);
  const rows = await db
    .select({
      s: vaccinationSessions,
      facilityName: facilities.name,
      facilityKind: facilities.kind,
      k0: k0!,
      k1: k1!,
    })
    .from(vaccinationSessions)
    .innerJoin(facilities, eq(facilities.id, vaccinationSessions.facilityId))
    .where(
      and(
        input.date ? eq(vaccinationSessions.date, input.date) : undefined,
        scopeFor(access, vaccinationSessions),
        afterCursor(SESSION_KEY, input.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(SESSION_KEY, 'desc'))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (r) => [r.k0, r.k1]);
  const counts = await doseCounts(
    db,
    page.items.map((r) => r.s.id),
  );
  return {
    items: page.items.map((r) => presentSession(r.s, r, counts.get(r.s.id) ?? 0)),
    nextCursor: page.nextCursor,
  };
}

/** Open a session at a site of the caller's jurisdiction (audited in `tx`). */
export async function createSession(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  body: { facilityId: string; date: string; productCodes: string[]; target: SessionTarget },
): Promise<{ id: string }> {
  const known = new Set(catalogueOn(body.date).products.map((p) => p.code));
  const unknown = body.productCodes.find((c) => !known.has(c));
  if (unknown) throw new AppError('UNKNOWN_CODE', { params: { code: unknown } });
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
}

/** Newest dose first, then by id: the session screen's sort key. */
const DOSE_KEY: KeyPart[] = [
  { column: vaccinationDoses.createdAt, type: 'timestamptz' },
  { column: vaccinationDoses.id, type: 'uuid' },
];

/**
 * A session of the caller's jurisdiction with a page of its doses (newest first). The people are
 * shown by the site rule (name, resident or not), each read audited per person — one page at a time,
 * so a session of any size is reachable and every audited read is bounded by the page.
 */
export async function sessionWithDoses(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: { id: string; cursor?: string | undefined; limit: number },
) {
  const [row] = await db
    .select({ s: vaccinationSessions, facilityName: facilities.name, facilityKind: facilities.kind })
    .from(vaccinationSessions)
    .innerJoin(facilities, eq(facilities.id, vaccinationSessions.facilityId))
    .where(and(eq(vaccinationSessions.id, input.id), scopeFor(access, vaccinationSessions)));
  if (!row) throw new AppError('NOT_FOUND');
  const [d0, d1] = keyText(DOSE_KEY);
  const given = await db
    .select({
      id: vaccinationDoses.id,
      personId: vaccinationDoses.personId,
      productCode: vaccinationDoses.productCode,
      doseNumber: vaccinationDoses.doseNumber,
      lotNumber: vaccineLots.lotNumber,
      createdAt: vaccinationDoses.createdAt,
      k0: d0!,
      k1: d1!,
    })
    .from(vaccinationDoses)
    .innerJoin(vaccineLots, eq(vaccineLots.id, vaccinationDoses.lotId))
    .where(
      and(
        eq(vaccinationDoses.sessionId, input.id),
        isNull(vaccinationDoses.voidedAt),
        afterCursor(DOSE_KEY, input.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(DOSE_KEY, 'desc'))
    .limit(input.limit + 1);
  const page = pageOf(given, input.limit, (d) => [d.k0, d.k1]);
  // Records handled at my site: the site rule (access/site.ts), audited per person.
  const subjects = await readSiteSubjects(
    db,
    access,
    origin,
    { entity: 'vaccination_session', entityId: input.id, fields: ['fullName', 'dose'] },
    page.items.map((d) => d.personId),
  );
  const doses = page.items.map(({ k0: _k0, k1: _k1, ...d }) => ({
    ...d,
    fullName: subjects.get(d.personId)?.fullName ?? '',
    resident: subjects.get(d.personId)?.resident ?? false,
  }));
  const counts = await doseCounts(db, [input.id]);
  return {
    session: presentSession(row.s, row, counts.get(input.id) ?? 0),
    doses,
    nextCursor: page.nextCursor,
  };
}

/** A person of the caller's jurisdiction: their status and every dose (audited). */
export async function personVaccination(db: DbOrTx, access: Access, origin: AuditOrigin, personId: string) {
  const [person] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, personId), scopeFor(access, persons)));
  if (!person) throw new AppError('NOT_FOUND');
  const [status] = await db.select().from(vaccinationStatus).where(eq(vaccinationStatus.personId, person.id));
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
}
