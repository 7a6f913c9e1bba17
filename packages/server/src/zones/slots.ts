/**
 * Sampling sites, time slots and bookings of a campaign round (issue #16 item 7), on the testing
 * module's own sites and slots (`test_sites`, `test_sessions`; no second slot table): a round's
 * sites are its own site and the active sites placed in the zone's communes, its slots their
 * sessions starting within the round's days. A booking moves members' round registrations into a
 * slot: the slot's places are taken with one conditional UPDATE (`booked + n <= capacity`, the
 * row lock holding it under concurrency), the slots they leave get theirs back. Staff book a
 * person or their whole household (members of the round sharing their household); the person
 * books themselves from the signed link of their SMS invitation (public-booking.ts).
 */
import { AppError, addDays, localDayStart } from '@epilink/core';
import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { persons, testRegistrations, testSessions, testSites, zoneRoundMembers } from '../db/schema/index.ts';
import { siteInScope } from '../testing/scope.ts';
import { roundOf } from './campaign.ts';

/** What a booking needs of a round: its site, days and the zone's communes. */
export interface RoundWindow {
  round: { id: string; siteId: string; startsOn: string; endsOn: string };
  zone: { communeCodes: string[] };
}

const windowOf = (w: RoundWindow) => ({
  from: localDayStart(w.round.startsOn),
  to: localDayStart(addDays(w.round.endsOn, 1)),
});

/** The round's sites: its own and the active sites of the zone's communes, by name. */
export async function roundSites(db: DbOrTx, w: RoundWindow) {
  return db
    .select({
      id: testSites.id,
      name: testSites.name,
      address: testSites.address,
      communeCode: testSites.communeCode,
    })
    .from(testSites)
    .where(
      and(
        eq(testSites.active, true),
        or(eq(testSites.id, w.round.siteId), inArray(testSites.communeCode, w.zone.communeCodes)),
      ),
    )
    .orderBy(asc(testSites.name), asc(testSites.id));
}

/** The round's sites with their slots starting within its days (soonest first). */
export async function slotsOfWindow(db: DbOrTx, w: RoundWindow) {
  const sites = await roundSites(db, w);
  const { from, to } = windowOf(w);
  const sessions =
    sites.length === 0
      ? []
      : await db
          .select()
          .from(testSessions)
          .where(
            and(
              inArray(
                testSessions.siteId,
                sites.map((s) => s.id),
              ),
              gte(testSessions.startsAt, from),
              lt(testSessions.startsAt, to),
            ),
          )
          .orderBy(asc(testSessions.startsAt), asc(testSessions.id))
          .limit(2000);
  return sites.map((s) => ({
    ...s,
    sessions: sessions
      .filter((x) => x.siteId === s.id)
      .map((x) => ({
        id: x.id,
        startsAt: x.startsAt,
        endsAt: x.endsAt,
        capacity: x.capacity,
        booked: x.booked,
        free: Math.max(x.capacity - x.booked, 0),
      })),
  }));
}

/** A round's sites and slots for an official (zone in the caller's jurisdiction, else 404). */
export async function roundSlots(db: DbOrTx, access: Access, zoneId: string, roundId: string) {
  const w = await roundOf(db, access, zoneId, roundId);
  return { sites: await slotsOfWindow(db, w) };
}

function refused(path: string, messageKey: string, params?: Record<string, number>): AppError {
  return new AppError('VALIDATION_FAILED', {
    details: [{ path, messageKey, ...(params ? { params } : {}) }],
  });
}

const MAX_SLOTS = 96;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Input of {@link addRoundSlots}: a day's slots of `minutes` from `from` to `to` (local HH:MM). */
export interface SlotSeries {
  siteId: string;
  day: string;
  from: string;
  to: string;
  minutes: number;
  capacity: number;
}

