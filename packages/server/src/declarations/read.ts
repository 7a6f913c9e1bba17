/**
 * Declarations for officials with `declaration:read`, in their jurisdiction (404 outside): a list
 * keyset-paginated newest first with filters in SQL (commune, kind, flag, day) — with `flag=open`
 * it is the commune's review list — and one declaration with its answers and checkpoint passages.
 * Every person shown is audited.
 */
import { AppError } from '@epilink/core';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { citizenPersonIds, scopeFor } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { checkpointPassages, declarations, persons, questionnaires } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import type { DccVerdict } from './dcc.ts';
import { declarationToken } from './token.ts';

const KEY: KeyPart[] = [
  { column: declarations.createdAt, type: 'timestamptz' },
  { column: declarations.id, type: 'uuid' },
];

/** Flag filters: `flagged` = still on the review list (open or waiting for the result). */
export const FLAG_FILTERS = ['open', 'testRegistered', 'cleared', 'positive', 'none', 'flagged'] as const;

/** Filters of the list. */
export interface DeclarationFilter {
  communeCode?: string | undefined;
  kind?: string | undefined;
  flag?: (typeof FLAG_FILTERS)[number] | undefined;
  day?: string | undefined;
  personId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** A page of declarations in the caller's jurisdiction, newest first. */
export async function listDeclarations(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  f: DeclarationFilter,
) {
  const [k0, k1] = keyText(KEY);
  const flag =
    f.flag === undefined
      ? undefined
      : f.flag === 'flagged'
        ? inArray(declarations.flagStatus, ['open', 'testRegistered'])
        : eq(declarations.flagStatus, f.flag);
  const rows = await db
    .select({
      id: declarations.id,
      kind: declarations.kind,
      day: declarations.day,
      action: declarations.action,
      reasons: declarations.reasons,
      flagStatus: declarations.flagStatus,
      dcc: declarations.dcc,
      declaredBy: declarations.declaredBy,
      channel: declarations.channel,
      communeCode: declarations.communeCode,
      createdAt: declarations.createdAt,
      personId: declarations.personId,
      fullName: persons.fullName,
      k0: k0!,
      k1: k1!,
    })
    .from(declarations)
    .innerJoin(persons, eq(persons.id, declarations.personId))
    .where(
      and(
        // A citizen (declarationsOfPerson) sees their own and in-care records, never by jurisdiction.
        access.actor.kind === 'citizen'
          ? inArray(declarations.personId, citizenPersonIds(access))
          : scopeFor(access, declarations),
        f.communeCode ? eq(declarations.communeCode, f.communeCode) : undefined,
        f.kind ? eq(declarations.kind, f.kind) : undefined,
        f.day ? eq(declarations.day, f.day) : undefined,
        f.personId ? eq(declarations.personId, f.personId) : undefined,
        flag,
        afterCursor(KEY, f.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(KEY, 'desc'))
    .limit(f.limit + 1);
  const page = pageOf(rows, f.limit, (r) => [r.k0, r.k1]);
  if (page.items.length > 0)
    await writeAudit(
      db,
      access,
      origin,
      page.items.map((r) => ({
        action: 'read' as const,
        entity: 'declaration',
        entityId: r.id,
        personId: r.personId,
        fields: ['triage'],
      })),
    );
  return {
    items: page.items.map((r) => ({
      id: r.id,
      kind: r.kind,
      day: r.day,
      action: r.action,
      reasons: r.reasons,
      flagStatus: r.flagStatus,
      dcc: r.dcc as DccVerdict | null,
      declaredBy: r.declaredBy,
      channel: r.channel,
      communeCode: r.communeCode,
      createdAt: r.createdAt.toISOString(),
      person: { id: r.personId, fullName: r.fullName },
    })),
    nextCursor: page.nextCursor,
  };
}

/** One declaration in the caller's jurisdiction (404 outside), with its answers and passages. */
export async function readDeclaration(db: DbOrTx, access: Access, origin: AuditOrigin, id: string) {
  const [row] = await db
    .select({
      d: declarations,
      fullName: persons.fullName,
      dateOfBirth: persons.dateOfBirth,
      questionnaireUrl: questionnaires.url,
      questionnaireVersion: questionnaires.version,
    })
    .from(declarations)
    .innerJoin(persons, eq(persons.id, declarations.personId))
    .innerJoin(questionnaires, eq(questionnaires.id, declarations.questionnaireId))
    .where(and(eq(declarations.id, id), scopeFor(access, declarations)));
  if (!row) throw new AppError('NOT_FOUND');
  const passages = await db
    .select({
      id: checkpointPassages.id,
      checkpoint: checkpointPassages.checkpoint,
      action: checkpointPassages.action,
      scannedAt: checkpointPassages.scannedAt,
    })
    .from(checkpointPassages)
    .where(eq(checkpointPassages.declarationId, id))
    .orderBy(desc(checkpointPassages.scannedAt))
    .limit(100);
  const d = row.d;
  await writeAudit(db, access, origin, {
    action: 'read',
    entity: 'declaration',
    entityId: d.id,
    personId: d.personId,
    fields: ['response', 'triage'],
  });
  return {
    id: d.id,
    kind: d.kind,
    day: d.day,
    questionnaire: { id: d.questionnaireId, url: row.questionnaireUrl, version: row.questionnaireVersion },
    response: d.response as Record<string, unknown>,
    action: d.action,
    reasons: d.reasons,
    flagStatus: d.flagStatus,
    dcc: d.dcc as DccVerdict | null,
    testRegistrationId: d.testRegistrationId,
    declaredBy: d.declaredBy,
    channel: d.channel,
    paper: d.paper,
    communeCode: d.communeCode,
    createdAt: d.createdAt.toISOString(),
    person: { id: d.personId, fullName: row.fullName, dateOfBirth: row.dateOfBirth },
    passages: passages.map((p) => ({ ...p, scannedAt: p.scannedAt.toISOString() })),
  };
}

/**
 * A signed-in citizen's declarations and those of the household members in their care (the health
 * book), newest first, with each one's QR token for checkpoints and the one-tap test.
 */
export async function myDeclarations(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  page: { cursor?: string | undefined; limit: number },
) {
  const ids = citizenPersonIds(access);
  if (ids.length === 0) return { items: [], nextCursor: null };
  const [k0, k1] = keyText(KEY);
  const rows = await db
    .select({
      id: declarations.id,
      kind: declarations.kind,
      day: declarations.day,
      action: declarations.action,
      reasons: declarations.reasons,
      flagStatus: declarations.flagStatus,
      personId: declarations.personId,
      k0: k0!,
      k1: k1!,
    })
    .from(declarations)
    .where(and(inArray(declarations.personId, ids), afterCursor(KEY, page.cursor, 'desc')))
    .orderBy(...orderByKey(KEY, 'desc'))
    .limit(page.limit + 1);
  const out = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  if (out.items.length > 0)
    await writeAudit(
      db,
      access,
      origin,
      out.items.map((r) => ({
        action: 'read' as const,
        entity: 'declaration',
        entityId: r.id,
        personId: r.personId,
        fields: ['triage'],
      })),
    );
  return {
    items: await Promise.all(
      out.items.map(async ({ k0: _a, k1: _b, ...r }) => ({ ...r, token: await declarationToken(db, r.id) })),
    ),
    nextCursor: out.nextCursor,
  };
}
