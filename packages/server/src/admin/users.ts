/**
 * Account administration: administrators list, create and change officials' accounts inside
 * their own jurisdiction only, granting only the roles they may grant (core `canManageAccount`).
 * An account outside the caller's jurisdiction is not found. Every change is audited; role
 * changes, deactivation and resets end the account's sessions.
 */
import { AppError, canManageAccount, requiresTwoFactor, ROLES } from '@epilink/core';
import type { Role } from '@epilink/core';
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import { issueEnrolmentCode } from '../auth/enrolment.ts';
import { hashPassword } from '../auth/passwords.ts';
import {
  checkPasswordStrength,
  createUser,
  facilityJurisdiction,
  resolveJurisdiction,
} from '../auth/users.ts';
import type { ResolvedJurisdiction } from '../auth/users.ts';
import type { DbOrTx } from '../db/client.ts';
import type { users } from '../db/schema/index.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { revokeUserSessions } from '../auth/session.ts';
import {
  accountById,
  findManagedUser,
  listAccounts,
  resetPassword,
  resetTwoFactor,
  securityNotice,
  setAccountEmail,
  updateAccount,
} from './accounts.ts';

export { findManagedUser } from './accounts.ts';

const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.string(),
  jurisdictionCode: z.string(),
  facilityId: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  twoFactorEnrolled: z.boolean(),
  createdAt: z.date(),
});

function present(u: typeof users.$inferSelect): z.input<typeof accountSchema> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    jurisdictionCode: u.jurisdictionCode,
    facilityId: u.facilityId,
    active: u.active,
    locked: u.lockedUntil !== null && u.lockedUntil > new Date(),
    twoFactorEnrolled: u.totpEnabledAt !== null,
    createdAt: u.createdAt,
  };
}

/** The acting administrator (only officials manage accounts). */
function adminOf(access: Access) {
  const { actor } = access;
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
  return actor;
}

/** Throw FORBIDDEN unless the actor may hold an account with this role at this jurisdiction. */
function assertManageable(access: Access, role: Role, jurisdiction: ResolvedJurisdiction): void {
  if (!canManageAccount(adminOf(access), { role, jurisdiction })) throw new AppError('FORBIDDEN');
}

/**
 * The one-time enrolment code of an account that must bind an authenticator (issue #9, low): shown
 * to the administrator once, to hand over apart from the password. Null when the account does not
 * use two-factor sign-in or has an authenticator already.
 */
const enrolmentSchema = z.object({ code: z.string(), expiresAt: z.date(), link: z.string() }).nullable();

async function enrolmentFor(
  tx: DbOrTx,
  account: { id: string; role: Role; totpEnabledAt: Date | null },
  jurisdiction: ResolvedJurisdiction,
): Promise<z.input<typeof enrolmentSchema>> {
  if (account.totpEnabledAt !== null || !requiresTwoFactor(account.role, jurisdiction.level)) return null;
  const { code, expiresAt } = await issueEnrolmentCode(tx, account.id);
  return { code, expiresAt, link: `/login?enrol=${encodeURIComponent(code)}` };
}

const usernameField = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{2,49}$/u);
const idParams = z.strictObject({ id: z.uuid() });

