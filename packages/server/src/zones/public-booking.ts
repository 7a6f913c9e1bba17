/**
 * One-tap booking from the SMS invitation (issue #16 item 7): the link carries a member's round
 * registration, signed (quarantine/links.ts `bookingToken`); without sign-in it shows the campaign's
 * name and days, the person's current slot and the round's coming slots with places, and books the
 * one tapped. No name, phone or address is shown (the link may be forwarded); a forged or unknown
 * link is 404.
 */
import { AppError } from '@epilink/core';
import { asc, eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  testRegistrations,
  testSessions,
  testSites,
  zoneRoundMembers,
  zoneRounds,
  zoneUnits,
  zones,
} from '../db/schema/index.ts';
import { bookIntoSlot, slotsOfWindow } from './slots.ts';
import type { RoundWindow } from './slots.ts';

async function memberOf(tx: DbOrTx, registrationId: string, lock: boolean) {
  const q = tx
    .select({
      personId: testRegistrations.personId,
      registrationId: testRegistrations.id,
      sessionId: testRegistrations.sessionId,
      status: testRegistrations.status,
      round: zoneRounds,
      zoneName: zones.name,
      zoneStatus: zones.status,
    })
    .from(testRegistrations)
    .innerJoin(zoneRoundMembers, eq(zoneRoundMembers.registrationId, testRegistrations.id))
    .innerJoin(zoneRounds, eq(zoneRounds.id, zoneRoundMembers.roundId))
    .innerJoin(zones, eq(zones.id, zoneRounds.zoneId))
    .where(eq(testRegistrations.id, registrationId));
  const [m] = lock ? await q.for('update', { of: testRegistrations }) : await q;
  if (!m) throw new AppError('NOT_FOUND');
  const units = await tx
    .select({ communeCode: zoneUnits.communeCode })
    .from(zoneUnits)
    .where(eq(zoneUnits.zoneId, m.round.zoneId))
    .orderBy(asc(zoneUnits.communeCode));
  const w: RoundWindow = { round: m.round, zone: { communeCodes: units.map((u) => u.communeCode) } };
  return { m, w };
}

/** What the booking page shows behind a link. */
export async function bookingContext(tx: DbOrTx, registrationId: string, now: Date) {
  const { m, w } = await memberOf(tx, registrationId, false);
  const [current] = m.sessionId
    ? await tx
        .select({ siteName: testSites.name, startsAt: testSessions.startsAt, endsAt: testSessions.endsAt })
        .from(testSessions)
        .innerJoin(testSites, eq(testSites.id, testSessions.siteId))
        .where(eq(testSessions.id, m.sessionId))
    : [];
  const open = m.status === 'booked' && m.zoneStatus === 'active';
  const sites = open
    ? (await slotsOfWindow(tx, w))
        .map(({ communeCode: _c, ...s }) => ({
          ...s,
          sessions: s.sessions
            .filter((x) => x.endsAt > now && (x.free > 0 || x.id === m.sessionId))
            .map(({ id, startsAt, endsAt, free }) => ({ id, startsAt, endsAt, free })),
        }))
        .filter((s) => s.sessions.length > 0)
    : [];
  return {
    zoneName: m.zoneName,
    startsOn: m.round.startsOn,
    endsOn: m.round.endsOn,
    open,
    current: current ? { ...current, sessionId: m.sessionId } : null,
    sites,
  };
}

/** Book the link's registration into a slot of its round (audited as the anonymous link holder). */
export async function bookByLink(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  registrationId: string,
  sessionId: string,
) {
  const { m, w } = await memberOf(tx, registrationId, true);
  if (m.zoneStatus !== 'active') throw new AppError('TEST_REGISTRATION_CLOSED');
  const { moved, slot } = await bookIntoSlot(tx, w, [m], sessionId);
  if (moved.length > 0)
    await writeAudit(tx, access, origin, {
      action: 'update',
      entity: 'test_registration',
      entityId: m.registrationId,
      personId: m.personId,
      fields: ['session'],
      details: { roundId: w.round.id, sessionId, via: 'bookingLink' },
    });
  return slot;
}
