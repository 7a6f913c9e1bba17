/**
 * Citizens sign in with their phone number and a one-time code sent by SMS (through the outbox;
 * the demo inbox in demo mode). The start step answers the same whether or not the number is
 * known, after the same work, so it cannot be used to learn who is registered. Codes: 6 digits,
 * 5 minutes, 5 tries, stored as SHA-256; at most 3 codes per (source IP, number) and 10 per number
 * per 15 minutes, and the route's per-IP limit. The code proves the phone; the person it signs in
 * as comes from a verified binding (binding.ts), never from the records that carry the number.
 */
import { randomInt } from 'node:crypto';
import { AppError, normalizePhone, translate } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { matchStatedIdentity, verifiedBindings } from './binding.ts';
import {
  completeCitizenSignIn,
  countOtpFailure,
  issueOtp,
  liveOtp,
  OTP_TTL_MS,
  otpMatches,
  phoneRegistered,
} from './otp.ts';
import { endCitizenSession } from './session.ts';

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
    async handler({ deps, tx, body, lang, origin, ip }) {
      const phone = parsePhone(body.phone);
      // A phone's codes are budgeted per source (IP + phone), so one attacker cannot use up a
      // victim's allowance; a wider per-phone cap bounds the SMS one number can receive.
      if (deps.limits && !deps.limits.perPhoneSource.take(`${ip ?? '?'}|${phone}`))
        throw new AppError('RATE_LIMITED');
      if (deps.limits && !deps.limits.perPhone.take(phone)) throw new AppError('RATE_LIMITED');
      // The same work whether or not the number is registered: a code is drawn, hashed and stored
      // and the request audited either way (in the chain's transaction); only a registered number
      // gets the SMS.
      const registered = await phoneRegistered(tx, phone);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const sms = translate(lang, 'security.sms.otp', { code, minutes: OTP_TTL_MS / 60_000 });
      await issueOtp(tx, origin, phone, code, registered ? sms : null);
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
      // No caller yet: the code, the bindings and the session are the sign-in's own business.
      const { db } = deps.system('citizen sign-in: one-time code, phone binding, session (no access yet)');
      const otp = await liveOtp(db, phone);
      if (!otp) throw new AppError('UNAUTHENTICATED');
      const fail = async (reason: string, error: AppError): Promise<never> => {
        await countOtpFailure(db, origin, otp.id, reason);
        throw error;
      };
      if (!otpMatches(otp, phone, body.code)) await fail('wrong_code', new AppError('UNAUTHENTICATED'));
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
      await completeCitizenSignIn(
        db,
        { request, reply, origin },
        { otpId: otp.id, phone, personId: personId!, newBinding },
      );
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
    async handler({ tx, request, reply }) {
      await endCitizenSession(tx, request, reply);
      return undefined;
    },
  }),
];
