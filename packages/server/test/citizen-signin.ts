/**
 * Signing a citizen in through the real flow in tests: the one-time code (read from the outbox, as
 * the SMS gateway would deliver it), then — at first sign-in — the holder's date of birth and ID
 * number (or name), as the citizen types them (issue #9 item 6: a phone binds to a person only
 * through that proof). `who` picks the record when several carry the phone (default: the oldest).
 */
import { normalizePhone } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { queryRows } from '../src/db/client.ts';
import type { TestApp } from './helpers.ts';

/** The newest one-time code sent by SMS to `phone` (from the outbox). */
export async function lastCodeSentTo(t: TestApp, raw: string): Promise<string> {
  const phone = normalizePhone(raw) ?? raw;
  const [msg] = await queryRows<{ body: string }>(
    t.database.db,
    sql`select payload->>'body' as body from outbox where topic = 'notification.send'
          and payload->>'to' = ${phone} order by id desc limit 1`,
  );
  if (!msg) throw new Error(`no code was sent to ${phone}`);
  return /\d{6}/u.exec(msg.body)![0];
}

/** What the person carrying `phone` would type to identify themselves (date of birth + ID or name). */
export async function statedIdentityOf(
  t: TestApp,
  raw: string,
  who?: string,
): Promise<{ dateOfBirth: string; idNumber?: string; fullName?: string }> {
  const phone = normalizePhone(raw) ?? raw;
  const [p] = await queryRows<{
    id: string;
    full_name: string;
    date_of_birth: string | null;
    id_number: string | null;
  }>(
    t.database.db,
    sql`select id, full_name, date_of_birth::text as date_of_birth, coalesce(cccd, cmnd, passport) as id_number
          from persons where phone = ${phone} and merged_into is null ${who ? sql`and id = ${who}` : sql``}
          order by date_of_birth asc nulls last, created_at, id limit 1`,
  );
  if (!p?.date_of_birth) throw new Error(`no record with a date of birth carries ${phone}`);
  return p.id_number
    ? { dateOfBirth: p.date_of_birth, idNumber: p.id_number }
    : { dateOfBirth: p.date_of_birth, fullName: p.full_name };
}

/** Start → code → verify (stating the identity); the verify response (200 with the session cookie). */
export async function citizenSignIn(
  t: TestApp,
  phone: string,
  who?: string,
): Promise<LightMyRequestResponse> {
  const start = await t.app.inject({ method: 'POST', url: '/api/me/login/start', payload: { phone } });
  if (start.statusCode !== 202) throw new Error(`citizen sign-in start failed: ${start.body}`);
  const code = await lastCodeSentTo(t, phone);
  return t.app.inject({
    method: 'POST',
    url: '/api/me/login/verify',
    payload: { phone, code, ...(await statedIdentityOf(t, phone, who)) },
  });
}
