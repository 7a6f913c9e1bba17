import { AppError, checkCccdAgainstPerson, maskPhone } from '@epilink/core';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Access } from '../../access/context.ts';
import { scopeFor } from '../../access/context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../http/page.ts';
import { adminUnits, households, personMerges, persons } from '../../db/schema/index.ts';
import { today } from '../units/repository.ts';
import type { HistoryEntry } from './history.ts';
import { HISTORY_FIRST_PAGE, historyPage, mergedIds } from './history.ts';
import type { PersonDetail, PersonSummary } from './presenter.ts';
import { maskIdNumber } from './presenter.ts';
import { escapeLike } from './search.ts';
import type { PersonQuery } from './search.ts';

const commune = alias(adminUnits, 'commune');
const district = alias(adminUnits, 'district');

/** Columns of a person row with the names of its commune and district, for presenting. */
function summaryQuery(db: DbOrTx) {
  const on = today();
  return db
    .select({
      person: persons,
      communeName: commune.name,
      districtName: district.name,
    })
    .from(persons)
    .leftJoin(
      commune,
      and(
        eq(commune.code, persons.communeCode),
        sql`${commune.validFrom} <= ${on}`,
        sql`(${commune.validTo} is null or ${commune.validTo} > ${on})`,
      ),
    )
    .leftJoin(
      district,
      and(
        eq(district.code, persons.districtCode),
        sql`${district.validFrom} <= ${on}`,
        sql`(${district.validTo} is null or ${district.validTo} > ${on})`,
      ),
    );
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function toSummary(row: SummaryRow): PersonSummary {
  const p = row.person;
  return {
    id: p.id,
    fullName: p.fullName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    commune: p.communeCode ? { code: p.communeCode, name: row.communeName ?? p.communeCode } : null,
    district: p.districtCode ? { code: p.districtCode, name: row.districtName ?? p.districtCode } : null,
    idNumberMasked: maskIdNumber(p.cccd ?? p.cmnd ?? p.passport),
    phoneMasked: p.phone ? maskPhone(p.phone) : null,
  };
}

/** The jurisdiction condition for the persons table. */
export function personScope(access: Access) {
  return scopeFor(access, persons);
}

/**
 * Search active (unmerged) people inside the caller's jurisdiction: one keyset page in name-key
 * order (`cursor` = the previous page's `nextCursor`), so every match is reachable — a common name
 * prefix in a province matches thousands.
 */
export async function searchPersons(
  db: DbOrTx,
  access: Access,
  query: PersonQuery,
  page: { limit: number; cursor?: string },
): Promise<{ items: PersonSummary[]; nextCursor: string | null }> {
  const base = and(isNull(persons.mergedInto), personScope(access), afterPerson(page.cursor));
  let where;
  switch (query.kind) {
    case 'empty':
      return { items: [], nextCursor: null };
    case 'id':
      where = and(
        base,
        sql`(${persons.cccd} = ${query.value} or ${persons.cmnd} = ${query.value} or ${persons.passport} = ${query.value})`,
      );
      break;
    case 'phone':
      where = and(base, eq(persons.phone, query.value));
      break;
    case 'name':
      where = and(base, sql`${persons.nameKey} like ${escapeLike(query.prefix) + '%'}`);
      break;
    default: {
      const unreachable: never = query;
      return unreachable;
    }
  }
  const rows = await summaryQuery(db)
    .where(where)
    // `using ~<~` is the order of the text_pattern_ops name index (C.UTF-8 is not C): top-20 from the index, no sort.
    .orderBy(sql`${persons.nameKey} using ~<~`, asc(persons.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1)?.person;
  return {
    items: shown.map(toSummary),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.id]) : null,
  };
}

/**
 * Rows after a search cursor (the last row's id) in the name index's order (`~>~`, byte order
 * like the index); the key is read back from the row, so a long name never overflows the cursor.
 */
function afterPerson(cursor: string | undefined): SQL | undefined {
  if (cursor === undefined) return undefined;
  const [id] = decodeCursor(cursor, 1);
  if (!z.uuid().safeParse(id).success)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'cursor', messageKey: 'errors.validationFailed' }],
    });
  const key = sql`(select k.name_key from persons k where k.id = ${id}::uuid)`;
  return sql`(${persons.nameKey} ~>~ ${key} or (${persons.nameKey} = ${key} and ${persons.id} > ${id}::uuid))`;
}

