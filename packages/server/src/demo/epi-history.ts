/**
 * The demo province's epidemic history (issue #13 item 11): the records of `@epilink/demo`'s
 * `generateHistory` — COVID-19 2021–2022, dengue every year, a current dengue outbreak — written in
 * bulk straight into the raw tables (specimens, test_results, cases, contacts; one statement per
 * table and chunk, `db/bulk.ts`). The rollups follow by their statement triggers (`case_day_counts`,
 * `indicator_days`), in the same statements, so they agree with the raw rows.
 *
 * Each case is given to a demo person of its commune (deterministic order); its records carry the
 * person's place AT INSERT TIME. So the demo inserts the part before 1/7/2025 before the reform's
 * re-homing (2021 units, as it happened) and the rest after it (today's units): `prepare`, then
 * `insert(before)`, the reform, `insert(after)`.
 */
import { randomUUID } from 'node:crypto';
import { addDays } from '@epilink/core';
import { createRng, deriveSeed, generateHistory } from '@epilink/demo';
import type { DemoHistory, HistoryCase } from '@epilink/demo';
import { sql } from 'drizzle-orm';
import { bulkInsert } from '../db/bulk.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { cases, contacts, specimens, testResults } from '../db/schema/index.ts';

/** The reform's date: records before it are in the 2021 units, from it in today's. */
export const REFORM_DAY = '2025-07-01';
const CHUNK = 5_000;

/** A generated record given to a person. */
interface Assigned<T> {
  record: T;
  personId: string;
}

/** The history with its people, split at the reform. */
export interface PreparedHistory {
  cases: Assigned<HistoryCase>[];
  /** Contact person ids of each case (same index as `cases`). */
  contacts: string[][];
  negatives: Assigned<{ disease: string; day: string }>[];
}

/** How many records one insert wrote. */
export interface HistoryCounts {
  cases: number;
  tests: number;
  contacts: number;
}

/**
 * Generate the history over the demo persons' current communes (call before the reform, when they
 * are the 2021 ones) and give every record a person: the communes' people in a seeded shuffle, one
 * case each until the commune runs out (then again from the start; never two open cases of a
 * disease for one person); contacts from the case person's household.
 */
export async function prepareDemoHistory(
  db: DbOrTx,
  options: { seed: number; scale: number; until: string },
): Promise<PreparedHistory> {
  const people = await queryRows<{ id: string; commune_code: string; household_id: string | null }>(
    db,
    sql`select id, commune_code, household_id from persons
        where source = 'demo' and merged_into is null and commune_code is not null
        order by commune_code, external_key`,
  );
  const byCommune = new Map<string, string[]>();
  const household = new Map<string, string[]>();
  const householdOf = new Map<string, string>();
  const push = (map: Map<string, string[]>, key: string, id: string) => {
    const list = map.get(key);
    if (list) list.push(id);
    else map.set(key, [id]);
  };
  for (const p of people) {
    push(byCommune, p.commune_code, p.id);
    if (p.household_id) {
      push(household, p.household_id, p.id);
      householdOf.set(p.id, p.household_id);
    }
  }
  const history: DemoHistory = generateHistory({
    seed: options.seed,
    scale: options.scale,
    until: options.until,
    communes: [...byCommune].map(([code, ids]) => ({ code, population: ids.length })),
  });
  const rng = createRng(deriveSeed(options.seed, 'history-people'));
  for (const ids of byCommune.values())
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
  const next = new Map<string, number>();
  const take = (commune: string, key: string) => {
    const ids = byCommune.get(commune)!;
    const n = next.get(key) ?? 0;
    next.set(key, n + 1);
    return ids[n % ids.length]!;
  };
  const open = new Set<string>();
  const prepared: PreparedHistory = { cases: [], contacts: [], negatives: [] };
  for (const record of history.cases) {
    let personId = take(record.communeCode, `case|${record.communeCode}`);
    if (record.outcome === null) {
      const ids = byCommune.get(record.communeCode)!;
      for (let tries = 0; open.has(`${record.disease}|${personId}`) && tries < ids.length; tries++)
        personId = take(record.communeCode, `case|${record.communeCode}`);
      if (open.has(`${record.disease}|${personId}`)) continue;
      open.add(`${record.disease}|${personId}`);
    }
    const home = householdOf.get(personId);
    const mates = home ? household.get(home)!.filter((id) => id !== personId) : [];
    prepared.cases.push({ record, personId });
    prepared.contacts.push(mates.slice(0, record.contacts));
  }
  for (const n of history.negatives)
    for (let k = 0; k < n.count; k++)
      prepared.negatives.push({
        record: { disease: n.disease, day: n.day },
        personId: take(n.communeCode, `test|${n.communeCode}`),
      });
  return prepared;
}

type Place = { provinceCode: string; districtCode: string | null; communeCode: string | null };

