/**
 * Questionnaire versions (reference data): the shipped ones loaded at start, the version in force
 * for a kind on a day, and the publication of a new version by an official with `policy:write`.
 * A version is never changed; declarations keep the version they answered.
 */
import { AppError, SHIPPED_QUESTIONNAIRES, today, validateQuestionnaire } from '@epilink/core';
import type { DeclarationKind, Questionnaire } from '@epilink/core';
import { and, desc, eq, lte } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { questionnaires } from '../db/schema/index.ts';
import { DatabaseCache } from './cache.ts';
import { ensureQrKey } from './token.ts';

/** A stored version. */
export interface StoredQuestionnaire {
  id: string;
  kind: string;
  url: string;
  version: string;
  effectiveFrom: string;
  resource: Questionnaire;
}

const columns = {
  id: questionnaires.id,
  kind: questionnaires.kind,
  url: questionnaires.url,
  version: questionnaires.version,
  effectiveFrom: questionnaires.effectiveFrom,
  resource: questionnaires.resource,
};

/** Load the shipped versions (idempotent: a version already stored is left as it is). */
export async function seedQuestionnaires(db: DbOrTx): Promise<void> {
  const rows = Object.entries(SHIPPED_QUESTIONNAIRES).map(([kind, q]) => ({
    kind,
    url: q.url,
    version: q.version,
    effectiveFrom: q.effectivePeriod?.start ?? '2021-01-01',
    resource: validateQuestionnaire(q, { bilingual: true }),
  }));
  await db.insert(questionnaires).values(rows).onConflictDoNothing();
  await ensureQrKey(db);
}

/** Versions by id: a version never changes, so it is kept for the life of the process. */
const byId = new DatabaseCache<StoredQuestionnaire>(Number.POSITIVE_INFINITY, 200);
/**
 * Each kind's versions (id and effective day), kept a minute: what a submission checks its
 * version against. A minute's delay cannot change an answer: a version supersedes another for
 * refusal only once in force for `SUPERSEDED_GRACE_DAYS`, and a published version starts today or
 * later (this process forgets its own publications at once).
 */
const versionsOfKind = new DatabaseCache<{ id: string; effectiveFrom: string }[]>(60_000, 20);

/** The version of `kind` in force on `day` (the newest effective on or before it). */
export async function questionnaireInForce(
  db: DbOrTx,
  kind: string,
  day: string,
): Promise<StoredQuestionnaire | null> {
  const [row] = await db
    .select(columns)
    .from(questionnaires)
    .where(and(eq(questionnaires.kind, kind), lte(questionnaires.effectiveFrom, day)))
    .orderBy(desc(questionnaires.effectiveFrom), desc(questionnaires.createdAt))
    .limit(1);
  return row ? { ...row, resource: row.resource as Questionnaire } : null;
}

/** A stored version by id (kept per process and database: versions never change). */
export async function questionnaireById(db: DbOrTx, id: string): Promise<StoredQuestionnaire | null> {
  const found = await byId.get(db, id, async () => {
    const [row] = await db.select(columns).from(questionnaires).where(eq(questionnaires.id, id));
    return row ? { ...row, resource: row.resource as Questionnaire } : undefined;
  });
  return found ?? null;
}

/**
 * The newest version of `kind` in force on `day` other than the one given, when it supersedes it
 * (effective later); null when `version` is the newest in force.
 */
export async function supersedingVersion(
  db: DbOrTx,
  version: Pick<StoredQuestionnaire, 'id' | 'kind' | 'effectiveFrom'>,
  day: string,
): Promise<{ id: string; effectiveFrom: string } | null> {
  const all =
    (await versionsOfKind.get(db, version.kind, () =>
      db
        .select({ id: questionnaires.id, effectiveFrom: questionnaires.effectiveFrom })
        .from(questionnaires)
        .where(eq(questionnaires.kind, version.kind)),
    )) ?? [];
  let newest: { id: string; effectiveFrom: string } | null = null;
  for (const v of all)
    if (v.effectiveFrom <= day && v.effectiveFrom > version.effectiveFrom)
      if (!newest || v.effectiveFrom > newest.effectiveFrom) newest = v;
  return newest;
}

/** Every version of every kind, newest first (the officials' list). */
export async function listQuestionnaires(db: DbOrTx): Promise<StoredQuestionnaire[]> {
  const rows = await db
    .select(columns)
    .from(questionnaires)
    .orderBy(questionnaires.kind, desc(questionnaires.effectiveFrom), desc(questionnaires.createdAt))
    .limit(500);
  return rows.map((r) => ({ ...r, resource: r.resource as Questionnaire }));
}

/**
 * Publish a new version of a kind: a well-formed bilingual questionnaire whose url|version is new,
 * in force from `effectiveFrom` (today or later: the past keeps the versions it had).
 */
export async function publishQuestionnaire(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: { kind: DeclarationKind; effectiveFrom: string; resource: unknown },
): Promise<StoredQuestionnaire> {
  const q = validateQuestionnaire(input.resource, { bilingual: true });
  if (input.effectiveFrom < today())
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'effectiveFrom', messageKey: 'declarations.errors.effectiveInPast' }],
    });
  const resource: Questionnaire = { ...q, effectivePeriod: { start: input.effectiveFrom } };
  const [row] = await tx
    .insert(questionnaires)
    .values({
      kind: input.kind,
      url: q.url,
      version: q.version,
      effectiveFrom: input.effectiveFrom,
      resource,
      publishedBy: actorId(access),
    })
    .onConflictDoNothing()
    .returning(columns);
  if (!row) throw new AppError('CONFLICT');
  versionsOfKind.clear(tx);
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'questionnaire',
    entityId: row.id,
    details: { kind: input.kind, version: q.version, effectiveFrom: input.effectiveFrom },
  });
  return { ...row, resource };
}
