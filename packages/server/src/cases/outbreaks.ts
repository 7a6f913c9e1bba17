/** Outbreaks, tracers and epidemiological status: the queries behind tracingRoutes.ts. */
import { AppError } from '@epilink/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { cases, diseases, outbreaks, personEpiStatus, users } from '../db/schema/index.ts';
import { findUnit } from '../registry/units/repository.ts';

/** The tracer list's order: by name, then id (keyset). */
const TRACER_KEY: KeyPart[] = [
  { column: users.displayName, type: 'text' },
  { column: users.id, type: 'uuid' },
];

/** One page of the officials of the caller's jurisdiction who may trace (for assignment), by name. */
export async function listTracers(
  db: DbOrTx,
  access: Access,
  page: { limit: number; cursor?: string },
): Promise<{
  items: { id: string; displayName: string; role: string; communeCode: string | null }[];
  nextCursor: string | null;
}> {
  const [k0, k1] = keyText(TRACER_KEY);
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      role: users.role,
      communeCode: users.communeCode,
      k0: k0!,
      k1: k1!,
    })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        scopeFor(access, users),
        inArray(users.role, ['tracer', 'commune_officer', 'district_officer']),
        afterCursor(TRACER_KEY, page.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(TRACER_KEY, 'asc'))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  return { items: items.map(({ k0: _k0, k1: _k1, ...t }) => t), nextCursor };
}

const OUTBREAK_KEY: KeyPart[] = [
  { column: outbreaks.startedOn, type: 'date' },
  { column: outbreaks.id, type: 'uuid' },
];

/**
 * A page of the outbreaks (of a disease, if given), oldest first, with the count of their cases
 * inside the caller's jurisdiction.
 */
export async function listOutbreaks(
  db: DbOrTx,
  access: Access,
  input: { diseaseCode?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const [k0, k1] = keyText(OUTBREAK_KEY);
  const fetched = await db
    .select({ outbreak: outbreaks, k0: k0!, k1: k1! })
    .from(outbreaks)
    .where(
      and(
        input.diseaseCode ? eq(outbreaks.diseaseCode, input.diseaseCode) : undefined,
        afterCursor(OUTBREAK_KEY, input.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(OUTBREAK_KEY, 'asc'))
    .limit(input.limit + 1);
  const page = pageOf(fetched, input.limit, (r) => [r.k0, r.k1]);
  const rows = page.items.map((r) => r.outbreak);
  // Cases are counted only inside the caller's jurisdiction (a case's place is its person's).
  const counts =
    rows.length === 0
      ? []
      : await db
          .select({ outbreakId: cases.outbreakId, n: sql<number>`count(*)::int` })
          .from(cases)
          .where(
            and(
              inArray(
                cases.outbreakId,
                rows.map((o) => o.id),
              ),
              scopeFor(access, cases),
            ),
          )
          .groupBy(cases.outbreakId);
  const countOf = new Map(counts.map((c) => [c.outbreakId, c.n]));
  return {
    items: rows.map((o) => ({ ...o, caseCount: countOf.get(o.id) ?? 0 })),
    nextCursor: page.nextCursor,
  };
}

/** Store an outbreak of a known disease in the province (the caller audits it in the same transaction). */
export async function declareOutbreak(
  tx: DbOrTx,
  provinceCode: string,
  input: { diseaseCode: string; name: string; startedOn: string; note?: string | null | undefined },
): Promise<string> {
  const [disease] = await tx
    .select({ code: diseases.code })
    .from(diseases)
    .where(eq(diseases.code, input.diseaseCode));
  if (!disease) throw new AppError('UNKNOWN_CODE', { params: { code: input.diseaseCode } });
  const province = await findUnit(tx, provinceCode);
  const [row] = await tx
    .insert(outbreaks)
    .values({ ...input, provinceCode: province?.code ?? provinceCode })
    .returning({ id: outbreaks.id });
  return row!.id;
}

/** The stored epidemiological status of people (the caller has checked they may see them). */
export function epiStatusOf(db: DbOrTx, personIds: string[]) {
  return personIds.length === 0
    ? Promise.resolve([])
    : db.select().from(personEpiStatus).where(inArray(personEpiStatus.personId, personIds));
}
