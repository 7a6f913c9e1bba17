/**
 * Candidate lookup for record linkage: the active people sharing a blocking key with a batch of
 * incoming records, each in its prepared (folded, parsed) form.
 *
 * Preparing a record (folding its name and address, parsing its date) was most of an import's
 * CPU time: every batch fetched thousands of candidates and prepared each again, although most
 * had been prepared by earlier batches. Prepared forms are therefore remembered per person id, with
 * the raw fields they were computed from: a remembered form is used only when every compared field
 * is still the same (an edited record is prepared again), so the cache can never change a
 * decision. It is bounded by memory, {@link PREPARED_CACHE_BYTES} (each entry's size estimated
 * from its text), and forgets the least recently used first.
 */
import { prepareLinkRecord } from '@epilink/core';
import type { LinkRecord, PreparedLinkRecord, TypedPolicyRule } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { placeWithin } from '../../access/context.ts';
import { queryRows } from '../../db/client.ts';
import { queryNamed } from '../../db/named.ts';
import type { DbOrTx } from '../../db/client.ts';
import { personBlockingKeys, persons } from '../../db/schema/index.ts';
import { policyInForce, policyInForceFromJson, policyRowsJson } from '../../policy/store.ts';
import { countsFromJson, nameCounts, nameCountsJson } from './frequencies.ts';
import type { NameCounts } from './frequencies.ts';

/** A candidate row: the blocking key it was found by and the fields linkage compares. */
interface CandidateRow {
  key: string;
  id: string;
  full_name: string;
  date_of_birth: string | null;
  sex: 'male' | 'female' | null;
  cccd: string | null;
  cmnd: string | null;
  passport: string | null;
  phone: string | null;
  commune_code: string | null;
  district_code: string | null;
  province_code: string;
  address: string | null;
}

/**
 * How much memory the prepared people remembered between batches may take: 64 MiB, ~45,000
 * people of ordinary names and addresses (150,000 people before, ~210 MB of the heap: a fifth of
 * an import's 1,024 MB budget, while a file whose people all have a CCCD fetches few candidates).
 */
export const PREPARED_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * An entry's heap bytes, estimated: two objects of ~20 fields, a map entry and ~30 strings
 * (~1,200 bytes), the name kept in about six forms (as typed, folded, toned, sorted, short, its
 * parts) and the address in three. Measured: 1,416 bytes per entry for 20-letter names and
 * addresses (heap after a full collection, 100,000 entries).
 */
const entryBytes = (r: LinkRecord) => 1_200 + 6 * r.fullName.length + 3 * (r.address?.length ?? 0);

/** Keys per candidate query (one array parameter each). */
const KEYS_PER_QUERY = 20_000;

/**
 * Up to this many keys (a declaration batch, a form, a small file) the candidates are looked up
 * key by key and person by person (`linkage_candidates`, migration 0077: index lookups whatever the
 * statistics, its plan made once per connection) rather than left to the planner's join. Blocks are small by design, but where the keys' table
 * statistics are stale (the table analysed while nearly empty, a large import since — no
 * autovacuum has run yet) PostgreSQL estimates ~0.5 % of the table per key and reads the whole
 * `persons` table into a hash for a dozen keys: 64,000 people took 47-87 ms per declaration batch
 * against 1.2 ms by index (EXPLAIN ANALYZE, 4 Dec). Large batches (imports) keep the join.
 */
export const KEYS_BY_LOOKUP = 2_000;

interface Remembered {
  source: LinkRecord;
  /** Without `nameU`: the u-probability belongs to one batch's view of the registry. */
  prepared: PreparedLinkRecord;
}

const remembered = new Map<string, Remembered>();
let rememberedBytes = 0;

function forget(id: string): void {
  const gone = remembered.get(id);
  if (gone === undefined) return;
  remembered.delete(id);
  rememberedBytes -= entryBytes(gone.source);
}

function sameFields(a: LinkRecord, b: LinkRecord): boolean {
  return (
    a.fullName === b.fullName &&
    a.dateOfBirth === b.dateOfBirth &&
    a.sex === b.sex &&
    (a.cccd ?? null) === (b.cccd ?? null) &&
    (a.cmnd ?? null) === (b.cmnd ?? null) &&
    (a.passport ?? null) === (b.passport ?? null) &&
    (a.phone ?? null) === (b.phone ?? null) &&
    (a.communeCode ?? null) === (b.communeCode ?? null) &&
    (a.address ?? null) === (b.address ?? null)
  );
}

/** A batch's own copy of a prepared record, without any batch's u-probability. */
function copyOf(p: PreparedLinkRecord): PreparedLinkRecord {
  // A rest copy, not `delete`: deleting a property slows every later read of the object.
  const { nameU: _batchU, ...copy } = p;
  return copy;
}

