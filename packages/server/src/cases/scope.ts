/**
 * Jurisdiction-scoped reads of cases and contacts. A case is scoped by its person's columns, a
 * contact by the CONTACT person's columns (a case in commune A with a contact in commune B: B's
 * officer sees that contact, not A's case). Outside → NOT_FOUND.
 */
import { AppError, roleAllows } from '@epilink/core';
import type { Role } from '@epilink/core';
import { and, eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { cases, contacts, users } from '../db/schema/index.ts';

/** A case row inside the caller's jurisdiction, or NOT_FOUND (optionally locked for update). */
export async function caseInScope(db: DbOrTx, access: Access, id: string, lock = false) {
  const q = db
    .select()
    .from(cases)
    .where(and(eq(cases.id, id), scopeFor(access, cases)));
  // Awaited in each branch: a union of the two builders costs the type-checker seconds.
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** A contact row inside the caller's jurisdiction (by the contact person's place), or NOT_FOUND. */
export async function contactInScope(db: DbOrTx, access: Access, id: string, lock = false) {
  const q = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), scopeFor(access, contacts)));
  // Awaited in each branch: a union of the two builders costs the type-checker seconds.
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Place of a row, for live events. */
export function placeOf(row: {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}) {
  return { provinceCode: row.provinceCode, districtCode: row.districtCode, communeCode: row.communeCode };
}

/** An active official inside the caller's jurisdiction whose role may trace, or VALIDATION_FAILED. */
export async function tracerInScope(db: DbOrTx, access: Access, userId: string): Promise<void> {
  const [u] = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true), scopeFor(access, users)));
  if (!u || !roleAllows(u.role as Role, 'case:trace')) {
    throw new AppError('NOT_A_TRACER');
  }
}
