/**
 * `personRecords`: the one seam that gathers every record linked to a person (the health book's
 * timeline, FHIR's `Patient/$everything`). Authorization in the data layer: a citizen reads only
 * the ids their session holds (self and wards), an official or API key only a person inside their
 * jurisdiction (else NOT_FOUND) and each record under `scopeFor` of its own table. One statement:
 * a UNION ALL of one keyset-limited SELECT per module, each on its person index. Audited.
 */
import { AppError } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { citizenPersonIds, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { queryRows } from '../db/client.ts';
import type { DbOrTx } from '../db/client.ts';
import { persons } from '../db/schema/index.ts';
import { branches, iso } from './branches.ts';
import type { Branch } from './branches.ts';
import { RECORD_KINDS } from './types.ts';
import type { PersonRecord, PersonRecordsPage, RecordKind } from './types.ts';

/** The most records one page holds unless the caller's seam sets its own `max` (FHIR `$everything`). */
export const MAX_RECORDS_PAGE = 200;

interface Cursor {
  at: string;
  kind: RecordKind;
  id: string;
}

/** The opaque keyset cursor of a record (its time, kind and id). */
export function recordCursor(r: Pick<PersonRecord, 'at' | 'kind' | 'id'>): string {
  return Buffer.from(JSON.stringify([r.at, r.kind, r.id])).toString('base64url');
}

function readCursor(text: string | null | undefined): Cursor | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3) {
      const [at, kind, id] = v as unknown[];
      if (
        typeof at === 'string' &&
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/u.test(at) &&
        typeof kind === 'string' &&
        (RECORD_KINDS as readonly string[]).includes(kind) &&
        typeof id === 'string' &&
        /^[0-9a-f-]{1,36}$/u.test(id)
      ) {
        return { at, kind: kind as RecordKind, id };
      }
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', {
    details: [{ path: 'query.before', messageKey: 'errors.field.invalidFormat' }],
  });
}

/**
 * The ids whose records are the person's: the surviving record and every record merged into it
 * (records keep the id they were linked to). Null when the person is not visible to the caller.
 */
export async function visibleIds(db: DbOrTx, access: Access, personId: string): Promise<string[] | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu.test(personId)) return null;
  const { actor } = access;
  if (actor.kind === 'anonymous') return null;
  if (actor.kind === 'citizen' && !citizenPersonIds(access).includes(personId)) return null;
  // Follow merges to the survivor (citizens hold survivor ids), then gather what merged into it.
  const scope = actor.kind === 'citizen' ? sql`true` : scopeFor(access, persons);
  const rows = await queryRows<{ id: string; visible: boolean }>(
    db,
    sql`with recursive up(id, merged_into, hop) as (
          select id, merged_into, 0 from persons where id = ${personId}
          union all
          select p.id, p.merged_into, up.hop + 1 from persons p join up on p.id = up.merged_into
          where up.hop < 10
        ),
        survivor as (select id from up where merged_into is null limit 1),
        down(id) as (
          select id from survivor
          union all
          select p.id from persons p join down on p.merged_into = down.id
        )
        select down.id::text as id,
               (down.id = (select id from survivor) and exists (
                 select 1 from persons where ${persons.id} = down.id and ${scope})) as visible
        from down`,
  );
  const survivor = rows.find((r) => r.visible);
  if (!survivor) return null;
  return [survivor.id, ...rows.filter((r) => r.id !== survivor.id).map((r) => r.id)];
}

/** Rows after the cursor, for a branch of one (constant) kind. */
function after(b: Branch, cursor: Cursor | null): SQL {
  if (!cursor) return sql`true`;
  const at = sql`${cursor.at}::timestamptz`;
  if (b.kind < cursor.kind) return sql`${b.at} <= ${at}`;
  if (b.kind > cursor.kind) return sql`${b.at} < ${at}`;
  return sql`(${b.at} < ${at} or (${b.at} = ${at} and ${b.id} collate "C" < ${cursor.id}))`;
}

