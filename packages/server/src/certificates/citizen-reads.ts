/** A citizen's own certificates: only those of the persons the citizen holds (self and wards). */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { issuedCertificates } from '../db/schema/index.ts';

/** One certificate of the given persons, or undefined (none of theirs). */
export async function certificateOfPersons(
  db: DbOrTx,
  personIds: readonly string[],
  id: string,
): Promise<typeof issuedCertificates.$inferSelect | undefined> {
  if (personIds.length === 0) return undefined;
  const [c] = await db
    .select()
    .from(issuedCertificates)
    .where(and(eq(issuedCertificates.id, id), inArray(issuedCertificates.personId, [...personIds])));
  return c;
}
