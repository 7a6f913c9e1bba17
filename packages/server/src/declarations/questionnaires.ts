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
}

const cache = new WeakMap<object, Map<string, { at: number; value: StoredQuestionnaire | null }>>();

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

/** A stored version by id, cached briefly per database (versions never change). */
export async function questionnaireById(db: DbOrTx, id: string): Promise<StoredQuestionnaire | null> {
  let byId = cache.get(db);
  if (!byId) {
    byId = new Map();
    cache.set(db, byId);
  }
  const hit = byId.get(id);
  if (hit && hit.value) return hit.value;
  const [row] = await db.select(columns).from(questionnaires).where(eq(questionnaires.id, id));
  const value = row ? { ...row, resource: row.resource as Questionnaire } : null;
  if (value) {
    if (byId.size > 200) byId.clear();
    byId.set(id, { at: Date.now(), value });
  }
  return value;
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
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'questionnaire',
    entityId: row.id,
    details: { kind: input.kind, version: q.version, effectiveFrom: input.effectiveFrom },
  });
  return { ...row, resource };
}
