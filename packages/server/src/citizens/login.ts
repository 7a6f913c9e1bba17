/**
 * Citizens sign in with their phone number and a one-time code sent by SMS (through the outbox;
 * the demo inbox in demo mode). The start step answers the same whether or not the number is
 * known, after the same work, so it cannot be used to learn who is registered. Codes: 6 digits,
 * 5 minutes, 5 tries, stored as SHA-256; at most 3 codes per (source IP, number) and 10 per number
 * per 15 minutes, and the route's per-IP limit. The code proves the phone; the person it signs in
 * as comes from a verified binding (binding.ts), never from the records that carry the number.
 */
import { createHash, randomInt } from 'node:crypto';
import { AppError, normalizePhone, translate } from '@epilink/core';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { citizens, otpCodes, persons } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { bindPhone, matchStatedIdentity, verifiedBindings } from './binding.ts';
import { endCitizenSession, startCitizenSession } from './session.ts';

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

function parsePhone(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) {
    throw new AppError('INVALID_PHONE', {
      details: [{ path: 'body.phone', messageKey: 'errors.invalidPhone' }],
    });
  }
  return phone;
}

const phoneField = z.string().trim().min(6).max(20);

export const citizenLoginRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/me/login/start',
    summary: 'Citizen sign-in, step 1: send a one-time code to this phone number (if registered)',
    tags: ['citizen'],
    auth: { kind: 'public' },
    personalData: false,
    rateLimit: { max: 10, perSeconds: 60 },
    body: z.strictObject({ phone: phoneField }),
    successStatus: 202,
    response: z.object({ sent: z.literal(true), expiresInSeconds: z.number() }),
    async handler({ deps, body, lang, origin, ip }) {
      const phone = parsePhone(body.phone);
      // A phone's codes are budgeted per source (IP + phone), so one attacker cannot use up a
      // victim's allowance; a wider per-phone cap bounds the SMS one number can receive.
      if (deps.limits && !deps.limits.perPhoneSource.take(`${ip ?? '?'}|${phone}`))
        throw new AppError('RATE_LIMITED');
      if (deps.limits && !deps.limits.perPhone.take(phone)) throw new AppError('RATE_LIMITED');
      const { db } = deps.database;
      // The same work whether or not the number is registered: a code is drawn, hashed and stored
      // and the request audited either way; only a registered number gets the SMS.
      const registered = await phoneRegistered(db, phone);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await db.transaction(async (tx) => {
        // A new code replaces the previous ones.
        await tx
          .update(otpCodes)
          .set({ consumedAt: new Date() })
          .where(and(eq(otpCodes.phone, phone), isNull(otpCodes.consumedAt)));
        await tx.insert(otpCodes).values({
          phone,
          codeHash: hashOtp(phone, code),
          expiresAt: new Date(Date.now() + OTP_TTL_MS),
          // A code for a number nobody carries can never be used.
          ...(registered ? {} : { consumedAt: new Date() }),
        });
        if (registered) {
          await enqueueNotification(tx, {
            channel: 'sms',
            to: phone,
            subject: null,
            body: translate(lang, 'security.sms.otp', { code, minutes: OTP_TTL_MS / 60_000 }),
          });
        }
        await writeAudit(tx, systemAccess('citizen-login'), origin, {
          action: registered ? 'otp_sent' : 'otp_not_sent',
          entity: 'citizen',
        });
      });
      return { sent: true as const, expiresInSeconds: OTP_TTL_MS / 1000 };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/login/verify',
    summary: 'Citizen sign-in, step 2: the one-time code; starts a citizen session',
    tags: ['citizen'],
    auth: { kind: 'public' },
    personalData: false,
    ownTransaction: 'sign-in: a failed attempt is counted and audited although the request fails',
    rateLimit: { max: 20, perSeconds: 60 },
    body: z.strictObject({
      phone: phoneField,
      code: z
        .string()
        .trim()
        .regex(/^\d{6}$/u),
      /** First sign-in (or several records bound to one phone): who the holder is. */
      dateOfBirth: z.iso.date().optional(),
      idNumber: z.string().trim().min(6).max(20).optional(),
      fullName: z.string().trim().min(1).max(200).optional(),
    }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ deps, body, request, reply, origin }) {
      const phone = parsePhone(body.phone);
      const { db } = deps.database;
      const [otp] = await db
        .select()
        .from(otpCodes)
        .where(
          and(eq(otpCodes.phone, phone), isNull(otpCodes.consumedAt), gt(otpCodes.expiresAt, new Date())),
        )
        .orderBy(desc(otpCodes.createdAt))
        .limit(1);
      if (!otp || otp.attempts >= OTP_MAX_ATTEMPTS) throw new AppError('UNAUTHENTICATED');
      const fail = async (reason: string, error: AppError): Promise<never> => {
        await db
          .update(otpCodes)
          .set({ attempts: sql`${otpCodes.attempts} + 1` })
          .where(eq(otpCodes.id, otp.id));
        await writeAudit(db, systemAccess('citizen-login'), origin, {
          action: 'login_failed',
          entity: 'citizen',
          details: { reason },
        });
        throw error;
      };
      if (otp.codeHash !== hashOtp(phone, body.code))
        await fail('wrong_code', new AppError('UNAUTHENTICATED'));
      // The phone is proven; who the holder is comes from a verified binding, or from what they
      // state now matched against the record (a binding is then recorded). Never a guess.
      let personId: string | null = null;
      let newBinding = false;
      if (body.dateOfBirth !== undefined && (body.idNumber !== undefined || body.fullName !== undefined)) {
        personId = await matchStatedIdentity(db, phone, {
          dateOfBirth: body.dateOfBirth,
          idNumber: body.idNumber,
          fullName: body.fullName,
        });
        if (!personId) await fail('identity_mismatch', new AppError('CITIZEN_IDENTITY_MISMATCH'));
        newBinding = true;
      } else {
        const bound = await verifiedBindings(db, phone);
        // None yet, or several people bound to this phone: the holder must say who they are.
        if (bound.length !== 1) throw new AppError('CITIZEN_IDENTITY_REQUIRED');
        personId = bound[0]!.personId;
      }
      const person = personId!;
      await db.transaction(async (tx) => {
        await tx.update(otpCodes).set({ consumedAt: new Date() }).where(eq(otpCodes.id, otp.id));
        const citizenId = newBinding
          ? await bindPhone(tx, phone, person)
          : (await verifiedBindings(tx, phone)).find((b) => b.personId === person)!.citizenId;
        await tx.update(citizens).set({ lastSignInAt: new Date() }).where(eq(citizens.id, citizenId));
        await startCitizenSession(tx, citizenId, request, reply);
        const access = {
          actor: { kind: 'citizen' as const, citizenId, personId: person, personIds: [person] },
        };
        if (newBinding) {
          await writeAudit(tx, access, origin, {
            action: 'citizen_bound',
            entity: 'citizen',
            entityId: citizenId,
            personId: person,
            details: { method: 'identity' },
          });
        }
        await writeAudit(tx, access, origin, {
          action: 'login',
          entity: 'citizen',
          entityId: citizenId,
          personId: person,
        });
      });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/logout',
    summary: 'Citizen sign-out',
    tags: ['citizen'],
    auth: { kind: 'public' },
    personalData: false,
    response: null,
    successStatus: 204,
    async handler({ deps, request, reply }) {
      await endCitizenSession(deps.database.db, request, reply);
      return undefined;
    },
  }),
];
