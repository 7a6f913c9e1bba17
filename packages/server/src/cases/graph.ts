/**
 * F-degrees and statuses of the contact graph (core `computeDegrees`), stored in
 * `person_epi_status`, returning who changed for the live events. Runs in the caller's
 * transaction whenever a case or contact changes: a full recompute under the disease's exclusive
 * graph lock (`lockEpiGraph`), an incremental update under per-person locks (`graphIncremental.ts`):
 * two tracers working in one component never interleave their updates of the same people.
 * A change of some people's incoming edges (confirmed, proposed or dismissed edges, a new F0) is
 * applied incrementally from where it happened (`graphIncremental.ts`, core `updateDegrees`); a
 * closed or reopened case or a changed window recomputes the whole connected component, read
 * whole (no cap: never a partial answer).
 */
import { computeDegrees, epiStatus, localDate } from '@epilink/core';
import type { ContactEdge, DegreeSeed, Degrees } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Placeholder, SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { executeTemplate, statementTemplate } from '../db/named.ts';
import type { LiveEvent } from '../events/publish.ts';

/** A uuid[] parameter. */
export function uuidArray(ids: readonly string[]) {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * Take the disease's graph lock exclusive for the rest of the transaction (a transaction-level
 * advisory lock: released at commit or rollback). A full recompute holds it, so it never overlaps
 * another degree update of the disease and reads what the previous ones committed; incremental
 * updates hold it shared and lock the people they touch (`graphIncremental.ts`). On PGlite (one
 * connection) transactions are already serial and the lock is free.
 */