/**
 * Remember the prepared form of a record as stored (called by ingest for the people it adds, who
 * are the next batches' candidates).
 */
export function rememberPrepared(source: LinkRecord, prepared: PreparedLinkRecord): void {
  forget(source.id);
  const bytes = entryBytes(source);
  while (rememberedBytes + bytes > PREPARED_CACHE_BYTES && remembered.size > 0)
    forget(remembered.keys().next().value!);
  remembered.set(source.id, { source, prepared: copyOf(prepared) });
  rememberedBytes += bytes;
}

/** The prepared form of a stored record: remembered when its fields are unchanged, else prepared now. */
export function preparedFor(source: LinkRecord): PreparedLinkRecord {
  const hit = remembered.get(source.id);
  if (hit !== undefined && sameFields(hit.source, source)) {
    // Most recently used goes last.
    remembered.delete(source.id);
    remembered.set(source.id, hit);
    return copyOf(hit.prepared);
  }
  const prepared = prepareLinkRecord(source);
  rememberPrepared(source, prepared);
  return prepared;
}

/**
 * Keys whose candidates may be narrowed: every incoming record of the batch sharing the key has a
 * CCCD and neither CMND nor passport, so a candidate with another CCCD scores `distinct` against
 * each of them (core's scorePrepared: different CCCDs and no shared CMND or passport) and
 * bestCandidate skips it. Such candidates are left in the database: fetched only are those
 * without a CCCD, with one of the batch's CCCDs, or with one not in compact form (compared
 * prepared, it might equal one). Decisions are the same; a batch of records with CCCDs no longer
 * fetches every namesake and every person born on the same day.
 */
export interface NarrowKeys {
  keys: ReadonlySet<string>;
  /** The batch's CCCDs, compact (as core's prepareLinkRecord compares them). */
  cccds: readonly string[];
}

/** The batch's keys that may be narrowed (see {@link NarrowKeys}). */
export function narrowKeys(
  records: readonly PreparedLinkRecord[],
  keysOf: readonly (readonly string[])[],
): NarrowKeys {
  const open = new Set<string>();
  const all = new Set<string>();
  const cccds = new Set<string>();
  records.forEach((r, i) => {
    const idOnly = r.cccd !== '' && r.cmnd === '' && r.passport === '';
    if (r.cccd !== '') cccds.add(r.cccd);
    for (const key of keysOf[i]!) {
      all.add(key);
      if (!idOnly) open.add(key);
    }
  });
  const keys = new Set([...all].filter((k) => !open.has(k)));
  return { keys, cccds: [...cccds] };
}

/** The candidates of a batch, by blocking key; `foreignIds` are those outside `within`. */
export interface Candidates {
  byKey: Map<string, PreparedLinkRecord[]>;
  foreignIds: Set<string>;
}

/** Candidates being gathered, and each person's prepared record (one per person across lookups). */
interface Gathering extends Candidates {
  prepared: Map<string, PreparedLinkRecord>;
}

const gathering = (): Gathering => ({ byKey: new Map(), foreignIds: new Set(), prepared: new Map() });

/** Add found candidate rows to `into`, each person prepared once (see {@link preparedFor}). */
function collect(into: Gathering, found: readonly CandidateRow[], within: Access | undefined): void {
  const { prepared } = into;
  for (const f of found) {
    let rec = prepared.get(f.id);
    if (!rec) {
      rec = preparedFor({
        id: f.id,
        fullName: f.full_name,
        dateOfBirth: f.date_of_birth,
        sex: f.sex,
        cccd: f.cccd,
        cmnd: f.cmnd,
        passport: f.passport,
        phone: f.phone,
        communeCode: f.commune_code,
        address: f.address,
      });
      prepared.set(f.id, rec);
      if (
        within &&
        !placeWithin(within, {
          provinceCode: f.province_code,
          districtCode: f.district_code,
          communeCode: f.commune_code,
        })
      )
        into.foreignIds.add(f.id);
    }
    const list = into.byKey.get(f.key);
    if (list) list.push(rec);
    else into.byKey.set(f.key, [rec]);
  }
}