function select(b: Branch, access: Access, ids: string[], cursor: Cursor | null, take: number): SQL {
  const citizen = access.actor.kind === 'citizen';
  const scope = citizen ? (b.citizenOnly ?? sql`true`) : scopeFor(access, b.place);
  return sql`(select ${b.kind}::text as kind, ${b.id} as id, ${b.person}::text as person_id,
      ${b.at} as at, ${b.enteredAt} as entered_at, ${b.source}::text as source,
      ${b.enteredBy}::uuid as entered_by, ${b.ownerKind}::text as owner_kind,
      ${b.ownerId}::text as owner_id, ${b.ownerName}::text as owner_name,
      ${b.place.provinceCode}::text as province_code, ${b.place.districtCode}::text as district_code,
      ${b.place.communeCode}::text as commune_code, ${b.detail} as detail
    from ${b.from}
    where ${b.person} = any(${`{${ids.join(',')}}`}::uuid[]) and ${scope} and ${after(b, cursor)}
    order by ${b.at} desc, ${b.id} collate "C" desc
    limit ${take})`;
}

interface Row {
  kind: RecordKind;
  id: string;
  person_id: string;
  at: string;
  entered_at: string | null;
  source: string | null;
  entered_by: string | null;
  user_name: string | null;
  user_role: string | null;
  owner_kind: 'facility' | 'testSite' | 'commune';
  owner_id: string | null;
  owner_name: string | null;
  province_code: string;
  district_code: string | null;
  commune_code: string | null;
  detail: unknown;
}

function toRecord(r: Row): PersonRecord {
  // The detail is built by the kind's own branch (branches.ts), so it has that kind's shape.
  const record = {
    kind: r.kind,
    id: r.id,
    personId: r.person_id,
    at: r.at,
    enteredAt: r.entered_at,
    source: r.source,
    enteredBy: r.entered_by ? { id: r.entered_by, name: r.user_name, role: r.user_role } : null,
    owner: {
      kind: r.owner_kind,
      id: r.owner_id,
      name: r.owner_name,
      provinceCode: r.province_code,
      districtCode: r.district_code,
      communeCode: r.commune_code,
    },
    detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as unknown) : r.detail,
  };
  return record as PersonRecord;
}

/**
 * One page of a person's records across every module, newest first (`before` = the previous
 * page's `nextCursor`). Not visible to the caller (outside jurisdiction, not theirs, unknown) →
 * NOT_FOUND. Writes one audit row (`read`, entity `person_records`) in the caller's transaction.
 */
export async function personRecords(
  tx: DbOrTx,
  access: Access,
  personId: string,
  opts: {
    limit?: number;
    /** The most records a page may hold (default {@link MAX_RECORDS_PAGE}, the health book's). */
    max?: number;
    before?: string | null;
    origin?: AuditOrigin;
    kinds?: readonly RecordKind[];
  },
): Promise<PersonRecordsPage> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), opts.max ?? MAX_RECORDS_PAGE);
  const cursor = readCursor(opts.before);
  const ids = await visibleIds(tx, access, personId);
  if (!ids) throw new AppError('NOT_FOUND');
  const wanted = branches().filter((b) => !opts.kinds || opts.kinds.includes(b.kind));
  const union = sql.join(
    wanted.map((b) => select(b, access, ids, cursor, limit + 1)),
    sql` union all `,
  );
  const rows = await queryRows<Row>(
    tx,
    sql`select r.kind, r.id, r.person_id, ${iso(sql`r.at`)} as at, ${iso(sql`r.entered_at`)} as entered_at,
          r.source, r.entered_by::text as entered_by, u.display_name as user_name, u.role as user_role,
          r.owner_kind, r.owner_id, r.owner_name, r.province_code, r.district_code, r.commune_code, r.detail
        from (${union}) r left join users u on u.id = r.entered_by
        order by r.at desc, r.kind collate "C" desc, r.id collate "C" desc
        limit ${limit + 1}`,
  );
  const items = rows.slice(0, limit).map(toRecord);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? recordCursor(last) : null;
  await writeAudit(tx, access, opts.origin ?? { ip: null }, [
    {
      action: 'read',
      entity: 'person_records',
      entityId: ids[0] ?? personId,
      personId: ids[0] ?? personId,
      fields: ['timeline'],
      details: { count: items.length, kinds: [...new Set(items.map((i) => i.kind))] },
    },
  ]);
  return { personId: ids[0] ?? personId, items, nextCursor };
}
