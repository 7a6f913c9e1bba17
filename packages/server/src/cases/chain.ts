/**
 * Chain graph and clusters over the contact graph, for the caller's jurisdiction: the seeds are
 * the cases in scope (optionally of an outbreak, a commune, or one person's component); the
 * components around them are read whole, but people outside the jurisdiction are only counted
 * (no id, name, degree, status or commune; no edge to them).
 */
import { connectedComponents, localDate, provinceTimeZone, venueClusters } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { placeWithin, scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { cases, contacts, persons } from '../db/schema/index.ts';
import { loadComponent } from './graph.ts';
import { caseRule } from './policy.ts';

function uuidArray(ids: readonly string[]) {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** Which part of the graph to draw. */
export interface ChainFilter {
  diseaseCode: string;
  outbreakId?: string;
  communeCode?: string;
  personId?: string;
  /** Cases confirmed within this many days (default 60). */
  days: number;
  /** Largest graph returned (people); beyond it the graph is cut and marked truncated. */
  maxNodes: number;
}

/** Seeds: persons of the cases in scope matching the filter. */
async function seedPersons(db: DbOrTx, access: Access, f: ChainFilter): Promise<string[]> {
  const rows = await db
    .select({ personId: cases.personId })
    .from(cases)
    .where(
      and(
        scopeFor(access, cases),
        eq(cases.diseaseCode, f.diseaseCode),
        f.outbreakId ? eq(cases.outbreakId, f.outbreakId) : undefined,
        f.communeCode ? eq(cases.communeCode, f.communeCode) : undefined,
        f.personId ? eq(cases.personId, f.personId) : undefined,
        sql`${cases.createdAt} > now() - make_interval(days => ${f.days})`,
      ),
    );
  if (f.personId) {
    // A contact's component is reachable from the contact too (in scope by the contact's place).
    const viaContact = await db
      .select({ person_id: contacts.personId })
      .from(contacts)
      .where(
        and(
          eq(contacts.personId, f.personId),
          eq(contacts.diseaseCode, f.diseaseCode),
          scopeFor(access, contacts),
        ),
      )
      .limit(1);
    rows.push(...viaContact.map((r) => ({ personId: r.person_id })));
  }
  return [...new Set(rows.map((r) => r.personId))];
}

/** A node of the chain graph. */
export interface ChainNode {
  id: string;
  label: string | null;
  caseId: string | null;
  classification: string | null;
  degree: number | null;
  proposedDegree: number | null;
  status: string;
  communeCode: string | null;
}

/** The chain graph (nodes with degree and status, edges with status and exposure type). */
export async function chainGraph(db: DbOrTx, access: Access, f: ChainFilter) {
  const seeds = await seedPersons(db, access, f);
  const component = await loadComponent(db, seeds, f.diseaseCode);
  // Breadth-first order from the seeds: a cut keeps the people closest to the cases in scope.
  const truncated = component.people.length > f.maxNodes;
  const people = truncated ? component.people.slice(0, f.maxNodes) : component.people;
  if (people.length === 0)
    return { nodes: [] as ChainNode[], outsideJurisdiction: 0, edges: [], truncated: false };
  const rows = await queryRows<{
    id: string;
    full_name: string;
    province_code: string;
    district_code: string | null;
    commune_code: string | null;
    case_id: string | null;
    classification: string | null;
    degree: number | null;
    proposed_degree: number | null;
    status: string | null;
  }>(
    db,
    sql`select p.id, p.full_name, p.province_code, p.district_code, p.commune_code,
        c.id as case_id, c.classification, s.degree, s.proposed_degree, s.status
      from persons p
      left join lateral (select id, classification from cases where person_id = p.id and disease_code = ${f.diseaseCode}
        order by (status = 'open') desc, created_at desc limit 1) c on true
      left join person_epi_status s on s.person_id = p.id and s.disease_code = ${f.diseaseCode}
      where p.id = any(${uuidArray(people)})`,
  );
  const edgeRows = await queryRows<{
    id: string;
    s: string;
    p: string;
    status: string;
    exposure_type: string;
  }>(
    db,
    sql`select id, source_person_id as s, person_id as p, status, exposure_type from contacts
      where disease_code = ${f.diseaseCode} and person_id = any(${uuidArray(people)})
        and source_person_id = any(${uuidArray(people)})`,
  );
  // People outside the caller's jurisdiction are counted, never shown: not their id, degree,
  // status or commune, nor the edges that reach them (issue #9, item 1).
  const visible = rows.filter((r) =>
    placeWithin(access, {
      provinceCode: r.province_code,
      districtCode: r.district_code,
      communeCode: r.commune_code,
    }),
  );
  const shown = new Set(visible.map((r) => r.id));
  const nodes: ChainNode[] = visible.map((r) => ({
    id: r.id,
    label: r.full_name,
    caseId: r.case_id,
    classification: r.classification,
    degree: r.degree,
    proposedDegree: r.proposed_degree,
    status: r.status ?? 'cleared',
    communeCode: r.commune_code,
  }));
  return {
    nodes,
    outsideJurisdiction: rows.length - visible.length,
    edges: edgeRows
      .filter((e) => shown.has(e.s) && shown.has(e.p))
      .map((e) => ({
        id: e.id,
        from: e.s,
        to: e.p,
        status: e.status,
        exposureType: e.exposure_type,
      })),
    truncated,
  };
}

/** The subset of people whose record lies inside the caller's jurisdiction. */
async function personsInScope(db: DbOrTx, access: Access, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(sql`${persons.id} = any(${uuidArray(ids)})`, scopeFor(access, persons)));
  return new Set(rows.map((r) => r.id));
}

/** Clusters: connected components with ≥ 2 people around the cases in scope, and venue clusters. */
export async function clusters(db: DbOrTx, access: Access, f: ChainFilter) {
  const seeds = await seedPersons(db, access, f);
  const { edges } = await loadComponent(db, seeds, f.diseaseCode);
  const components = connectedComponents(edges, seeds).filter((c) => c.length >= 2);
  const all = components.flat();
  const caseRows =
    all.length === 0
      ? []
      : await queryRows<{ person_id: string; day: string }>(
          db,
          // A case counts on its onset day, else its sample day (#19 item 12): the day it was
          // confirmed lags by the lab's delay and would shift the curve; that day is the last resort.
          sql`select person_id, coalesce(to_char(onset_date, 'YYYY-MM-DD'), to_char(sample_date, 'YYYY-MM-DD'),
                to_char(coalesce(confirmed_at, created_at) at time zone ${provinceTimeZone()}, 'YYYY-MM-DD')) as day
            from cases where person_id = any(${uuidArray(all)}) and disease_code = ${f.diseaseCode}
              and classification = 'confirmed'`,
        );
  const contactRows =
    all.length === 0
      ? []
      : await queryRows<{ person_id: string; day: string }>(
          db,
          sql`select person_id, to_char(min(created_at) at time zone ${provinceTimeZone()}, 'YYYY-MM-DD') as day
            from contacts where person_id = any(${uuidArray(all)}) and disease_code = ${f.diseaseCode}
              and status <> 'dismissed' group by person_id`,
        );
  const inScope = await personsInScope(db, access, all);
  const caseDay = new Map(caseRows.map((r) => [r.person_id, r.day]));
  const contactDay = new Map(contactRows.map((r) => [r.person_id, r.day]));
  const graphClusters = components
    .map((people) => {
      const timeline = new Map<string, { cases: number; contacts: number }>();
      for (const p of people) {
        const cd = caseDay.get(p);
        if (cd) {
          const t = timeline.get(cd) ?? { cases: 0, contacts: 0 };
          t.cases++;
          timeline.set(cd, t);
        }
        const kd = contactDay.get(p);
        if (kd && !cd) {
          const t = timeline.get(kd) ?? { cases: 0, contacts: 0 };
          t.contacts++;
          timeline.set(kd, t);
        }
      }
      const shown = people.filter((p) => inScope.has(p));
      return {
        id: shown[0] ?? '',
        size: people.length,
        caseCount: people.filter((p) => caseDay.has(p)).length,
        // Only people inside the caller's jurisdiction are named by id; the rest are counted.
        personIds: shown,
        outsideJurisdiction: people.length - shown.length,
        timeline: [...timeline.entries()]
          .sort((a, b) => a[0].localeCompare(b[0]))
          .map(([date, v]) => ({ date, ...v })),
      };
    })
    .filter((c) => c.caseCount > 0);
  const visits = await queryRows<{ case_id: string; venue_id: string; venue_name: string; day: string }>(
    db,
    sql`select cases.id as case_id, k.venue_id, v.name as venue_name,
        to_char(k.checked_in_at at time zone ${provinceTimeZone()}, 'YYYY-MM-DD') as day
      from cases
      join checkins k on k.person_id = cases.person_id and k.checked_in_at >= cases.infectious_from
        and k.checked_in_at < coalesce(cases.infectious_to, now())
      join venues v on v.id = k.venue_id
      where ${scopeFor(access, cases)} and cases.disease_code = ${f.diseaseCode} and cases.classification = 'confirmed'
        and cases.infectious_from is not null and cases.created_at > now() - make_interval(days => ${f.days})
        ${f.communeCode ? sql`and cases.commune_code = ${f.communeCode}` : sql``}
        ${f.outbreakId ? sql`and cases.outbreak_id = ${f.outbreakId}` : sql``}`,
  );
  const rule = await caseRule(db, 'cluster.venueMinCases', localDate(new Date()), f.diseaseCode);
  const names = new Map(visits.map((v) => [v.venue_id, v.venue_name]));
  const venue = venueClusters(
    visits.map((v) => ({ caseId: v.case_id, venueId: v.venue_id, date: v.day })),
    rule?.value ?? { minCases: 3, windowDays: 14 },
  ).map((c) => ({ ...c, venueName: names.get(c.venueId) ?? '' }));
  return { clusters: graphClusters, venueClusters: venue };
}
