/**
 * Recompute the F-degrees and statuses of a connected component of the contact graph
 * (core `computeDegrees`), store them in `person_epi_status` and return who changed, for the
 * live events. Runs in the caller's transaction whenever a case or contact in it changes.
 */
import { computeDegrees, epiStatus, localDate } from '@epilink/core';
import type { ContactEdge } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { LiveEvent } from '../events/publish.ts';

function uuidArray(ids: readonly string[]) {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** Upper bound on a component walked at once (a province-wide component is read in one go). */
const MAX_COMPONENT = 200_000;

/** Every person connected to the seeds by contact edges of the disease (any status), and the edges. */
export async function loadComponent(
  db: DbOrTx,
  seeds: readonly string[],
  diseaseCode: string,
): Promise<{ people: string[]; edges: ContactEdge[] }> {
  const seen = new Set(seeds);
  const edgeIds = new Set<string>();
  const edges: ContactEdge[] = [];
  let frontier = [...seen];
  while (frontier.length > 0 && seen.size < MAX_COMPONENT) {
    const rows = await queryRows<{ id: string; s: string; p: string; status: ContactEdge['status'] }>(
      db,
      sql`select id, source_person_id as s, person_id as p, status from contacts
        where disease_code = ${diseaseCode}
          and (source_person_id = any(${uuidArray(frontier)}) or person_id = any(${uuidArray(frontier)}))`,
    );
    const next: string[] = [];
    for (const r of rows) {
      if (edgeIds.has(r.id)) continue;
      edgeIds.add(r.id);
      edges.push({ from: r.s, to: r.p, status: r.status });
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

interface StatusRow {
  person_id: string;
  degree: number | null;
  proposed_degree: number | null;
  status: string;
  province_code: string;
  district_code: string | null;
  commune_code: string | null;
}

/**
 * Recompute the component around `seeds` for a disease; returns the epi-status events of the
 * people whose degree or status changed.
 */
export async function recomputeComponent(
  db: DbOrTx,
  seeds: readonly string[],
  diseaseCode: string,
  today: string = localDate(new Date()),
): Promise<LiveEvent[]> {
  if (seeds.length === 0) return [];
  const { people, edges } = await loadComponent(db, seeds, diseaseCode);
  const ids = uuidArray(people);
  const f0s = await queryRows<{ person_id: string }>(
    db,
    sql`select person_id from cases where person_id = any(${ids}) and disease_code = ${diseaseCode}
      and status = 'open' and classification = 'confirmed'`,
  );
  const outcomes = await queryRows<{ person_id: string; outcome: 'recovered' | 'died' }>(
    db,
    sql`select distinct on (person_id) person_id, outcome from cases
      where person_id = any(${ids}) and disease_code = ${diseaseCode} and outcome is not null
      order by person_id, updated_at desc`,
  );
  const monitored = await queryRows<{ person_id: string }>(
    db,
    sql`select distinct person_id from contacts where person_id = any(${ids}) and disease_code = ${diseaseCode}
      and status <> 'dismissed' and coalesce(follow_up_status, 'active') = 'active'
      and (monitoring_until is null or monitoring_until >= ${today}::date)`,
  );
  const degrees = computeDegrees(
    f0s.map((r) => r.person_id),
    edges,
  );
  const active = new Set(f0s.map((r) => r.person_id));
  const outcomeOf = new Map(outcomes.map((r) => [r.person_id, r.outcome]));
  const monitoring = new Set(monitored.map((r) => r.person_id));
  const rows = people.map((personId) => {
    const d = degrees.get(personId) ?? { degree: null, proposedDegree: null };
    return {
      person_id: personId,
      degree: d.degree,
      proposed_degree: d.proposedDegree,
      status: epiStatus({
        activeF0: active.has(personId),
        outcome: outcomeOf.get(personId) ?? null,
        degrees: d,
        monitoring: monitoring.has(personId),
      }),
    };
  });
  // Upsert, returning only rows whose values changed (an unchanged row is not rewritten).
  const changed = await queryRows<StatusRow>(
    db,
    sql`insert into person_epi_status as s (person_id, disease_code, degree, proposed_degree, status,
        province_code, district_code, commune_code, updated_at)
      select x.person_id, ${diseaseCode}, x.degree, x.proposed_degree, x.status,
        p.province_code, p.district_code, p.commune_code, now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(person_id uuid, degree int, proposed_degree int, status text)
      join persons p on p.id = x.person_id
      on conflict (person_id, disease_code) do update set degree = excluded.degree,
        proposed_degree = excluded.proposed_degree, status = excluded.status, updated_at = now()
      where s.degree is distinct from excluded.degree or s.proposed_degree is distinct from excluded.proposed_degree
        or s.status is distinct from excluded.status
      returning s.person_id, s.degree, s.proposed_degree, s.status, s.province_code, s.district_code, s.commune_code`,
  );
  return changed.map((r) => ({
    kind: 'epiStatus' as const,
    id: r.person_id,
    personId: r.person_id,
    place: { provinceCode: r.province_code, districtCode: r.district_code, communeCode: r.commune_code },
  }));
}