/** Follow merges from an ID to the surviving record (bounded, in case of a corrupt cycle). */
export async function resolvePersonId(
  db: DbOrTx,
  id: string,
): Promise<{ id: string; resolvedFrom: string | null } | null> {
  let current = id;
  for (let hop = 0; hop < 10; hop++) {
    const [row] = await db
      .select({ mergedInto: persons.mergedInto })
      .from(persons)
      .where(eq(persons.id, current));
    if (!row) return null;
    if (!row.mergedInto) return { id: current, resolvedFrom: current === id ? null : id };
    current = row.mergedInto;
  }
  return null;
}

/**
 * The person page. A person outside the caller's jurisdiction is NOT_FOUND (not FORBIDDEN), so
 * their existence does not leak. A merged ID resolves to the surviving record.
 */
export async function getPersonDetail(
  db: DbOrTx,
  access: Access,
  id: string,
): Promise<{ person: PersonDetail; resolvedFrom: string | null }> {
  const resolved = await resolvePersonId(db, id);
  if (!resolved) throw new AppError('NOT_FOUND');
  const [row] = await summaryQuery(db).where(and(eq(persons.id, resolved.id), personScope(access)));
  if (!row) throw new AppError('NOT_FOUND');
  const p = row.person;

  let household: PersonDetail['household'] = null;
  if (p.householdId) {
    const [hh] = await db.select().from(households).where(eq(households.id, p.householdId));
    const members = await summaryQuery(db)
      .where(and(eq(persons.householdId, p.householdId), isNull(persons.mergedInto), personScope(access)))
      .orderBy(asc(persons.dateOfBirth));
    household = { id: p.householdId, address: hh?.address ?? null, members: members.map(toSummary) };
  }

  const merged = await db
    .select({ id: persons.id, fullName: persons.fullName, mergedAt: personMerges.mergedAt })
    .from(personMerges)
    .innerJoin(persons, eq(persons.id, personMerges.mergedId))
    .where(and(eq(personMerges.survivorId, p.id), isNull(personMerges.undoneAt)))
    .orderBy(desc(personMerges.mergedAt));
  // The first page of the record's history; the rest through GET /api/persons/:id/history.
  const history = await historyPage(db, [p.id, ...merged.map((m) => m.id)], { limit: HISTORY_FIRST_PAGE });

  const issues = p.cccd ? checkCccdAgainstPerson(p.cccd, { sex: p.sex, dateOfBirth: p.dateOfBirth }) : [];
  return {
    resolvedFrom: resolved.resolvedFrom,
    person: {
      ...toSummary(row),
      cccd: p.cccd,
      cmnd: p.cmnd,
      passport: p.passport,
      phone: p.phone,
      address: p.address,
      idIssues: issues.map((i) => {
        const params: Record<string, string> =
          i.code === 'CCCD_INVALID'
            ? { reason: i.reason }
            : { cccdSays: String(i.cccdSays), recorded: String(i.recorded) };
        return { messageKey: `registry.idIssue.${i.code}`, params };
      }),
      household,
      mergedFrom: merged.map((m) => ({ id: m.id, fullName: m.fullName, mergedAt: m.mergedAt.toISOString() })),
      history: history.items,
      historyNextCursor: history.nextCursor,
    },
  };
}

/** Summaries of given people, scoped (used by the review queue). */
export async function personSummaries(
  db: DbOrTx,
  access: Access,
  ids: string[],
): Promise<Map<string, PersonSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await summaryQuery(db).where(and(inArray(persons.id, ids), personScope(access)));
  return new Map(rows.map((r) => [r.person.id, toSummary(r)]));
}

/**
 * A page of a person's history for `GET /api/persons/:id/history` (after the person page's first
 * page): a merged ID resolves, a person outside the caller's jurisdiction is NOT_FOUND. Returns the
 * surviving record's id for the audit row.
 */
export async function personHistory(
  db: DbOrTx,
  access: Access,
  id: string,
  page: { limit: number; cursor?: string },
): Promise<{ personId: string; items: HistoryEntry[]; nextCursor: string | null }> {
  const resolved = await resolvePersonId(db, id);
  if (!resolved) throw new AppError('NOT_FOUND');
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, resolved.id), personScope(access)));
  if (!row) throw new AppError('NOT_FOUND');
  const result = await historyPage(db, await mergedIds(db, row.id), page);
  return { personId: row.id, ...result };
}
