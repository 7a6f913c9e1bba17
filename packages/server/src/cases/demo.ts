/**
 * Demo cases (demo mode only, synthetic people): a few confirmed cases in one commune of the demo
 * province, made through the real seam (`applyTestResult`) so household proposals, degrees and
 * statuses are what the product computes; some contacts confirmed (F1), one cross-household
 * contact confirmed so its household shows as F2 candidates.
 */
import { randomUUID } from 'node:crypto';
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { decideContact } from './decide.ts';
import { applyTestResult } from './intake.ts';
import { insertProposals } from './proposals.ts';

/** Seed the demo cases (called from the demo seed, once). */
export async function seedDemoCases(
  db: Db,
  options: { provinceCode: string; cases?: number },
): Promise<{ cases: number; contacts: number }> {
  const access = systemAccess('demo-seed');
  const origin = { ip: null };
  // The demo commune officer's commune in Bến Tre, else the commune with the most households.
  const [commune] = await queryRows<{ commune_code: string }>(
    db,
    sql`select commune_code from households where province_code = ${options.provinceCode}
      group by commune_code order by (commune_code = '28756') desc, count(*) desc limit 1`,
  );
  if (!commune) return { cases: 0, contacts: 0 };
  const people = await queryRows<{ id: string; household_id: string }>(
    db,
    sql`select distinct on (p.household_id) p.id, p.household_id from persons p
      where p.commune_code = ${commune.commune_code} and p.merged_into is null and p.household_id is not null
        and (select count(*) from persons m where m.household_id = p.household_id and m.merged_into is null) >= 2
        and p.date_of_birth < ${today()}::date - interval '18 years'
      order by p.household_id, p.date_of_birth
      limit ${(options.cases ?? 4) + 1}`,
  );
  if (people.length < 2) return { cases: 0, contacts: 0 };
  const indexes = people.slice(0, -1);
  const outsider = people[people.length - 1]!;
  const caseIds: string[] = [];
  for (const [i, p] of indexes.entries()) {
    const { caseId } = await db.transaction((tx) =>
      applyTestResult(
        tx,
        access,
        {
          resultId: randomUUID(),
          personId: p.id,
          diseaseCode: 'COVID-19',
          testType: i % 2 === 0 ? 'rtPcr' : 'rapidAntigen',
          outcome: 'positive',
          ct: i % 2 === 0 ? 18 + i : null,
          sampledAt: new Date(Date.now() - (i + 1) * 86_400_000),
          symptomatic: true,
        },
        origin,
      ),
    );
    if (caseId) caseIds.push(caseId);
  }
  // The first case's household contacts are confirmed by a tracer (F1, followed up daily).
  const first = caseIds[0];
  if (first) {
    const proposed = await queryRows<{ id: string }>(
      db,
      sql`select id from contacts where case_id = ${first} and status = 'proposed' order by id`,
    );
    for (const c of proposed) {
      await decideContact(db, access, origin, { contactId: c.id, decision: 'confirm' });
    }
    // A neighbour named at interview, confirmed: their household becomes F2 candidates.
    const [edge] = await db.transaction((tx) =>
      insertProposals(tx, { caseId: first, sourcePersonId: indexes[0]!.id, diseaseCode: 'COVID-19' }, [
        {
          personId: outsider.id,
          exposureType: 'proximity',
          exposureDate: addDays(today(), -2),
          durationMinutes: 30,
          source: 'interview',
          venueId: null,
        },
      ]),
    );
    if (edge) await decideContact(db, access, origin, { contactId: edge.id, decision: 'confirm' });
  }
  const [n] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from contacts`);
  return { cases: caseIds.length, contacts: n?.n ?? 0 };
}
