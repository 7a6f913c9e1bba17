/**
 * Whether the people of a list (a venue's visitors, a case's check-in contacts) declared recently,
 * and the triage of their latest declaration (#15 item 7): one statement for the whole list, never
 * one per row. Only for callers holding `declaration:read`, and only declarations made in their
 * jurisdiction (`scopeFor(access, declarations)`); a declaration stored on a record since merged
 * counts for the person it was merged into. Each declaration shown is audited (one statement).
 */
import { z } from 'zod';
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { hasPermission, scopeFor } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { declarations } from '../db/schema/index.ts';

/** How far back a declaration counts as recent (the declarations' own 14-day window). */
export const RECENT_DECLARATION_DAYS = 14;

/** A person's latest recent declaration, as a list row shows it. */
export const recentDeclarationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  day: z.string(),
  action: z.string(),
  flagged: z.boolean(),
  flagStatus: z.string(),
});
export type RecentDeclaration = z.infer<typeof recentDeclarationSchema>;

/**
 * The latest declaration of each person (by survivor id) within the last 14 days that the caller
 * may see; people without one are absent. Audited as read with `purpose`.
 */
export async function recentDeclarations(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  personIds: readonly (string | null)[],
  purpose: string | null,
): Promise<Map<string, RecentDeclaration>> {
  const ids = [...new Set(personIds.filter((p): p is string => p !== null))];
  if (ids.length === 0 || !hasPermission(access, 'declaration:read')) return new Map();
  const rows = await queryRows<{
    person_id: string;
    id: string;
    kind: string;
    day: string;
    action: string;
    flag_status: string;
  }>(
    tx,
    sql`with who as (
          select id as record, id as person from unnest(${sql.param(ids)}::uuid[]) as id
          union all
          select m.merged_id, m.survivor_id from person_merges m
          where m.survivor_id = any(${sql.param(ids)}::uuid[]) and m.undone_at is null)
        select distinct on (w.person) w.person::text as person_id, ${declarations.id}::text as id,
          ${declarations.kind} as kind, ${declarations.day}::text as day, ${declarations.action} as action,
          ${declarations.flagStatus} as flag_status
        from who w
        join ${declarations} on ${declarations.personId} = w.record
        where ${declarations.day} >= ${addDays(today(), -RECENT_DECLARATION_DAYS)}::date
          and ${scopeFor(access, declarations)}
        order by w.person, ${declarations.createdAt} desc`,
  );
  const out = new Map<string, RecentDeclaration>();
  for (const r of rows)
    out.set(r.person_id, {
      id: r.id,
      kind: r.kind,
      day: r.day,
      action: r.action,
      flagged: r.action === 'test' || r.action === 'isolateAndTest',
      flagStatus: r.flag_status,
    });
  await writeAudit(
    tx,
    access,
    origin,
    [...out.entries()].map(([personId, d]) => ({
      action: 'read' as const,
      entity: 'declaration',
      entityId: d.id,
      personId,
      fields: ['triage'],
      purpose,
    })),
  );
  return out;
}
