/**
 * The second factor: enrolment (secret → QR code → first code confirms → recovery codes shown
 * once) and verification (a TOTP code or a recovery code). These are the only routes a session
 * pending its second factor may call; the session becomes active under a new token. An account
 * given an enrolment code by its administrator binds an authenticator only with that code
 * (enrolment.ts).
 */
import { AppError } from '@epilink/core';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.ts';
import { defineRoute } from '../http/route.ts';
import type { HandlerArgs } from '../http/route.ts';
import { enrolmentAllowed } from './enrolment.ts';
import { assertNotLocked, meSchema, presentMe, SIGN_IN_RATE_LIMIT } from './routes.ts';
import {
  advanceTotpStep,
  confirmEnrolment,
  finishSecondFactor,
  setPendingSecret,
  useRecoveryCode,
} from './secondFactor.ts';
import { authenticate, loadSessionUser } from './session.ts';
import { recordFailedAttempt, userById } from './signIn.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, totpEnrolment } from './totp.ts';

type Args = Pick<HandlerArgs<unknown, unknown, unknown>, 'deps' | 'request'>;

async function currentSession(args: Args) {
  const session = await authenticate(args.deps, args.request);
  if (!session) throw new AppError('UNAUTHENTICATED');
  return session;
}

/** The second factor runs before the session is active: its database work is the sign-in's own. */
function signInDb(args: Args) {
  return args.deps.system('second factor: the signing-in account, its codes and session (no access yet)').db;
}

const codeBody = z.strictObject({ code: z.string().trim().min(6).max(20) });

export const twoFactorRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/2fa/enrol',
    summary:
      'Start TOTP enrolment: a new secret as an otpauth URI and a QR code (with the enrolment code the administrator gave, when one was issued)',
    tags: ['auth'],
    auth: { kind: 'signingIn' },
    personalData: false,
    ownTransaction: 'sign-in: a wrong enrolment code is counted and audited although the request fails',
    rateLimit: SIGN_IN_RATE_LIMIT,
    body: z.strictObject({ enrolmentCode: z.string().trim().min(1).max(40).optional() }),
    response: z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvgDataUrl: z.string() }),
    async handler(args) {
      const session = await currentSession(args);
      if (session.user.twoFactor.enrolled) throw new AppError('CONFLICT');
      if (session.stage === 'totp') throw new AppError('UNAUTHENTICATED');
      const db = signInDb(args);
      const user = await userById(db, session.user.id);
      if (!user) throw new AppError('UNAUTHENTICATED');
      assertNotLocked(user);
      const given = args.body.enrolmentCode;
      if (!enrolmentAllowed(user, given)) {
        // Asking without a code only learns that one is needed; a wrong code is a failed attempt.
        if (given !== undefined) await recordFailedAttempt(db, user.id, args.origin, 'login_2fa_failed');
        throw new AppError('ENROLMENT_CODE_REQUIRED');
      }
      const secret = newTotpSecret();
      await setPendingSecret(db, user.id, secret);
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
      const db = signInDb(args);
      const user = await userById(db, session.user.id);
      if (!user?.totpSecret) throw new AppError('CONFLICT');
      assertNotLocked(user);
      const step = await checkTotp(user.totpSecret, args.body.code, null);
      if (step === null) {
        await recordFailedAttempt(db, user.id, args.origin, 'login_2fa_failed');
        throw new AppError('UNAUTHENTICATED');
      }
      const codes = newRecoveryCodes();
      await finishSecondFactor(db, args, session, { method: 'totp', enrolled: true }, async (tx) => {
        // Conditional: of two confirmations racing, one wins.
        if (!(await confirmEnrolment(tx, user.id, step, codes))) throw new AppError('CONFLICT');
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
      const db = signInDb(args);
      const user = await userById(db, session.user.id);
      if (!user?.totpSecret || !user.totpEnabledAt) throw new AppError('CONFLICT');
      assertNotLocked(user);
      const code = args.body.code.replace(/\s/gu, '');
      if (/^\d{6}$/u.test(code)) {
        const step = await checkTotp(user.totpSecret, code, user.totpLastStep);
        if (step !== null) {
          await finishSecondFactor(db, args, session, { method: 'totp' }, async (tx) => {
            // Conditional: of two requests racing with one code, only the first moves the step on.
            if (!(await advanceTotpStep(tx, user.id, step))) throw new AppError('UNAUTHENTICATED');
          });
          return presentMe(session.user, 'active');
        }
      } else if (await useRecoveryCode(db, user.id, code)) {
        await finishSecondFactor(db, args, session, { method: 'recovery_code' }, () => Promise.resolve());
        return presentMe(session.user, 'active');
      }
      await recordFailedAttempt(db, user.id, args.origin, 'login_2fa_failed');
      throw new AppError('UNAUTHENTICATED');
    },
  }),
];
