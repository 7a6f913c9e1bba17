/**
 * The full rows behind one page of a person's timeline (`personRecords`), for the FHIR mappers:
 * ONE statement, a UNION ALL of one primary-key lookup per record kind on the page, each row as
 * `to_jsonb` decoded back into its Drizzle row type by the table's own column decoders (the same
 * ones a typed select uses). The Patient, the test sites (Location) and the facilities
 * (Organization) the page points to come in the same statement.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows } from '../db/client.ts';
import type { DbOrTx } from '../db/client.ts';
import {
  aefiReports,
  cases,
  checkins,
  contacts,
  declarations,
  facilities,
  issuedCertificates,
  persons,
  quarantineForms,
  quarantineOrders,
  specimens,
  testRegistrations,
  testResults,
  testSites,
  vaccinationDoses,
} from '../db/schema/index.ts';
import type { PersonRecord, RecordKind } from '../healthbook/types.ts';

/** The table of each record kind (the timeline's kinds, healthbook/branches.ts). */
export const KIND_TABLES = {
  declaration: declarations,
  checkin: checkins,
  testRegistration: testRegistrations,
  specimen: specimens,
  testResult: testResults,
  case: cases,
  contact: contacts,
  quarantineOrder: quarantineOrders,
  quarantineForm: quarantineForms,
  dose: vaccinationDoses,
  certificate: issuedCertificates,
  aefi: aefiReports,
} as const satisfies Record<RecordKind, PgTable>;

/** Kinds whose id is a bigserial (the others are uuids). */
const NUMERIC_IDS: ReadonlySet<RecordKind> = new Set(['checkin', 'quarantineForm']);

type KindTables = typeof KIND_TABLES;
/** The stored row of a kind. */
export type KindRow<K extends RecordKind> = KindTables[K]['$inferSelect'];

/** A row as `to_jsonb` gave it, decoded with the table's column decoders into its select type. */
export function decodeRow<T extends PgTable>(table: T, json: unknown): T['$inferSelect'] {
  const raw = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out;
}

/** What the page's records point to, with their rows. */
export interface PageRows {
  /** Row by `kind:id`. */
  rows: Map<string, unknown>;
  /** Lot number by dose id. */
  lots: Map<string, string>;
  person: (typeof persons)['$inferSelect'] | null;
  sites: (typeof testSites)['$inferSelect'][];
  facilities: (typeof facilities)['$inferSelect'][];
}

/** The row of one record from a `PageRows` (typed by the record's kind). */
export function rowOf<K extends RecordKind>(page: PageRows, kind: K, id: string): KindRow<K> | undefined {
  return page.rows.get(`${kind}:${id}`) as KindRow<K> | undefined;
}

const array = (values: readonly string[]) => `{${values.join(',')}}`;

/**
 * The rows of the records (one statement). `personId` (the survivor, for the Patient) is read
 * only when given (the first page).
 */
export async function pageRows(
  db: DbOrTx,
  records: readonly PersonRecord[],
  personId: string | null,
): Promise<PageRows> {
  const idsByKind = new Map<RecordKind, string[]>();
  for (const r of records) idsByKind.set(r.kind, [...(idsByKind.get(r.kind) ?? []), r.id]);
  const siteIds = [
    ...new Set(records.flatMap((r) => (r.owner.kind === 'testSite' && r.owner.id ? [r.owner.id] : []))),
  ];
  const facilityIds = [
    ...new Set(records.flatMap((r) => (r.owner.kind === 'facility' && r.owner.id ? [r.owner.id] : []))),
  ];
  const parts: SQL[] = [];
  for (const [kind, ids] of idsByKind) {
    const table = KIND_TABLES[kind];
    const type = NUMERIC_IDS.has(kind) ? sql.raw('bigint[]') : sql.raw('uuid[]');
    const extra =
      kind === 'dose' ? sql`(select lot_number from vaccine_lots l where l.id = t.lot_id)` : sql`null::text`;
    parts.push(
      sql`select ${kind}::text as kind, t.id::text as id, to_jsonb(t) as row, ${extra} as extra
          from ${table} t where t.id = any(${array(ids)}::${type})`,
    );
  }
  if (personId)
    parts.push(
      sql`select 'person' as kind, p.id::text as id, to_jsonb(p) as row, null::text as extra from persons p where p.id = ${personId}::uuid`,
    );
  if (siteIds.length)
    parts.push(
      sql`select 'site' as kind, s.id::text as id, to_jsonb(s) as row, null::text as extra from test_sites s where s.id = any(${array(siteIds)}::uuid[])`,
    );
  if (siteIds.length || facilityIds.length)
    parts.push(
      sql`select 'facility' as kind, f.id::text as id, to_jsonb(f) as row, null::text as extra from facilities f
          where f.id = any(${array(facilityIds)}::uuid[])
             or f.id in (select facility_id from test_sites where id = any(${array(siteIds)}::uuid[]))`,
    );
  const page: PageRows = { rows: new Map(), lots: new Map(), person: null, sites: [], facilities: [] };
  if (parts.length === 0) return page;
  const found = await queryRows<{ kind: string; id: string; row: unknown; extra: string | null }>(
    db,
    sql.join(parts, sql` union all `),
  );
  for (const f of found) {
    if (f.kind === 'person') page.person = decodeRow(persons, f.row);
    else if (f.kind === 'site') page.sites.push(decodeRow(testSites, f.row));
    else if (f.kind === 'facility') page.facilities.push(decodeRow(facilities, f.row));
    else {
      const kind = f.kind as RecordKind;
      page.rows.set(`${kind}:${f.id}`, decodeRow(KIND_TABLES[kind], f.row));
      if (kind === 'dose' && f.extra) page.lots.set(f.id, f.extra);
    }
  }
  return page;
}
