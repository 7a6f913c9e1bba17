/**
 * Account administration: administrators list, create and change officials' accounts inside
 * their own jurisdiction only, granting only the roles they may grant (core `canManageAccount`).
 * An account outside the caller's jurisdiction is not found. Every change is audited; role
 * changes, deactivation and resets end the account's sessions.
 */
import { AppError, canManageAccount, isRole, ROLES, translate } from '@epilink/core';
import type { Role } from '@epilink/core';
import { and, asc, eq, ilike, or } from 'drizzle-orm';
import { z } from 'zod';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { revokeUserSessions } from '../auth/session.ts';
import {
  checkPasswordStrength,
  createUser,
  facilityJurisdiction,
  resolveJurisdiction,
} from '../auth/users.ts';
import type { ResolvedJurisdiction } from '../auth/users.ts';
import type { DbOrTx } from '../db/client.ts';
import { recoveryCodes, users } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { escapeLike } from '../registry/persons/search.ts';

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

/** An account inside the caller's jurisdiction, or NOT_FOUND. */
export async function findManagedUser(db: DbOrTx, access: Access, id: string) {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), scopeFor(access, users)));
  if (!u) throw new AppError('NOT_FOUND');
  if (!isRole(u.role)) throw new AppError('NOT_FOUND');
  return { ...u, role: u.role };
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
    query: z.strictObject({
      q: z.string().max(100).optional(),
      role: z.enum(ROLES).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(200),
    }),
    response: z.object({ items: z.array(accountSchema) }),
    async handler({ deps, access, query }) {
      const conds = [scopeFor(access, users)];
      if (query.role) conds.push(eq(users.role, query.role));
      if (query.q) {
        const like = `%${escapeLike(query.q)}%`;
        conds.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
      }
      const rows = await deps.database.db
        .select()
        .from(users)
        .where(and(...conds))
        .orderBy(asc(users.username))
        .limit(query.limit);
      return { items: rows.map(present) };
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
    response: z.object({ user: accountSchema }),
    async handler({ deps, access, body, origin }) {
      const { db } = deps.database;
      checkPasswordStrength(body.password);
      if (!body.facilityId && !body.jurisdictionCode) throw new AppError('VALIDATION_FAILED');
      const j = body.facilityId
        ? await facilityJurisdiction(db, body.facilityId)
        : await resolveJurisdiction(db, body.jurisdictionCode!);
      assertManageable(access, body.role, j);
      const user = await db.transaction(async (tx) => {
        const id = await createUser(tx, {
          username: body.username,
          displayName: body.displayName,
          password: body.password,
          role: body.role,
          jurisdictionCode: j.code,
          facilityId: body.facilityId ?? null,
          createdBy: adminOf(access).userId,
        });
        if (body.email) await tx.update(users).set({ email: body.email }).where(eq(users.id, id));
        await writeAudit(tx, access, origin, {
          action: 'user_create',
          entity: 'user',
          entityId: id,
          fields: ['username', 'displayName', 'role', 'jurisdiction', ...(body.email ? ['email'] : [])],
          details: { role: body.role, jurisdiction: j.code },
        });
        const [row] = await tx.select().from(users).where(eq(users.id, id));
        return row!;
      });
      return { user: present(user) };
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
    async handler({ deps, access, params, body, origin }) {
      const { db } = deps.database;
      const target = await findManagedUser(db, access, params.id);
      const admin = adminOf(access);
      const current = await resolveJurisdiction(db, target.jurisdictionCode);
      assertManageable(access, target.role, current);
      const role = body.role ?? target.role;
      const next = body.jurisdictionCode ? await resolveJurisdiction(db, body.jurisdictionCode) : current;
      assertManageable(access, role, next);
      const selfChange = target.id === admin.userId;
      if (selfChange && (body.role !== undefined || body.active === false || body.jurisdictionCode)) {
        throw new AppError('FORBIDDEN'); // nobody changes their own role or locks themselves out
      }
      const changed = Object.entries(body)
        .filter(([k, v]) => v !== undefined && v !== (target as Record<string, unknown>)[k])
        .map(([k]) => k);
      const user = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(users)
          .set({
            displayName: body.displayName ?? target.displayName,
            email: body.email === undefined ? target.email : body.email,
            role,
            jurisdictionCode: next.code,
            provinceCode: next.place.provinceCode,
            districtCode: next.place.districtCode,
            communeCode: next.place.communeCode,
            active: body.active ?? target.active,
            updatedAt: new Date(),
          })
          .where(eq(users.id, target.id))
          .returning();
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
        await writeAudit(tx, access, origin, entries);
        return row!;
      });
      return { user: present(user) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/users/:id/reset-2fa',
    summary: 'Reset two-factor sign-in: the official enrols again at next sign-in',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    params: idParams,
    response: null,
    successStatus: 204,
    async handler({ deps, access, params, origin, lang }) {
      const { db } = deps.database;
      const target = await findManagedUser(db, access, params.id);
      assertManageable(access, target.role, await resolveJurisdiction(db, target.jurisdictionCode));
      await db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() })
          .where(eq(users.id, target.id));
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, target.id));
        await revokeUserSessions(tx, target.id);
        await writeAudit(tx, access, origin, { action: 'totp_reset', entity: 'user', entityId: target.id });
        if (target.email) await notice(tx, target.email, lang, 'totpReset');
      });
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/users/:id/reset-password',
    summary: 'Set a new password (and unlock); the official’s sessions end',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'user:manage' },
    personalData: false,
    params: idParams,
    body: z.strictObject({ password: z.string().min(1).max(200) }),
    response: null,
    successStatus: 204,
    async handler({ deps, access, params, body, origin, lang }) {
      const { db } = deps.database;
      const target = await findManagedUser(db, access, params.id);
      assertManageable(access, target.role, await resolveJurisdiction(db, target.jurisdictionCode));
      checkPasswordStrength(body.password);
      const passwordHash = await hashPassword(body.password);
      await db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
          .where(eq(users.id, target.id));
        await revokeUserSessions(tx, target.id);
        await writeAudit(tx, access, origin, {
          action: 'password_reset',
          entity: 'user',
          entityId: target.id,
        });
        if (target.email) await notice(tx, target.email, lang, 'passwordReset');
      });
      return undefined;
    },
  }),
];

/** A security notice by e-mail (through the outbox). */
async function notice(tx: DbOrTx, email: string, lang: 'vi' | 'en', kind: 'totpReset' | 'passwordReset') {
  await enqueueNotification(tx, {
    channel: 'email',
    to: email,
    subject: translate(lang, `security.email.${kind}.subject`),
    body: translate(lang, `security.email.${kind}.body`),
  });
}
