import { DEFAULT_DISEASES } from '@epilink/core';
import type { DiseaseDefinition } from '@epilink/core';
import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { diseases } from '../db/schema/index.ts';

/** Insert the shipped disease definitions that are not there yet (never overwrites an edit). */
export async function seedDiseases(db: DbOrTx): Promise<void> {
  await db
    .insert(diseases)
    .values(DEFAULT_DISEASES.map((d) => ({ code: d.code, definition: d })))
    .onConflictDoNothing();
}

/** Configured diseases, COVID-19 first as configured. */
export async function listDiseases(
  db: DbOrTx,
): Promise<{ code: string; active: boolean; definition: DiseaseDefinition }[]> {
  const rows = await db.select().from(diseases).orderBy(asc(diseases.createdAt), asc(diseases.code));
  return rows.map((r) => ({ code: r.code, active: r.active, definition: r.definition as DiseaseDefinition }));
}
