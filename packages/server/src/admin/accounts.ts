/**
 * The database work of account administration (the services behind admin/users.ts): accounts are
 * read and changed only inside the caller's jurisdiction (`scopeFor`), the list keyset-paginated
 * by username.
 */
import { AppError, isRole, translate } from '@epilink/core';
import type { Role } from '@epilink/core';
import { and, eq } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { revokeUserSessions } from '../auth/session.ts';
import type { ResolvedJurisdiction } from '../auth/users.ts';
import type { DbOrTx } from '../db/client.ts';
import { recoveryCodes, users } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { enqueueNotification } from '../notify/notify.ts';

/** The account list's order: by username (unique). */
const ACCOUNT_KEY: KeyPart[] = [{ column: users.username, type: 'text' }];

/** One page of the accounts inside the caller's jurisdiction, filters in SQL. */
export async function listAccounts(
  db: DbOrTx,
  access: Access,
  query: { role?: Role | undefined; cursor?: string | undefined; limit: number },
) {
  const conds: (SQL | undefined)[] = [scopeFor(access, users), afterCursor(ACCOUNT_KEY, query.cursor, 'asc')];
  if (query.role) conds.push(eq(users.role, query.role));
  const [k0] = keyText(ACCOUNT_KEY);
  const rows = await db
    .select({ k0: k0!, u: users })
    .from(users)
    .where(and(...conds))
    .orderBy(...orderByKey(ACCOUNT_KEY, 'asc'))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => [r.k0]);
  return { items: page.items.map((r) => r.u), nextCursor: page.nextCursor };
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

/** An account by id (after a change in this transaction). */
export async function accountById(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(users).where(eq(users.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Set the e-mail address of an account just created. */
export async function setAccountEmail(tx: DbOrTx, id: string, email: string): Promise<void> {
  await tx.update(users).set({ email }).where(eq(users.id, id));
}

/** Write an account's new name, e-mail, role, jurisdiction and active flag. */
export async function updateAccount(
  tx: DbOrTx,
  id: string,
  change: {
    displayName: string;
    email: string | null;
    role: Role;
    jurisdiction: ResolvedJurisdiction;
    active: boolean;
  },
) {
  const [row] = await tx
    .update(users)
    .set({
      displayName: change.displayName,
      email: change.email,
      role: change.role,
      jurisdictionCode: change.jurisdiction.code,
      provinceCode: change.jurisdiction.place.provinceCode,
      districtCode: change.jurisdiction.place.districtCode,
      communeCode: change.jurisdiction.place.communeCode,
      active: change.active,
      updatedAt: new Date(),
    })
    .where(eq(users.id, id))
    .returning();
  return row!;
}

/** Forget the account's authenticator and recovery codes; its sessions end. */
export async function resetTwoFactor(tx: DbOrTx, id: string): Promise<void> {
  await tx
    .update(users)
    .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() })
    .where(eq(users.id, id));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, id));
  await revokeUserSessions(tx, id);
}

/** Set a new password hash and unlock; the account's sessions end. */
export async function resetPassword(tx: DbOrTx, id: string, passwordHash: string): Promise<void> {
  await tx
    .update(users)
    .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(users.id, id));
  await revokeUserSessions(tx, id);
}

/** A security notice by e-mail (through the outbox). */
export async function securityNotice(
  tx: DbOrTx,
  email: string,
  lang: 'vi' | 'en',
  kind: 'totpReset' | 'passwordReset',
): Promise<void> {
  await enqueueNotification(tx, {
    channel: 'email',
    to: email,
    subject: translate(lang, `security.email.${kind}.subject`),
    body: translate(lang, `security.email.${kind}.body`),
  });
}