export const adminUserRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/users',
    summary: 'Accounts inside my jurisdiction',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    // No name filter in the URL (it would sit in proxy logs and browser history): the page lists
    // the jurisdiction's accounts and filters them on screen.
    query: z.strictObject({
      role: z.enum(ROLES).optional(),
      ...pageQuery(100, 500),
    }),
    response: z.object({ items: z.array(accountSchema), nextCursor: nextCursorSchema }),
    async handler({ tx, access, query }) {
      const page = await listAccounts(tx, access, query);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/users',
    summary: 'Create an account inside my jurisdiction with a role I may grant',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    body: z.strictObject({
      username: usernameField,
      displayName: z.string().trim().min(1).max(200),
      email: z.email().max(200).nullable().optional(),
      password: z.string().min(1).max(200),
      role: z.enum(ROLES),
      jurisdictionCode: z.string().max(10).optional(),
      facilityId: z.uuid().nullable().optional(),
    }),
    successStatus: 201,
    response: z.object({ user: accountSchema, enrolment: enrolmentSchema }),
    async handler({ tx, access, body, audit }) {
      checkPasswordStrength(body.password);
      if (!body.facilityId && !body.jurisdictionCode) throw new AppError('VALIDATION_FAILED');
      const j = body.facilityId
        ? await facilityJurisdiction(tx, body.facilityId)
        : await resolveJurisdiction(tx, body.jurisdictionCode!);
      assertManageable(access, body.role, j);
      const id = await createUser(tx, {
        username: body.username,
        displayName: body.displayName,
        password: body.password,
        role: body.role,
        jurisdictionCode: j.code,
        facilityId: body.facilityId ?? null,
        createdBy: adminOf(access).userId,
      });
      if (body.email) await setAccountEmail(tx, id, body.email);
      const enrolment = await enrolmentFor(tx, { id, role: body.role, totpEnabledAt: null }, j);
      await audit({
        action: 'user_create',
        entity: 'user',
        entityId: id,
        fields: ['username', 'displayName', 'role', 'jurisdiction', ...(body.email ? ['email'] : [])],
        details: { role: body.role, jurisdiction: j.code, enrolmentCode: enrolment !== null },
      });
      return { user: present(await accountById(tx, id)), enrolment };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/admin/users/:id',
    summary: 'Change an account: name, e-mail, role, jurisdiction, active',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    params: idParams,
    body: z.strictObject({
      displayName: z.string().trim().min(1).max(200).optional(),
      email: z.email().max(200).nullable().optional(),
      role: z.enum(ROLES).optional(),
      jurisdictionCode: z.string().max(10).optional(),
      active: z.boolean().optional(),
    }),
    response: z.object({ user: accountSchema }),
    async handler({ tx, access, params, body, audit }) {
      const target = await findManagedUser(tx, access, params.id);
      const admin = adminOf(access);
      const current = await resolveJurisdiction(tx, target.jurisdictionCode);
      assertManageable(access, target.role, current);
      const role = body.role ?? target.role;
      const next = body.jurisdictionCode ? await resolveJurisdiction(tx, body.jurisdictionCode) : current;
      assertManageable(access, role, next);
      const selfChange = target.id === admin.userId;
      if (selfChange && (body.role !== undefined || body.active === false || body.jurisdictionCode)) {
        throw new AppError('FORBIDDEN'); // nobody changes their own role or locks themselves out
      }
      const changed = Object.entries(body)
        .filter(([k, v]) => v !== undefined && v !== (target as Record<string, unknown>)[k])
        .map(([k]) => k);
      const row = await updateAccount(tx, target.id, {
        displayName: body.displayName ?? target.displayName,
        email: body.email === undefined ? target.email : body.email,
        role,
        jurisdiction: next,
        active: body.active ?? target.active,
      });
      const roleChanged = role !== target.role || next.code !== target.jurisdictionCode;
      if (roleChanged || body.active === false) await revokeUserSessions(tx, target.id);
      const entries = [];
      if (roleChanged)
        entries.push({
          action: 'role_change' as const,
          entity: 'user',
          entityId: target.id,
          fields: ['role', 'jurisdiction'],
          details: {
            from: { role: target.role, jurisdiction: target.jurisdictionCode },
            to: { role, jurisdiction: next.code },
          },
        });
      if (body.active !== undefined && body.active !== target.active)
        entries.push({
          action: body.active ? ('user_activate' as const) : ('user_deactivate' as const),
          entity: 'user',
          entityId: target.id,
        });
      const other = changed.filter((f) => !['role', 'jurisdictionCode', 'active'].includes(f));
      if (other.length > 0)
        entries.push({
          action: 'user_update' as const,
          entity: 'user',
          entityId: target.id,
          fields: other,
        });
      await audit(entries);
      return { user: present(row) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/users/:id/reset-2fa',
    summary:
      'Reset two-factor sign-in: the official enrols again at next sign-in, with the new one-time enrolment code (shown once)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    params: idParams,
    response: z.object({ enrolment: enrolmentSchema }),
    async handler({ tx, access, params, audit, lang }) {
      const target = await findManagedUser(tx, access, params.id);
      const j = await resolveJurisdiction(tx, target.jurisdictionCode);
      assertManageable(access, target.role, j);
      await resetTwoFactor(tx, target.id);
      const enrolment = await enrolmentFor(tx, { ...target, totpEnabledAt: null }, j);
      await audit({
        action: 'totp_reset',
        entity: 'user',
        entityId: target.id,
        details: { enrolmentCode: enrolment !== null },
      });
      if (target.email) await securityNotice(tx, target.email, lang, 'totpReset');
      return { enrolment };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/users/:id/reset-password',
    summary:
      'Set a new password (and unlock); the official’s sessions end. An account still to bind its authenticator gets a new one-time enrolment code (shown once)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    params: idParams,
    body: z.strictObject({ password: z.string().min(1).max(200) }),
    response: z.object({ enrolment: enrolmentSchema }),
    async handler({ tx, access, params, body, audit, lang }) {
      const target = await findManagedUser(tx, access, params.id);
      const j = await resolveJurisdiction(tx, target.jurisdictionCode);
      assertManageable(access, target.role, j);
      checkPasswordStrength(body.password);
      await resetPassword(tx, target.id, await hashPassword(body.password));
      // Whoever holds the reset password must not bind the authenticator first.
      const enrolment = await enrolmentFor(tx, target, j);
      await audit({
        action: 'password_reset',
        entity: 'user',
        entityId: target.id,
        details: { enrolmentCode: enrolment !== null },
      });
      if (target.email) await securityNotice(tx, target.email, lang, 'passwordReset');
      return { enrolment };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/users/:id/enrolment-code',
    summary:
      'A new one-time enrolment code for an account still to bind its authenticator (the previous one stops working; shown once)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    params: idParams,
    response: z.object({ enrolment: enrolmentSchema }),
    async handler({ tx, access, params, audit }) {
      const target = await findManagedUser(tx, access, params.id);
      const j = await resolveJurisdiction(tx, target.jurisdictionCode);
      assertManageable(access, target.role, j);
      const enrolment = await enrolmentFor(tx, target, j);
      if (enrolment === null) throw new AppError('CONFLICT');
      await audit({ action: 'enrolment_code', entity: 'user', entityId: target.id });
      return { enrolment };
    },
  }),
];
