/**
 * Citizens sign in with their phone number and a one-time code sent by SMS (through the outbox;
 * the demo inbox in demo mode). The start step answers the same whether or not the number is
 * known, so it cannot be used to learn who is registered. Codes: 6 digits, 5 minutes, 5 tries,
 * stored as SHA-256; at most 3 codes per number per 15 minutes, and the route's per-IP limit.
 */
import { createHash, randomInt } from 'node:crypto';
import { AppError, normalizePhone, translate } from '@epilink/core';
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { citizens, otpCodes, persons } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { endCitizenSession, startCitizenSession } from './session.ts';

export const OTP_TTL_MS = 5 * 60 * 1000;
export const OTP_MAX_ATTEMPTS = 5;

function hashOtp(phone: string, code: string): string {
  return createHash('sha256').update(`otp:${phone}:${code}`).digest('hex');
}

/** The person a phone number signs in as: the oldest active record with that number. */
export async function personForPhone(db: DbOrTx, phone: string): Promise<string | null> {
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.phone, phone), isNull(persons.mergedInto)))
    .orderBy(sql`${persons.dateOfBirth} asc nulls last`, asc(persons.createdAt), asc(persons.id))
    .limit(1);
  return row?.id ?? null;
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
    async handler({ deps, body, lang, origin }) {
      const phone = parsePhone(body.phone);
      if (deps.limits && !deps.limits.perPhone.take(phone)) throw new AppError('RATE_LIMITED');
      const { db } = deps.database;
      const personId = await personForPhone(db, phone);
      if (personId) {
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
          });
          await enqueueNotification(tx, {
            channel: 'sms',
            to: phone,
            subject: null,
            body: translate(lang, 'security.sms.otp', { code, minutes: OTP_TTL_MS / 60_000 }),
          });
          await writeAudit(tx, systemAccess('citizen-login'), origin, {
            action: 'otp_sent',
            entity: 'person',
            entityId: personId,
            personId,
          });
        });
      }
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
    rateLimit: { max: 20, perSeconds: 60 },
    body: z.strictObject({
      phone: phoneField,
      code: z
        .string()
        .trim()
        .regex(/^\d{6}$/u),
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
      if (otp.codeHash !== hashOtp(phone, body.code)) {
        await db
          .update(otpCodes)
          .set({ attempts: sql`${otpCodes.attempts} + 1` })
          .where(eq(otpCodes.id, otp.id));
        await writeAudit(db, systemAccess('citizen-login'), origin, {
          action: 'login_failed',
          entity: 'citizen',
          details: { reason: 'wrong_code' },
        });
        throw new AppError('UNAUTHENTICATED');
      }
      const personId = await personForPhone(db, phone);
      if (!personId) throw new AppError('UNAUTHENTICATED');
      await db.transaction(async (tx) => {
        await tx.update(otpCodes).set({ consumedAt: new Date() }).where(eq(otpCodes.id, otp.id));
        const [existing] = await tx
          .select({ id: citizens.id })
          .from(citizens)
          .where(and(eq(citizens.phone, phone), eq(citizens.personId, personId)));
        const citizenId =
          existing?.id ??
          (await tx.insert(citizens).values({ phone, personId }).returning({ id: citizens.id }))[0]!.id;
        await tx.update(citizens).set({ lastSignInAt: new Date() }).where(eq(citizens.id, citizenId));
        await startCitizenSession(tx, citizenId, request, reply);
        await writeAudit(
          tx,
          { actor: { kind: 'citizen', citizenId, personId, personIds: [personId] } },
          origin,
          { action: 'login', entity: 'citizen', entityId: citizenId, personId },
        );
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
