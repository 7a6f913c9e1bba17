/**
 * The phone → person binding of citizen sign-in (issue #9 item 6). Holding a phone's one-time code
 * proves the phone, not who the holder is: any official can type that number into a record. So a
 * citizen signs in as a person only through a VERIFIED binding (`citizens.verified_at`), created
 * when the phone holder matched that record's date of birth and ID number (CCCD, CMND or passport;
 * the full name for a record that has none). Several records with one number: the citizen says
 * which one is theirs by the same proof; the server never picks "the oldest/newest with this phone".
 */
import { foldText } from '@epilink/core';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { citizens, persons } from '../db/schema/index.ts';
import { resolvePersonId } from '../registry/persons/repository.ts';

/** What the phone holder states about themselves at first sign-in. */
export interface StatedIdentity {
  dateOfBirth: string;
  idNumber?: string | undefined;
  fullName?: string | undefined;
}

/** The verified bindings of a phone number (citizen id → the live person it binds to). */
export async function verifiedBindings(
  db: DbOrTx,
  phone: string,
): Promise<{ citizenId: string; personId: string }[]> {
  const rows = await db
    .select({ citizenId: citizens.id, personId: citizens.personId })
    .from(citizens)
    .where(and(eq(citizens.phone, phone), isNotNull(citizens.verifiedAt)));
  const out: { citizenId: string; personId: string }[] = [];
  for (const r of rows) {
    // A merged record's binding follows its survivor.
    const live = await resolvePersonId(db, r.personId);
    if (live) out.push({ citizenId: r.citizenId, personId: live.id });
  }
  return out;
}

function idOf(raw: string): string {
  return raw.replace(/[\s.-]/gu, '').toUpperCase();
}

/**
 * The one active record carrying this phone whose date of birth and ID number (or, when it has
 * no ID number, full name) match what the holder stated; null when none or several match.
 */
export async function matchStatedIdentity(
  db: DbOrTx,
  phone: string,
  stated: StatedIdentity,
): Promise<string | null> {
  const rows = await db
    .select({
      id: persons.id,
      fullName: persons.fullName,
      cccd: persons.cccd,
      cmnd: persons.cmnd,
      passport: persons.passport,
    })
    .from(persons)
    .where(
      and(eq(persons.phone, phone), eq(persons.dateOfBirth, stated.dateOfBirth), isNull(persons.mergedInto)),
    );
  const matches = rows.filter((p) => {
    const ids = [p.cccd, p.cmnd, p.passport].filter((x): x is string => !!x).map(idOf);
    if (ids.length > 0) return stated.idNumber !== undefined && ids.includes(idOf(stated.idNumber));
    return stated.fullName !== undefined && foldText(stated.fullName) === foldText(p.fullName);
  });
  return matches.length === 1 ? matches[0]!.id : null;
}

/** Record (or re-verify) the binding of `phone` to `personId`; returns the citizen id. */
export async function bindPhone(tx: DbOrTx, phone: string, personId: string): Promise<string> {
  const now = new Date();
  const [row] = await tx
    .insert(citizens)
    .values({ phone, personId, verifiedAt: now, verifiedBy: 'identity' })
    .onConflictDoUpdate({
      target: [citizens.phone, citizens.personId],
      set: { verifiedAt: now, verifiedBy: 'identity' },
    })
    .returning({ id: citizens.id });
  return row!.id;
}