export async function lockEpiGraph(db: DbOrTx, diseaseCode: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${epiGraphKey(diseaseCode)})`);
}

/** The advisory lock key of a disease's graph (incremental updates hold it shared). */
export function epiGraphKey(diseaseCode: string) {
  return sql`hashtextextended(${epiGraphKeyText(diseaseCode)}, 0)`;
}

/** The text `epiGraphKey` hashes. */
export function epiGraphKeyText(diseaseCode: string): string {
  return `epilink:epi-graph:${diseaseCode}`;
}

/**
 * Every person connected to the seeds by contact edges of the disease (any status), and the
 * edges, in breadth-first order from the seeds. The whole component: nothing is cut here.
 */
export async function loadComponent(
  db: DbOrTx,
  seeds: readonly string[],
  diseaseCode: string,
): Promise<{ people: string[]; edges: ContactEdge[] }> {
  const seen = new Set(seeds);
  const edgeIds = new Set<string>();
  const edges: ContactEdge[] = [];
  let frontier = [...seen];
  while (frontier.length > 0) {
    const rows = await queryRows<{
      id: string;
      s: string;
      p: string;
      status: ContactEdge['status'];
      d: string | null;
    }>(
      db,
      sql`select id, source_person_id as s, person_id as p, status, to_char(exposure_date, 'YYYY-MM-DD') as d
        from contacts where disease_code = ${diseaseCode}
          and (source_person_id = any(${uuidArray(frontier)}) or person_id = any(${uuidArray(frontier)}))`,
    );
    const next: string[] = [];
    for (const r of rows) {
      if (edgeIds.has(r.id)) continue;
      edgeIds.add(r.id);
      edges.push({ from: r.s, to: r.p, status: r.status, exposureDate: r.d });
      for (const x of [r.s, r.p]) {
        if (!seen.has(x)) {
          seen.add(x);
          next.push(x);
        }
      }
    }
    frontier = next;
  }
  return { people: [...seen], edges };
}

/**
 * The F0 seeds among people: every confirmed case, open or closed, with its infectious window as
 * local dates (a closed case's window ends at its end of infectiousness, else its outcome date).
 * An open case wins over a closed one of the same person.
 */
export async function seedsOf(
  db: DbOrTx,
  people: readonly string[],
  diseaseCode: string,
): Promise<DegreeSeed[]> {
  if (people.length === 0) return [];
  const rows = await queryRows<{
    person_id: string;
    f: Date | string | null;
    t: Date | string | null;
    o: string | null;
  }>(
    db,
    sql`select distinct on (person_id) person_id, infectious_from as f,
        case when infectious_to is not null then infectious_to end as t,
        case when status = 'closed' then to_char(outcome_date, 'YYYY-MM-DD') end as o
      from cases where person_id = any(${uuidArray(people)}) and disease_code = ${diseaseCode}
        and classification = 'confirmed'
      order by person_id, (status = 'open') desc, created_at desc`,
  );
  const day = (v: Date | string | null) => (v === null ? null : localDate(new Date(v)));
  return rows.map((r) => ({ personId: r.person_id, from: day(r.f), to: day(r.t) ?? r.o }));
}

/** One fact a status label needs besides the degrees: an active F0, a closed outcome, monitoring. */
export interface StatusFact {
  person_id: string;
  kind: 'f0' | 'outcome' | 'monitored';
  outcome: string | null;
}

/**
 * The status facts of `ids` as one query (rows `person_id, kind, outcome`): active F0s, the latest
 * closed outcome, and who is under monitoring. `graphIncremental.ts` reads it in the statement that
 * reads the starts' stored degrees.
 */
export function statusFactsQuery(
  ids: ReturnType<typeof sql>,
  diseaseCode: string | Placeholder,
  today: string | Placeholder,
) {
  return sql`select person_id, 'f0' as kind, null as outcome from cases where person_id = any(${ids})
        and disease_code = ${diseaseCode} and status = 'open' and classification = 'confirmed'
      union all
      select * from (select distinct on (person_id) person_id, 'outcome' as kind, outcome from cases
        where person_id = any(${ids}) and disease_code = ${diseaseCode} and outcome is not null
        order by person_id, updated_at desc) o
      union all
      select distinct person_id, 'monitored' as kind, null as outcome from contacts where person_id = any(${ids})
        and disease_code = ${diseaseCode} and status <> 'dismissed' and coalesce(follow_up_status, 'active') = 'active'
        and (monitoring_until is null or monitoring_until >= ${today}::date)`;
}

/** The status label of a person from its facts (`statusFactsQuery` rows) and its degrees. */
export function statusFrom(facts: readonly StatusFact[]) {
  const active = new Set(facts.filter((r) => r.kind === 'f0').map((r) => r.person_id));
  const outcomeOf = new Map(
    facts.filter((r) => r.kind === 'outcome').map((r) => [r.person_id, r.outcome as 'recovered' | 'died']),
  );
  const monitoring = new Set(facts.filter((r) => r.kind === 'monitored').map((r) => r.person_id));
  return (personId: string, d: Pick<Degrees, 'degree' | 'proposedDegree'>) =>
    epiStatus({
      activeF0: active.has(personId),
      outcome: outcomeOf.get(personId) ?? null,
      degrees: d,
      monitoring: monitoring.has(personId),
    });
}

/** What a status label needs besides the degrees: active F0, closed outcome, under monitoring. */
export async function statusFacts(db: DbOrTx, people: readonly string[], diseaseCode: string, today: string) {
  // One statement: active F0s, the latest closed outcome, and who is under monitoring.
  return statusFrom(await queryRows<StatusFact>(db, statusFactsQuery(uuidArray(people), diseaseCode, today)));
}

/** One row of `person_epi_status` to store. */
export interface EpiRow {
  person_id: string;
  degree: number | null;
  proposed_degree: number | null;
  exposed_on: string | null;
  status: string;
}

/** Up to this many epi rows are written looking each person's place up by id (see `storeEpiRows`). */
export const EPI_ROWS_BY_LOOKUP = 1_000;

/**
 * The epi-status upsert of `storeEpiRows` (placeholders `disease`, `rows`: the rows as JSON text),
 * in its two shapes: each row's place looked up by id (`byLookup`) or by a join; it returns the
 * changed rows' person and place. Also the first step of a decision's last statement
 * (`epiPublish.ts`): a confirmation that changes degrees writes here.
 */
export function epiUpsertSql(byLookup: boolean): SQL {
  // Each row's place from its person. PostgreSQL plans `jsonb_to_recordset` as 100 rows whatever
  // it holds, so a plain join reads the whole `persons` table into a hash wherever that looks
  // cheaper than 100 index lookups (below ~60,000 people, and in the generic plan of the named
  // statement): a few rows (a decision) look their people up one by one (`offset 0` keeps the
  // lateral subquery from being flattened into that join); a whole component keeps the join.
  const place = byLookup
    ? sql`cross join lateral (select p.province_code, p.district_code, p.commune_code from persons p
          where p.id = x.person_id offset 0) p`
    : sql`join persons p on p.id = x.person_id`;
  return sql`insert into person_epi_status as s (person_id, disease_code, degree, proposed_degree, exposed_on, status,
        province_code, district_code, commune_code, updated_at)
      select x.person_id, ${sql.placeholder('disease')}, x.degree, x.proposed_degree, x.exposed_on, x.status,
        p.province_code, p.district_code, p.commune_code, now()
      from jsonb_to_recordset(${sql.placeholder('rows')}::jsonb)
        as x(person_id uuid, degree int, proposed_degree int, exposed_on date, status text)
      ${place}
      on conflict (person_id, disease_code) do update set degree = excluded.degree,
        proposed_degree = excluded.proposed_degree, exposed_on = excluded.exposed_on, status = excluded.status,
        updated_at = now()
      where s.degree is distinct from excluded.degree or s.proposed_degree is distinct from excluded.proposed_degree
        or s.exposed_on is distinct from excluded.exposed_on or s.status is distinct from excluded.status
      returning s.person_id, s.province_code, s.district_code, s.commune_code`;
}

/** `epiUpsertSql`'s two shapes as statements built once (db/named.ts#statementTemplate). */
const epiStoreTemplates = {
  lookup: statementTemplate('epilink_epi_store', epiUpsertSql(true)),
  join: statementTemplate('epilink_epi_store', epiUpsertSql(false)),
};

/** Upsert rows, returning the live events of those whose values changed (unchanged rows are not rewritten). */
export async function storeEpiRows(
  db: DbOrTx,
  diseaseCode: string,
  rows: readonly EpiRow[],
): Promise<LiveEvent[]> {
  if (rows.length === 0) return [];
  const changed = await executeTemplate<{
    person_id: string;
    province_code: string;
    district_code: string | null;
    commune_code: string | null;
  }>(db, rows.length <= EPI_ROWS_BY_LOOKUP ? epiStoreTemplates.lookup : epiStoreTemplates.join, {
    disease: diseaseCode,
    rows: JSON.stringify(rows),
  });
  return changed.map((r) => ({
    kind: 'epiStatus' as const,
    id: r.person_id,
    personId: r.person_id,
    place: { provinceCode: r.province_code, districtCode: r.district_code, communeCode: r.commune_code },
  }));
}

/**
 * Recompute the whole component around `seeds` for a disease (under the graph lock); returns the
 * epi-status events of the people whose degree or status changed.
 */
export async function recomputeComponent(
  db: DbOrTx,
  seeds: readonly string[],
  diseaseCode: string,
  today: string = localDate(new Date()),
): Promise<LiveEvent[]> {
  if (seeds.length === 0) return [];
  await lockEpiGraph(db, diseaseCode);
  const { people, edges } = await loadComponent(db, seeds, diseaseCode);
  const degrees = computeDegrees(await seedsOf(db, people, diseaseCode), edges);
  const statusOf = await statusFacts(db, people, diseaseCode, today);
  const rows = people.map((personId): EpiRow => {
    const d = degrees.get(personId) ?? { degree: null, proposedDegree: null, exposedOn: null };
    return {
      person_id: personId,
      degree: d.degree,
      proposed_degree: d.proposedDegree,
      exposed_on: d.exposedOn,
      status: statusOf(personId, d),
    };
  });
  return storeEpiRows(db, diseaseCode, rows);
}
