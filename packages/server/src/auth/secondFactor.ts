/**
 * The database work of the second factor (the services behind twoFactor.ts): the pending secret,
 * the enrolment's confirmation, the TOTP step moved on once per code, recovery codes, and the
 * completed sign-in.
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { recoveryCodes, users } from '../db/schema/index.ts';
import { promoteSession } from './session.ts';
import type { Session } from './session.ts';
import { hashRecoveryCode } from './totp.ts';

/** Store the secret being enrolled (only while the account has none confirmed). */
export async function setPendingSecret(db: DbOrTx, userId: string, secret: string): Promise<void> {
  await db
    .update(users)
    .set({ totpSecret: secret, totpLastStep: null })
    .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)));
}

/**
 * Confirm the enrolment with the code's time step and store the recovery codes; the enrolment
 * code is used up. False when a concurrent confirmation won (conditional update).
 */
export async function confirmEnrolment(
  tx: DbOrTx,
  userId: string,
  step: number,
  codes: readonly string[],
): Promise<boolean> {
  const won = await tx
    .update(users)
    .set({
      totpEnabledAt: new Date(),
      totpLastStep: step,
      enrolmentCodeHash: null,
      enrolmentCodeExpiresAt: null,
      updatedAt: new Date(),
    })
    .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)))
    .returning({ id: users.id });
  if (won.length === 0) return false;
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
  return true;
}

/** Move the TOTP step on; false when this step (or a later one) was already used (replay, race). */
export async function advanceTotpStep(tx: DbOrTx, userId: string, step: number): Promise<boolean> {
  const won = await tx
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return won.length > 0;
}

/** Use up a recovery code; false when it is not one of the account's unused codes. */
export async function useRecoveryCode(db: DbOrTx, userId: string, code: string): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
}

/** Finish sign-in in one transaction: `extra`, counters reset, session promoted, audited. */
export async function finishSecondFactor(
  db: DbOrTx,
  args: { request: FastifyRequest; reply: FastifyReply; origin: AuditOrigin },
  session: Session,
  details: Record<string, unknown>,
  extra: (tx: Tx) => Promise<void>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await extra(tx);
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, session.user.id));
    if (session.stage !== 'active') await promoteSession(tx, session, args.reply, args.request);
    await writeAudit(tx, session.access, args.origin, {
      action: 'login_2fa',
      entity: 'user',
      entityId: session.user.id,
      details,
    });
  });
}