/** The candidates of a batch, by blocking key; `foreignIds` are those outside `within`. */
export async function fetchCandidates(
  tx: DbOrTx,
  keys: readonly string[],
  within: Access | undefined,
  narrow: NarrowKeys = { keys: new Set(), cccds: [] },
): Promise<Candidates> {
  const out = gathering();
  const lookups = [
    { keys: keys.filter((k) => !narrow.keys.has(k)), narrowed: false },
    { keys: [...narrow.keys], narrowed: true },
  ];
  // One round trip per KEYS_PER_QUERY keys, one array parameter, only the columns linkage compares.
  for (const lookup of lookups)
    for (let i = 0; i < lookup.keys.length; i += KEYS_PER_QUERY) {
      const chunk = lookup.keys.slice(i, i + KEYS_PER_QUERY);
      const found =
        chunk.length <= KEYS_BY_LOOKUP
          ? await queryNamed<CandidateRow>(
              tx,
              'epilink_linkage_candidates',
              sql`select o_key as key, o_id as id, o_full_name as full_name, o_date_of_birth as date_of_birth,
                  o_sex as sex, o_cccd as cccd, o_cmnd as cmnd, o_passport as passport, o_phone as phone,
                  o_commune_code as commune_code, o_district_code as district_code,
                  o_province_code as province_code, o_address as address
                from linkage_candidates(${sql.param(chunk)}::text[],
                  ${lookup.narrowed ? sql.param(narrow.cccds) : null}::text[])`,
            )
          : await queryRows<CandidateRow>(
              tx,
              sql`select k.key, p.id, p.full_name, p.date_of_birth::text as date_of_birth, p.sex, p.cccd, p.cmnd, p.passport, p.phone, p.commune_code, p.district_code, p.province_code, p.address
                from ${personBlockingKeys} k join ${persons} p on p.id = k.person_id
                where k.key = any(${sql.param(chunk)}::text[]) and p.merged_into is null${
                  lookup.narrowed
                    ? sql` and (p.cccd is null or p.cccd !~ '^[0-9A-Z]+$' or p.cccd = any(${sql.param(narrow.cccds)}::text[]))`
                    : sql``
                }`,
            );
      collect(out, found, within);
    }
  return { byKey: out.byKey, foreignIds: out.foreignIds };
}

/** What a batch of linkage reads before it decides: candidates, name counts, the thresholds' versions. */
export interface LinkageReads extends Candidates {
  counts: NameCounts;
  thresholds: TypedPolicyRule<'linkage.thresholds'> | undefined;
}

/** A candidate row as `linkage_candidates` returns it, inside the JSON of {@link linkageReads}. */
type FunctionRow = { [K in keyof CandidateRow as `o_${K}`]: CandidateRow[K] };

const fromFunction = (r: FunctionRow): CandidateRow => ({
  key: r.o_key,
  id: r.o_id,
  full_name: r.o_full_name,
  date_of_birth: r.o_date_of_birth,
  sex: r.o_sex,
  cccd: r.o_cccd,
  cmnd: r.o_cmnd,
  passport: r.o_passport,
  phone: r.o_phone,
  commune_code: r.o_commune_code,
  district_code: r.o_district_code,
  province_code: r.o_province_code,
  address: r.o_address,
});

/**
 * Everything a batch of linkage reads before deciding, in ONE statement when its block is small
 * (up to {@link KEYS_BY_LOOKUP} keys: a declaration group commit, a form): the candidates by both
 * lookups (`linkage_candidates`), the counts of the batch's names (`nameCountsJson`) and the
 * versions of `linkage.thresholds` (`policyRowsJson`) — three round trips before, each in the
 * group commit's transaction, which every declaration of the batch and the batch behind it waits
 * for. None depends on another's answer. A large block (an import) reads them apart, its
 * candidates by the join.
 */
export async function linkageReads(
  tx: DbOrTx,
  keys: readonly string[],
  within: Access | undefined,
  narrow: NarrowKeys,
  names: readonly string[],
  onDate: string,
): Promise<LinkageReads> {
  if (keys.length > KEYS_BY_LOOKUP) {
    const candidates = await fetchCandidates(tx, keys, within, narrow);
    const thresholds = await policyInForce(tx, 'linkage.thresholds', onDate);
    return { ...candidates, counts: await nameCounts(tx, names), thresholds };
  }
  const plain = keys.filter((k) => !narrow.keys.has(k));
  const [row] = await queryNamed<{
    plain: FunctionRow[];
    narrowed: FunctionRow[];
    counts: Record<string, number>;
    rules: Record<string, unknown>[];
  }>(
    tx,
    'epilink_linkage_reads',
    sql`select
        (select coalesce(json_agg(c), '[]'::json) from linkage_candidates(${sql.param(plain)}::text[], null::text[]) c) as plain,
        (select coalesce(json_agg(c), '[]'::json)
           from linkage_candidates(${sql.param([...narrow.keys])}::text[], ${sql.param(narrow.cccds)}::text[]) c) as narrowed,
        ${nameCountsJson(names)} as counts,
        ${policyRowsJson('linkage.thresholds')} as rules`,
  );
  const out = gathering();
  collect(out, row!.plain.map(fromFunction), within);
  collect(out, row!.narrowed.map(fromFunction), within);
  return {
    byKey: out.byKey,
    foreignIds: out.foreignIds,
    counts: countsFromJson(row!.counts),
    thresholds: policyInForceFromJson(tx, 'linkage.thresholds', row!.rules, onDate),
  };
}