/** `hours` after 09:00 in Viet Nam on a local day, but never later than `now` (today's records). */
const nineAm = (day: string, now: number, hours = 0) =>
  new Date(Math.min(Date.parse(`${day}T02:00:00Z`) + hours * 3_600_000, now));

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/**
 * Insert the part of the history before the reform day (`which = 'before'`) or from it
 * (`'after'`), each record in its person's place now. Returns what was written.
 */
export async function insertDemoHistory(
  db: DbOrTx,
  prepared: PreparedHistory,
  which: 'before' | 'after',
): Promise<HistoryCounts> {
  const inPart = (day: string) => (which === 'before' ? day < REFORM_DAY : day >= REFORM_DAY);
  const now = Date.now();
  const places = new Map<string, Place>();
  for (const p of await queryRows<{
    id: string;
    province_code: string;
    district_code: string | null;
    commune_code: string | null;
  }>(
    db,
    sql`select id, province_code, district_code, commune_code from persons where source = 'demo' and merged_into is null`,
  ))
    places.set(p.id, {
      provinceCode: p.province_code,
      districtCode: p.district_code,
      communeCode: p.commune_code,
    });
  const prefix = which === 'before' ? 'DEMO-H1' : 'DEMO-H2';
  let serial = 0;
  const specimenRows: (typeof specimens.$inferInsert)[] = [];
  const resultRows: (typeof testResults.$inferInsert)[] = [];
  const test = (personId: string, disease: string, day: string, positive: boolean, ct: number | null) => {
    const place = places.get(personId)!;
    const specimenId = randomUUID();
    const resultId = randomUUID();
    const testType = disease === 'COVID-19' ? ('rtPcr' as const) : ('rapidAntigen' as const);
    const sampledAt = nineAm(day, now);
    specimenRows.push({
      id: specimenId,
      barcode: `${prefix}-${String(++serial).padStart(7, '0')}`,
      personId,
      testType,
      diseaseCode: disease,
      collectedAt: sampledAt,
      status: 'resulted',
      ...place,
    });
    resultRows.push({
      id: resultId,
      specimenId,
      personId,
      testType,
      diseaseCode: disease,
      outcome: positive ? 'positive' : 'negative',
      ct,
      sampledAt,
      resultedAt: nineAm(day, now, 8),
      source: 'import',
      ...place,
    });
    return { resultId, testType, sampledAt };
  };
  const caseRows: (typeof cases.$inferInsert)[] = [];
  const contactRows: (typeof contacts.$inferInsert)[] = [];
  prepared.cases.forEach(({ record: c, personId }, i) => {
    if (!inPart(c.sampleDay)) return;
    const evidence = test(personId, c.disease, c.sampleDay, true, c.ct);
    const id = randomUUID();
    caseRows.push({
      id,
      personId,
      diseaseCode: c.disease,
      classification: 'confirmed',
      evidence: [{ ...evidence, outcome: 'positive', ct: c.ct, sampledAt: evidence.sampledAt.toISOString() }],
      onsetDate: c.onsetDay,
      sampleDate: c.sampleDay,
      symptomatic: c.severity !== 'asymptomatic',
      severity: c.severity,
      placeOfCare: c.severity === 'severe' ? 'hospital' : c.severity === 'moderate' ? 'facility' : 'home',
      outcome: c.outcome,
      outcomeDate: c.outcomeDay,
      status: c.outcome ? 'closed' : 'open',
      note: 'demo history',
      confirmedAt: nineAm(c.sampleDay, now, 8),
      createdAt: nineAm(c.sampleDay, now, 8),
      updatedAt: c.outcomeDay ? nineAm(c.outcomeDay, now) : nineAm(c.sampleDay, now, 8),
      ...places.get(personId)!,
    });
    for (const contactId of prepared.contacts[i]!)
      contactRows.push({
        caseId: id,
        sourcePersonId: personId,
        personId: contactId,
        diseaseCode: c.disease,
        exposureType: 'household',
        exposureDate: c.onsetDay,
        source: 'household',
        status: 'confirmed',
        decidedAt: nineAm(c.sampleDay, now, 8),
        followUpStatus: c.outcome ? 'completed' : 'active',
        monitoringUntil: addDays(c.onsetDay, 14),
        createdAt: nineAm(c.sampleDay, now, 8),
        ...places.get(contactId)!,
      });
  });
  for (const { record, personId } of prepared.negatives)
    if (inPart(record.day)) test(personId, record.disease, record.day, false, null);
  await inChunks(specimenRows, (chunk) => bulkInsert(db, specimens, chunk));
  await inChunks(resultRows, (chunk) => bulkInsert(db, testResults, chunk));
  await inChunks(caseRows, (chunk) => bulkInsert(db, cases, chunk));
  await inChunks(contactRows, (chunk) => bulkInsert(db, contacts, chunk));
  return { cases: caseRows.length, tests: resultRows.length, contacts: contactRows.length };
}
