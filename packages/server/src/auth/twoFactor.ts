/**
 * The second factor: enrolment (secret → QR code → first code confirms → recovery codes shown
 * once) and verification (a TOTP code or a recovery code). These are the only routes a session
 * pending its second factor may call; the session becomes active under a new token.
 */
import { AppError } from '@epilink/core';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.ts';
import { recoveryCodes, users } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { assertNotLocked, meSchema, presentMe, recordFailedAttempt, SIGN_IN_RATE_LIMIT } from './routes.ts';
import { authenticate, loadSessionUser, promoteSession } from './session.ts';
import type { Session } from './session.ts';
import { checkTotp, hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpEnrolment } from './totp.ts';
import type { HandlerArgs } from '../http/route.ts';

async function currentSession(args: Pick<HandlerArgs<unknown, unknown, unknown>, 'deps' | 'request'>) {
  const session = await authenticate(args.deps, args.request);
  if (!session) throw new AppError('UNAUTHENTICATED');
  return session;
}

const codeBody = z.strictObject({ code: z.string().trim().min(6).max(20) });

/** Finish sign-in: counter reset, pending session swapped for an active one, audit. */
async function completeSignIn(
  args: Pick<HandlerArgs<unknown, unknown, unknown>, 'deps' | 'request' | 'reply' | 'origin'>,
  session: Session,
  details: Record<string, unknown>,
  extra: (tx: Parameters<Parameters<typeof args.deps.database.db.transaction>[0]>[0]) => Promise<void>,
): Promise<void> {
  await args.deps.database.db.transaction(async (tx) => {
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

export const twoFactorRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/2fa/enrol',
    summary: 'Start TOTP enrolment: a new secret as an otpauth URI and a QR code',
    tags: ['auth'],
    auth: { kind: 'signingIn' },
    personalData: false,
    rateLimit: SIGN_IN_RATE_LIMIT,
    response: z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvgDataUrl: z.string() }),
    async handler(args) {
      const session = await currentSession(args);
      if (session.user.twoFactor.enrolled) throw new AppError('CONFLICT');
      if (session.stage === 'totp') throw new AppError('UNAUTHENTICATED');
      const secret = newTotpSecret();
      await args.deps.database.db
        .update(users)
        .set({ totpSecret: secret, totpLastStep: null })
        .where(and(eq(users.id, session.user.id), isNull(users.totpEnabledAt)));
      return { secret, ...(await totpEnrolment(secret, session.user.username)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/2fa/enrol/confirm',
    summary: 'Confirm TOTP enrolment with a first code; returns recovery codes (shown once)',
    tags: ['auth'],
    auth: { kind: 'signingIn' },
    personalData: false,
    ownTransaction: 'sign-in: a failed attempt is counted and audited although the request fails',
    rateLimit: SIGN_IN_RATE_LIMIT,
    body: codeBody,
    response: meSchema.extend({ recoveryCodes: z.array(z.string()) }),
    async handler(args) {
      const session = await currentSession(args);
      if (session.stage === 'totp' || session.user.twoFactor.enrolled) throw new AppError('CONFLICT');
      const { db } = args.deps.database;
      const [user] = await db.select().from(users).where(eq(users.id, session.user.id));
      if (!user?.totpSecret) throw new AppError('CONFLICT');
      assertNotLocked(user);
      const step = await checkTotp(user.totpSecret, args.body.code, null);
      if (step === null) {
        await recordFailedAttempt(db, user.id, args.origin, 'login_2fa_failed');
        throw new AppError('UNAUTHENTICATED');
      }
      const codes = newRecoveryCodes();
      await completeSignIn(args, session, { method: 'totp', enrolled: true }, async (tx) => {
        const won = await tx
          .update(users)
          .set({ totpEnabledAt: new Date(), totpLastStep: step, updatedAt: new Date() })
          .where(and(eq(users.id, user.id), isNull(users.totpEnabledAt)))
          .returning({ id: users.id });
        if (won.length === 0) throw new AppError('CONFLICT'); // a concurrent confirmation won
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
        await tx
          .insert(recoveryCodes)
          .values(codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })));
        await writeAudit(tx, session.access, args.origin, {
          action: 'totp_enrol',
          entity: 'user',
          entityId: user.id,
        });
      });
      const fresh = (await loadSessionUser(db, user.id))!;
      return { ...presentMe(fresh, 'active'), recoveryCodes: codes };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/2fa/verify',
    summary: 'Second sign-in step: a TOTP code from the authenticator app, or a recovery code',
    tags: ['auth'],
    auth: { kind: 'signingIn' },
    personalData: false,
    ownTransaction: 'sign-in: a failed attempt is counted and audited although the request fails',
    rateLimit: SIGN_IN_RATE_LIMIT,
    body: codeBody,
    response: meSchema,
    async handler(args) {
      const session = await currentSession(args);
      if (session.stage !== 'totp') throw new AppError('CONFLICT');
      const { db } = args.deps.database;
      const [user] = await db.select().from(users).where(eq(users.id, session.user.id));
      if (!user?.totpSecret || !user.totpEnabledAt) throw new AppError('CONFLICT');
      assertNotLocked(user);
      const code = args.body.code.replace(/\s/gu, '');
      if (/^\d{6}$/u.test(code)) {
        const step = await checkTotp(user.totpSecret, code, user.totpLastStep);
        if (step !== null) {
          await completeSignIn(args, session, { method: 'totp' }, async (tx) => {
            // Conditional: of two requests racing with one code, only the first moves the step on.
            const won = await tx
              .update(users)
              .set({ totpLastStep: step })
              .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
              .returning({ id: users.id });
            if (won.length === 0) throw new AppError('UNAUTHENTICATED');
          });
          return presentMe(session.user, 'active');
        }
      } else {
        const used = await db
          .update(recoveryCodes)
          .set({ usedAt: new Date() })
          .where(
            and(
              eq(recoveryCodes.userId, user.id),
              eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
              isNull(recoveryCodes.usedAt),
            ),
          )
          .returning({ id: recoveryCodes.id });
        if (used.length > 0) {
          await completeSignIn(args, session, { method: 'recovery_code' }, () => Promise.resolve());
          return presentMe(session.user, 'active');
        }
      }
      await recordFailedAttempt(db, user.id, args.origin, 'login_2fa_failed');
      throw new AppError('UNAUTHENTICATED');
    },
  }),
];
