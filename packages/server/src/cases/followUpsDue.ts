/**
 * The worklist's "follow-ups due" section: calls of confirmed contacts in the caller's
 * jurisdiction due today or in the two days before, not yet done, oldest due first,
 * keyset-paginated (filters in SQL).
 */
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { contactFollowups, contacts } from '../db/schema/index.ts';
import { afterCursor, keyText, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { listContacts } from './queries.ts';

/** Follow-ups due: oldest due date first. */
const DUE_KEY: KeyPart[] = [
  { column: contactFollowups.dueDate, type: 'date' },
  { column: contactFollowups.id, type: 'uuid' },
];

/** One page of the follow-ups due on `day` (and the two days before) matching `place`. */
export async function pageFollowUpsDue(
  db: DbOrTx,
  access: Access,
  place: SQL | undefined,
  day: string,
  page: { cursor?: string; limit: number },
) {
  const [d0, d1] = keyText(DUE_KEY);
  const dueRows = await db
    .select({
      id: contactFollowups.id,
      dueDate: contactFollowups.dueDate,
      contactId: contactFollowups.contactId,
      k0: d0!,
      k1: d1!,
    })
    .from(contactFollowups)
    .innerJoin(contacts, eq(contacts.id, contactFollowups.contactId))
    .where(
      and(
        scopeFor(access, contacts),
        place,
        eq(contacts.status, 'confirmed'),
        eq(contacts.followUpStatus, 'active'),
        isNull(contactFollowups.doneAt),
        lte(contactFollowups.dueDate, day),
        sql`${contactFollowups.dueDate} > ${day}::date - 3`,
        afterCursor(DUE_KEY, page.cursor, 'asc'),
      ),
    )
    .orderBy(asc(contactFollowups.dueDate), asc(contactFollowups.id))
    .limit(page.limit + 1);
  const due = pageOf(dueRows, page.limit, (r) => [r.k0, r.k1]);
  const dueContacts =
    due.items.length === 0
      ? []
      : await listContacts(
          db,
          access,
          inArray(contacts.id, [...new Set(due.items.map((d) => d.contactId))]),
          due.items.length,
        );
  const byId = new Map(dueContacts.map((c) => [c.id, c]));
  const items = due.items.flatMap((d) => {
    const contact = byId.get(d.contactId);
    return contact ? [{ followUpId: d.id, dueDate: d.dueDate, contact }] : [];
  });
  return { items, nextCursor: due.nextCursor };
}