/** Add a day's series of slots at one of the round's sites, in one statement, one audit row. */
export async function addRoundSlots(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  zoneId: string,
  roundId: string,
  input: SlotSeries,
) {
  const w = await roundOf(tx, access, zoneId, roundId);
  if (input.day < w.round.startsOn || input.day > w.round.endsOn)
    throw refused('day', 'campaigns.errors.dayOutside');
  const site = await siteInScope(tx, access, input.siteId);
  const allowed = await roundSites(tx, w);
  if (!allowed.some((s) => s.id === site.id)) throw refused('siteId', 'campaigns.errors.siteOutside');
  const start = minutesOf(input.from);
  const end = minutesOf(input.to);
  const count = Math.floor((end - start) / input.minutes);
  if (count < 1) throw refused('to', 'campaigns.errors.timeOrder');
  if (count > MAX_SLOTS) throw refused('to', 'campaigns.errors.tooMany', { max: MAX_SLOTS });
  const midnight = localDayStart(input.day).getTime();
  const starts = Array.from({ length: count }, (_, i) =>
    new Date(midnight + (start + i * input.minutes) * 60_000).toISOString(),
  );
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into test_sessions (site_id, starts_at, ends_at, capacity, province_code, district_code, commune_code)
        select ${site.id}::uuid, s, s + make_interval(mins => ${input.minutes}::int), ${input.capacity}::int,
          ${site.provinceCode}, ${site.districtCode}, ${site.communeCode}
        from unnest(${sql.param(starts)}::timestamptz[]) as x(s) returning id`,
  );
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'test_session',
    entityId: site.id,
    details: { roundId: w.round.id, day: input.day, slots: rows.length, capacity: input.capacity },
  });
  return { added: rows.length };
}

/** A member's round registration, as booked. */
export interface MemberRegistration {
  personId: string;
  registrationId: string;
  sessionId: string | null;
  status: string;
}

/**
 * Move the open registrations among `regs` into slot `sessionId` of the round's sites and days.
 * Those already in it stay; none open → TEST_REGISTRATION_CLOSED; not enough places →
 * TEST_SESSION_FULL (nothing changed); a slot that has ended → TEST_SESSION_PAST.
 */
export async function bookIntoSlot(
  tx: DbOrTx,
  w: RoundWindow,
  regs: MemberRegistration[],
  sessionId: string,
): Promise<{ moved: MemberRegistration[]; slot: { siteName: string; startsAt: Date; endsAt: Date } }> {
  const { from, to } = windowOf(w);
  const sites = await roundSites(tx, w);
  const [slot] = await tx
    .select({ s: testSessions, siteName: testSites.name })
    .from(testSessions)
    .innerJoin(testSites, eq(testSites.id, testSessions.siteId))
    .where(eq(testSessions.id, sessionId));
  if (!slot || !sites.some((s) => s.id === slot.s.siteId) || slot.s.startsAt < from || slot.s.startsAt >= to)
    throw new AppError('NOT_FOUND');
  const open = regs.filter((r) => r.status === 'booked');
  if (open.length === 0) throw new AppError('TEST_REGISTRATION_CLOSED');
  const moved = open.filter((r) => r.sessionId !== sessionId);
  const result = {
    moved,
    slot: { siteName: slot.siteName, startsAt: slot.s.startsAt, endsAt: slot.s.endsAt },
  };
  if (moved.length === 0) return result;
  if (slot.s.endsAt <= new Date()) throw new AppError('TEST_SESSION_PAST');
  const [taken] = await tx
    .update(testSessions)
    .set({ booked: sql`${testSessions.booked} + ${moved.length}` })
    .where(
      and(
        eq(testSessions.id, sessionId),
        sql`${testSessions.booked} + ${moved.length} <= ${testSessions.capacity}`,
        sql`${testSessions.endsAt} > now()`,
      ),
    )
    .returning({ siteId: testSessions.siteId });
  if (!taken) throw new AppError('TEST_SESSION_FULL');
  // The slots they leave get their places back (one statement for all of them).
  const left = new Map<string, number>();
  for (const r of moved) if (r.sessionId) left.set(r.sessionId, (left.get(r.sessionId) ?? 0) + 1);
  if (left.size > 0)
    await tx.execute(
      sql`update test_sessions s set booked = greatest(s.booked - x.c, 0)
          from unnest(${sql.param([...left.keys()])}::uuid[], ${sql.param([...left.values()])}::int[]) as x(id, c)
          where s.id = x.id`,
    );
  await tx
    .update(testRegistrations)
    .set({ sessionId, siteId: taken.siteId, updatedAt: new Date() })
    .where(
      inArray(
        testRegistrations.id,
        moved.map((r) => r.registrationId),
      ),
    );
  return result;
}

/**
 * Staff booking: a member of the round (or, with `household`, every member of the round sharing
 * their household) into a slot. Registrations outside the caller's jurisdiction are not seen
 * (404). One audit row per person booked.
 */
export async function bookMembers(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  zoneId: string,
  roundId: string,
  input: { personId: string; sessionId: string; household: boolean },
) {
  const w = await roundOf(tx, access, zoneId, roundId);
  const householdOf = sql`(select household_id from persons where id = ${input.personId}::uuid)`;
  const regs = await tx
    .select({
      personId: zoneRoundMembers.personId,
      registrationId: testRegistrations.id,
      sessionId: testRegistrations.sessionId,
      status: testRegistrations.status,
    })
    .from(zoneRoundMembers)
    .innerJoin(testRegistrations, eq(testRegistrations.id, zoneRoundMembers.registrationId))
    .innerJoin(persons, eq(persons.id, zoneRoundMembers.personId))
    .where(
      and(
        eq(zoneRoundMembers.roundId, w.round.id),
        scopeFor(access, testRegistrations),
        input.household
          ? or(eq(persons.id, input.personId), sql`${persons.householdId} = ${householdOf}`)
          : eq(persons.id, input.personId),
      ),
    )
    .for('update', { of: testRegistrations });
  if (!regs.some((r) => r.personId === input.personId)) throw new AppError('NOT_FOUND');
  const { moved, slot } = await bookIntoSlot(tx, w, regs, input.sessionId);
  if (moved.length > 0)
    await writeAudit(
      tx,
      access,
      origin,
      moved.map((r) => ({
        action: 'update' as const,
        entity: 'test_registration',
        entityId: r.registrationId,
        personId: r.personId,
        fields: ['session'],
        details: { roundId: w.round.id, sessionId: input.sessionId, household: input.household },
      })),
    );
  return { booked: moved.length, ...slot };
}
