/**
 * Denied attempts leave a trace (issue #9, low items): a signed-in caller refused a personal-data
 * route — 403 (no permission) or 404 (the record is outside their jurisdiction, or absent) —
 * gets an audit row `denied` naming the route, the ids asked for and the answer. Written in its
 * own short transaction, after the refused request's work was rolled back; never the data.
 */
import { AppError } from '@epilink/core';
import type { Access } from '../access/context.ts';
import type { Db } from '../db/client.ts';
import type { AuditOrigin } from './audit.ts';
import { writeAudit } from './audit.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** Record a refused attempt when `error` is a 403/404 of a known caller on a personal-data route. */
export async function auditDenied(
  db: Db,
  access: Access,
  origin: AuditOrigin,
  attempt: { method: string; url: string; personalData: boolean; params: unknown },
  error: unknown,
): Promise<void> {
  if (!attempt.personalData || !(error instanceof AppError)) return;
  if (error.code !== 'FORBIDDEN' && error.code !== 'NOT_FOUND') return;
  if (access.actor.kind === 'anonymous' || access.actor.kind === 'system') return;
  const params =
    attempt.params && typeof attempt.params === 'object' ? (attempt.params as Record<string, unknown>) : {};
  const ids = Object.fromEntries(
    Object.entries(params)
      .filter(([, v]) => typeof v === 'string' && v.length <= 64)
      .map(([k, v]) => [k, v as string]),
  );
  const personId =
    typeof ids.id === 'string' && UUID.test(ids.id) && attempt.url.includes('person') ? ids.id : null;
  await writeAudit(db, access, origin, {
    action: 'denied',
    entity: 'route',
    entityId: `${attempt.method} ${attempt.url}`,
    personId,
    details: { status: error.status, code: error.code, params: ids },
  });
}
