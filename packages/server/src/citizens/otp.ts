/**
 * The one-time codes of citizen sign-in and the sign-in itself (the services behind login.ts):
 * codes are 6 digits, valid OTP_TTL_MS, OTP_MAX_ATTEMPTS tries, stored as SHA-256 of phone and
 * code; a new code replaces the previous ones.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../access/context.ts';
import { systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { citizens, otpCodes, persons } from '../db/schema/index.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { bindPhone, verifiedBindings } from './binding.ts';
import { startCitizenSession } from './session.ts';

export const OTP_TTL_MS = 5 * 60 * 1000;
export const OTP_MAX_ATTEMPTS = 5;

function hashOtp(phone: string, code: string): string {
  return createHash('sha256').update(`otp:${phone}:${code}`).digest('hex');
}

/** True when at least one active person record carries this phone number. */
export async function phoneRegistered(db: DbOrTx, phone: string): Promise<boolean> {
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.phone, phone), isNull(persons.mergedInto)))
    .limit(1);
  return row !== undefined;
}

/**
 * Store a new code for the phone (replacing the previous ones) and audit the request; `sms` is
 * the text to send, only when the number is registered. A code for a number nobody carries is
 * stored already used, so the work is the same and the code can never be used.
 */
export async function issueOtp(
  tx: DbOrTx,
  origin: AuditOrigin,
  phone: string,
  code: string,
  sms: string | null,
): Promise<void> {
  await tx
    .update(otpCodes)
    .set({ consumedAt: new Date() })
    .where(and(eq(otpCodes.phone, phone), isNull(otpCodes.consumedAt)));
  await tx.insert(otpCodes).values({
    phone,
    codeHash: hashOtp(phone, code),
    expiresAt: new Date(Date.now() + OTP_TTL_MS),
    ...(sms !== null ? {} : { consumedAt: new Date() }),
  });
  if (sms !== null) await enqueueNotification(tx, { channel: 'sms', to: phone, subject: null, body: sms });
  await writeAudit(tx, systemAccess('citizen-login'), origin, {
    action: sms !== null ? 'otp_sent' : 'otp_not_sent',
    entity: 'citizen',
  });
}

/** The phone's live code (unused, unexpired, tries left), or null. */
export async function liveOtp(db: DbOrTx, phone: string): Promise<{ id: string; codeHash: string } | null> {
  const [otp] = await db
    .select()
    .from(otpCodes)
    .where(and(eq(otpCodes.phone, phone), isNull(otpCodes.consumedAt), gt(otpCodes.expiresAt, new Date())))
    .orderBy(desc(otpCodes.createdAt))
    .limit(1);
  if (!otp || otp.attempts >= OTP_MAX_ATTEMPTS) return null;
  return { id: otp.id, codeHash: otp.codeHash };
}

/** True when `code` is the live code `otp` of this phone. */
export function otpMatches(otp: { codeHash: string }, phone: string, code: string): boolean {
  return otp.codeHash === hashOtp(phone, code);
}

/** Count a failed try of the code and audit it (committed although the request fails). */
export async function countOtpFailure(
  db: DbOrTx,
  origin: AuditOrigin,
  otpId: string,
  reason: string,
): Promise<void> {
  await db
    .update(otpCodes)
    .set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(eq(otpCodes.id, otpId));
  await writeAudit(db, systemAccess('citizen-login'), origin, {
    action: 'login_failed',
    entity: 'citizen',
    details: { reason },
  });
}

/**
 * Finish a citizen's sign-in in one transaction: the code is used up, the binding recorded when
 * it is new (audited `citizen_bound`), the session started and the sign-in audited.
 */
export async function completeCitizenSignIn(
  db: DbOrTx,
  args: { request: FastifyRequest; reply: FastifyReply; origin: AuditOrigin },
  signIn: { otpId: string; phone: string; personId: string; newBinding: boolean },
): Promise<void> {
  const { phone, personId: person, newBinding } = signIn;
  await db.transaction(async (tx) => {
    await tx.update(otpCodes).set({ consumedAt: new Date() }).where(eq(otpCodes.id, signIn.otpId));
    const citizenId = newBinding
      ? await bindPhone(tx, phone, person)
      : (await verifiedBindings(tx, phone)).find((b) => b.personId === person)!.citizenId;
    await tx.update(citizens).set({ lastSignInAt: new Date() }).where(eq(citizens.id, citizenId));
    await startCitizenSession(tx, citizenId, args.request, args.reply);
    const access: Access = {
      actor: { kind: 'citizen' as const, citizenId, personId: person, personIds: [person] },
    };
    if (newBinding) {
      await writeAudit(tx, access, args.origin, {
        action: 'citizen_bound',
        entity: 'citizen',
        entityId: citizenId,
        personId: person,
        details: { method: 'identity' },
      });
    }
    await writeAudit(tx, access, args.origin, {
      action: 'login',
      entity: 'citizen',
      entityId: citizenId,
      personId: person,
    });
  });
}
