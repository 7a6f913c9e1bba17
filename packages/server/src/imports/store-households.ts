/**
 * Households from a commune's household list: one household per (commune, household code) in the
 * registry's `households` table, its head of household through record linkage (a certain match
 * is the existing person, who joins the household when in none; an uncertain one is a new person
 * queued for review; a namesake stays apart), audited in the batch's transaction. A household
 * code the commune already has adds nothing.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { writeAudit } from '../audit/audit.ts';
import type { Tx } from '../db/client.ts';
import { households, persons } from '../db/schema/index.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import { ORIGIN, householdCode, householdIndex, incomingPerson, personOf, text } from './store-common.ts';
import type { Good, StoreEnv, StoreOutcome } from './store-common.ts';

/** Store a batch of household rows (see the module comment). */
export async function storeHouseholds(tx: Tx, env: StoreEnv, rows: Good[]): Promise<StoreOutcome> {
  const existing = await householdIndex(tx, rows);
  const keyOf = (g: Good) =>
    `${String(g.values.communeCode)}|${householdCode(String(g.values.householdCode))}`;
  const unchanged = rows.filter((g) => existing.has(keyOf(g)));
  const fresh = rows.filter((g) => !existing.has(keyOf(g)));
  if (fresh.length === 0) return { reviews: 0, refused: [], unchanged };
  const inserted = await tx
    .insert(households)
    .values(
      fresh.map((g) => {
        const commune = String(g.values.communeCode);
        const place = env.context.communes.get(commune)!;
        return {
          code: householdCode(String(g.values.householdCode)),
          communeCode: commune,
          districtCode: place.districtCode ?? '',
          provinceCode: place.provinceCode,
          address: text(g.values.address),
        };
      }),
    )
    .onConflictDoNothing()
    .returning({ id: households.id, code: households.code, commune: households.communeCode });
  const idOf = new Map(inserted.map((h) => [`${h.commune}|${h.code}`, h.id]));
  // A household another import stored meanwhile (the unique code) adds nothing here.
  const stored = fresh.filter((g) => idOf.has(keyOf(g)));
  unchanged.push(...fresh.filter((g) => !idOf.has(keyOf(g))));
  const heads = stored.map((g) =>
    incomingPerson(env, g, { fullName: String(g.values.headName), householdId: idOf.get(keyOf(g))! }),
  );
  const outcomes = await ingestPersons(tx, env.access, ORIGIN, heads, { within: env.access });
  // A head matched with certainty to a person of the registry: that person joins the household
  // (when in none yet), as the merged record did.
  const joined = outcomes.flatMap((o, i) =>
    o.decision === 'merged' && o.matchedId
      ? [{ personId: o.matchedId, householdId: heads[i]!.householdId! }]
      : [],
  );
  for (const j of joined)
    await tx
      .update(persons)
      .set({ householdId: j.householdId, version: sql`${persons.version} + 1`, updatedAt: new Date() })
      .where(and(eq(persons.id, j.personId), isNull(persons.householdId)));
  await writeAudit(tx, env.access, ORIGIN, [
    ...stored.map((g, i) => ({
      action: 'create' as const,
      entity: 'household',
      entityId: idOf.get(keyOf(g))!,
      personId: personOf(outcomes[i]!),
      fields: ['code', 'address', 'head'],
      details: { importJob: env.job.id },
    })),
    ...joined.map((j) => ({
      action: 'update' as const,
      entity: 'person',
      entityId: j.personId,
      personId: j.personId,
      fields: ['householdId'],
      details: { importJob: env.job.id },
    })),
  ]);
  return { reviews: outcomes.filter((o) => o.decision === 'review').length, refused: [], unchanged };
}
