/**
 * A person record's own history (creation, linkage, merges, reviews, citizen edits), newest
 * first, keyset-paginated on (at, id): a record edited for years has more changes than one
 * answer should carry, and none of them is silently left out — the person page shows the first
 * page and `GET /api/persons/:id/history` the ones after it.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog, personMerges, users } from '../../db/schema/index.ts';
import { afterCursor, keyText, pageOf } from '../../http/page.ts';
import type { KeyPart } from '../../http/page.ts';

/** Rows of history on the person page before "Load more". */
export const HISTORY_FIRST_PAGE = 50;

/** Audit entities that are the person record itself (creation, linkage, merges, reviews, citizen edits). */
const HISTORY_ENTITIES = ['person', 'linkage_review'];
const HISTORY_ACTIONS = ['create', 'update', 'merge', 'unmerge', 'decide'];
const HISTORY_KEY: readonly KeyPart[] = [
  { column: auditLog.at, type: 'timestamptz' },
  { column: auditLog.id, type: 'bigint' },
];

/** One change to a person record, as the person page shows it. */
export interface HistoryEntry {
  at: string;
  action: string;
  actor: string | null;
  fields: string[];
}

/**
 * One page of the history of the records `historyIds` (a survivor and the records merged into it),
 * newest first. `cursor` is the previous page's `nextCursor`.
 */
export async function historyPage(
  db: DbOrTx,
  historyIds: readonly string[],
  page: { limit: number; cursor?: string },
): Promise<{ items: HistoryEntry[]; nextCursor: string | null }> {
  const [kAt, kId] = keyText(HISTORY_KEY);
  const rows = await db
    .select({
      at: auditLog.at,
      action: auditLog.action,
      actor: users.username,
      actorRole: auditLog.actorRole,
      fields: auditLog.fields,
      k0: kAt!,
      k1: kId!,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        inArray(auditLog.personId, [...historyIds]),
        // The record's own history: other modules' rows about the person (a contact proposed, a
        // specimen collected, a dose given) are not changes to this record and have their own sections.
        inArray(auditLog.entity, HISTORY_ENTITIES),
        inArray(auditLog.action, HISTORY_ACTIONS),
        afterCursor(HISTORY_KEY, page.cursor, 'desc'),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(page.limit + 1);
  const shown = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  return {
    items: shown.items.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      actor: h.actor ?? h.actorRole,
      fields: h.fields,
    })),
    nextCursor: shown.nextCursor,
  };
}

/** The ids whose history is the record's: the record and those merged into it (merges not undone). */
export async function mergedIds(db: DbOrTx, survivorId: string): Promise<string[]> {
  const rows = await db
    .select({ id: personMerges.mergedId })
    .from(personMerges)
    .where(and(eq(personMerges.survivorId, survivorId), isNull(personMerges.undoneAt)));
  return [survivorId, ...rows.map((r) => r.id)];
}
