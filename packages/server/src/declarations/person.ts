/**
 * One person's declarations, for the modules that show them on a person's page (#15 item 7): the
 * health book (#17), the tracer's case page, venue and check-in views. Authorization is here, in
 * the data layer, and every declaration returned is audited in the caller's transaction:
 * - a signed-in citizen: their own record or a household member in their care (404 otherwise);
 * - an official: the person's declarations made in the official's jurisdiction
 *   (`scopeFor(access, declarations)`), which needs `declaration:read` at the route;
 * - anyone else (public, API key without a person binding): 404.
 * A merged record answers for the person it was merged into.
 */
import { AppError } from '@epilink/core';
import type { Access } from '../access/context.ts';
import { citizenPersonIds } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { resolvePersonId } from '../registry/persons/repository.ts';
import { listDeclarations } from './read.ts';

/** A declaration as a person's page shows it (no answers: open it with `readDeclaration`). */
export interface PersonDeclaration {
  id: string;
  kind: string;
  day: string;
  action: string;
  reasons: string[];
  flagStatus: string;
  declaredBy: string;
  channel: string;
  communeCode: string | null;
  createdAt: string;
}

/**
 * The declarations of `personId` the caller may see, newest first (keyset pages: pass the
 * returned `nextCursor` back as `cursor`), each one audited as read. Throws NOT_FOUND when the
 * caller may not see the person's declarations at all.
 */
export async function declarationsOfPerson(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  personId: string,
  page: { cursor?: string | undefined; limit?: number | undefined } = {},
): Promise<{ items: PersonDeclaration[]; nextCursor: string | null }> {
  const kind = access.actor.kind;
  if (kind === 'citizen' && !citizenPersonIds(access).includes(personId)) throw new AppError('NOT_FOUND');
  if (kind !== 'citizen' && kind !== 'user') throw new AppError('NOT_FOUND');
  const resolved = await resolvePersonId(db, personId);
  if (!resolved) throw new AppError('NOT_FOUND');
  const { items, nextCursor } = await listDeclarations(db, access, origin, {
    personId: resolved.id,
    cursor: page.cursor,
    limit: Math.min(Math.max(page.limit ?? 50, 1), 200),
  });
  return { items: items.map(({ person: _person, ...d }) => d), nextCursor };
}
