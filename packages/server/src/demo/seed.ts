import { randomUUID } from 'node:crypto';
import { generateFacilities, generatePeople } from '@epilink/demo';
import type { DemoBatch, DemoCommune, DemoPerson } from '@epilink/demo';
import { and, eq, sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import { createUser } from '../auth/users.ts';
import type { Role } from '@epilink/core';
import { bulkInsert } from '../db/bulk.ts';
import { queryRows } from '../db/client.ts';
import type { Database, Db, DbOrTx } from '../db/client.ts';
import { adminUnits, facilities, households, seedRuns } from '../db/schema/index.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import type { IncomingPerson, IngestOutcome } from '../registry/linkage/ingest.ts';
import { unitValidOn } from '../registry/units/load.ts';
import { today } from '../registry/units/repository.ts';
import {
  seedDemoVaccination,
  seedDemoVaccinationHistory,
  seedDemoVaccinationToday,
} from '../vaccination/demo.ts';
import { seedDemoTesting } from '../testing/demo.ts';
import { seedDemoCases } from '../cases/demo.ts';
import {
  applyReform,
  createDemoAccountsIn2021,
  demoHomeProvince,
  demoTerritory,
  seedDemoWave2021,
} from './history.ts';
import type { DemoTerritory } from './history.ts';
import { insertDemoHistory, prepareDemoHistory } from './epi-history.ts';
import { seedDemoVenues } from './venue-history.ts';
import { seedDemoLevelHistory } from './level-history.ts';

/** Password of every demo account. Demo accounts exist only in demo mode (README lists them). */
export const DEMO_PASSWORD = 'epilink-demo';

/**
 * The demo accounts: one per level, so jurisdiction scoping can be seen at work. In Bến Tre (83),
 * and in the new Vĩnh Long (86) once the reform is loaded (`afterReform`), where they are the same
 * accounts re-homed: the district account is the health area 831, the commune one the new 28756.
 */
export function demoAccounts(
  provinceCode: string,
  afterReform = false,
): { username: string; displayName: string; role: Role; jurisdictionCode: string }[] {
  return [
    {
      username: 'admin',
      displayName: 'Quản trị tỉnh (demo)',
      role: 'province_admin',
      jurisdictionCode: provinceCode,
    },
    {
      username: 'dichte',
      displayName: 'Chuyên viên dịch tễ tỉnh (demo)',
      role: 'provincial_epidemiologist',
      jurisdictionCode: provinceCode,
    },
    ...(provinceCode === '83' || (afterReform && provinceCode === '86')
      ? [
          {
            username: 'huyen.chauthanh',
            displayName: 'Cán bộ TTYT huyện Châu Thành (demo)',
            role: 'district_officer' as const,
            jurisdictionCode: '831',
          },
          {
            username: 'xa.phukhuong',
            displayName: 'Cán bộ trạm y tế phường Phú Khương (demo)',
            role: 'commune_officer' as const,
            jurisdictionCode: '28756',
          },
          {
            username: 'truyvet.phukhuong',
            displayName: 'Cán bộ truy vết phường Phú Khương (demo)',
            role: 'tracer' as const,
            jurisdictionCode: '28756',
          },
        ]
      : []),
    {
      username: 'baomat',
      displayName: 'Cán bộ an ninh thông tin (demo)',
      role: 'security_officer',
      jurisdictionCode: provinceCode,
    },
    {
      username: 'bcd',
      displayName: 'Ban chỉ đạo phòng chống dịch tỉnh (demo)',
      role: 'steering_committee',
      jurisdictionCode: provinceCode,
    },
  ];
}

/** The home province's communes in force today, in the generator's shape. */
export async function homeCommunes(db: DbOrTx, provinceCode: string): Promise<DemoCommune[]> {
  const on = today();
  const districts = await db
    .select({ code: adminUnits.code, name: adminUnits.name })
    .from(adminUnits)
    .where(and(eq(adminUnits.parentCode, provinceCode), unitValidOn(on)));
  const names = new Map(districts.map((d) => [d.code, d.name]));
  const communes = await db
    .select({ code: adminUnits.code, name: adminUnits.name, districtCode: adminUnits.parentCode })
    .from(adminUnits)
    .where(and(eq(adminUnits.provinceCode, provinceCode), eq(adminUnits.level, 'commune'), unitValidOn(on)))
    .orderBy(adminUnits.code);
  return communes.map((c) => ({
    code: c.code,
    name: c.name,
    districtCode: c.districtCode!,
    districtName: names.get(c.districtCode!) ?? '',
  }));
}

/** Where generated records land: their source label, province, and each commune's district. */
export interface DemoPlacement {
  source: string;
  provinceCode: string;
  districtOf: ReadonlyMap<string, string>;
  /** Each commune's province, where the communes span several (a reformed province's old ones). */
  provinceOf?: ReadonlyMap<string, string>;
}

/** Insert a generated batch's households; returns household key → database id. */
export async function insertDemoHouseholds(
  tx: DbOrTx,
  batch: DemoBatch,
  place: DemoPlacement,
): Promise<Map<string, string>> {
  if (batch.households.length === 0) return new Map();
  // Ids made here and one bulk statement: Drizzle's multi-row insert spent more CPU building the
  // statement than the database spent running it (a demo load inserts hundreds of thousands).
  const rows = batch.households.map((h) => ({
    id: randomUUID(),
    communeCode: h.communeCode,
    districtCode: place.districtOf.get(h.communeCode)!,
    provinceCode: place.provinceOf?.get(h.communeCode) ?? place.provinceCode,
    address: h.address,
  }));
  await bulkInsert(tx, households, rows);
  return new Map(batch.households.map((h, i) => [h.key, rows[i]!.id]));
}

/** A generated person as an incoming registry record (the generator's ground truth stays behind). */
export function demoPersonToIncoming(
  p: DemoPerson,
  place: DemoPlacement,
  householdId: ReadonlyMap<string, string>,
): IncomingPerson {
  return {
    source: place.source,
    externalKey: p.key,
    fullName: p.fullName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    cccd: p.cccd,
    cmnd: p.cmnd,
    passport: p.passport,
    phone: p.phone,
    address: p.address,
    communeCode: p.communeCode,
    districtCode: place.districtOf.get(p.communeCode) ?? null,
    provinceCode: place.provinceOf?.get(p.communeCode) ?? place.provinceCode,
    householdId: householdId.get(p.householdKey) ?? null,
  };
}

export interface DemoSeedResult {
  people: number;
  merged: number;
  reviews: number;
  households: number;
  facilities: number;
  outcomes?: Map<string, IngestOutcome>;
}

/**
 * Load the synthetic province through the same paths as real data: households, facilities and
 * people via record linkage (so planted duplicates are merged or queued for review). With a
 * `territory`, its old communes (and provinces) instead of the province's communes of today.
 */
export async function seedDemoProvince(
  db: Db,
  options: {
    provinceCode: string;
    scale: number;
    seed: number;
    keepOutcomes?: boolean;
    onBatch?: (done: number) => void;
    territory?: DemoTerritory;
  },
): Promise<DemoSeedResult> {
  const communes = options.territory?.communes ?? (await homeCommunes(db, options.provinceCode));
  if (communes.length === 0)
    throw new Error(`No communes for province ${options.provinceCode}: load the unit list first.`);
  const districtOf = new Map(communes.map((c) => [c.code, c.districtCode]));
  const provinceOf = options.territory?.provinceOf;
  const provinceOfDistrict = new Map(communes.map((c) => [c.districtCode, provinceOf?.get(c.code)]));
  const access = systemAccess('demo-seed');
  const place: DemoPlacement = { source: 'demo', provinceCode: options.provinceCode, districtOf, provinceOf };
  const origin = { ip: null };
  const result: DemoSeedResult = { people: 0, merged: 0, reviews: 0, households: 0, facilities: 0 };
  if (options.keepOutcomes) result.outcomes = new Map();

  const facilityRows = generateFacilities({
    seed: options.seed,
    provinceCode: options.provinceCode,
    communes,
  }).map((f) => ({
    kind: f.kind,
    name: f.name,
    unitCode: f.unitCode,
    districtCode: districtOf.get(f.unitCode) ?? (f.unitCode.length === 3 ? f.unitCode : null),
    provinceCode: provinceOf?.get(f.unitCode) ?? provinceOfDistrict.get(f.unitCode) ?? options.provinceCode,
    address: f.address,
    capacity: f.capacity,
  }));
  if (facilityRows.length > 0) await db.insert(facilities).values(facilityRows);
  result.facilities = facilityRows.length;

  for (const batch of generatePeople({
    seed: options.seed,
    scale: options.scale,
    provinceCode: options.provinceCode,
    communes,
    population: options.territory?.population,
  })) {
    await db.transaction(async (tx) => {
      const householdId = await insertDemoHouseholds(tx, batch, place);
      const outcomes = await ingestPersons(
        tx,
        access,
        origin,
        batch.people.map((p) => demoPersonToIncoming(p, place, householdId)),
      );
      outcomes.forEach((o, i) => {
        if (o.decision === 'merged') result.merged++;
        else result.people++;
        if (o.decision === 'review') result.reviews++;
        result.outcomes?.set(batch.people[i]!.key, o);
      });
      result.households += householdId.size;
    });
    options.onBatch?.(result.people + result.merged);
  }
  return result;
}

/**
 * Seed the demo province and demo accounts once (recorded in seed_runs). A province made by a
 * reform in effect (the new Vĩnh Long, 86) is generated over its old `territory` with its history
 * (demo/history.ts); any other runs in the units of today (Bến Tre 83 in its 2021 units).
 */
export async function ensureDemo(
  db: Db,
  options: { provinceCode: string; scale: number; seed: number; territory?: 'all' | string[] },
): Promise<DemoSeedResult | null> {
  const done = await db.select().from(seedRuns).where(eq(seedRuns.name, 'demo-province'));
  if (done.length > 0) return null;
  const territory = await demoTerritory(db, options.provinceCode, options.territory ?? 'all');
  let result: DemoSeedResult;
  if (territory) {
    // Before the reform: people, places, officials and the 2021-2022 history in the old units.
    const home = demoHomeProvince(territory);
    result = await seedDemoProvince(db, { ...options, provinceCode: home, territory });
    await seedDemoVaccinationHistory(db, { provinceCodes: territory.oldProvinces, seed: options.seed });
    await seedDemoWave2021(db);
    // The epidemic history (#13): generated over the 2021 communes, the part before the reform
    // recorded in them, the rest after the re-homing in today's units (demo/epi-history.ts).
    const history = await prepareDemoHistory(db, {
      seed: options.seed,
      scale: options.scale,
      until: today(),
    });
    await db.transaction(async (tx) => {
      await insertDemoHistory(tx, history, 'before');
      await seedDemoVenues(tx, { seed: options.seed, scale: options.scale, until: today() });
    });
    await createDemoAccountsIn2021(
      db,
      demoAccounts(home).map((a) => ({ ...a, password: DEMO_PASSWORD, demo: true })),
    );
    // The reform re-homes them (audited); today's data is recorded in today's units.
    await applyReform(db);
    await db.transaction((tx) => insertDemoHistory(tx, history, 'after'));
    await seedDemoVaccinationToday(db, options);
  } else {
    result = await seedDemoProvince(db, {
      provinceCode: options.provinceCode,
      scale: options.scale,
      seed: options.seed,
    });
    await seedDemoVaccination(db, options);
    const history = await prepareDemoHistory(db, {
      seed: options.seed,
      scale: options.scale,
      until: today(),
    });
    await db.transaction(async (tx) => {
      await insertDemoHistory(tx, history, 'before');
      await insertDemoHistory(tx, history, 'after');
      await seedDemoVenues(tx, { seed: options.seed, scale: options.scale, until: today() });
    });
  }
  await seedDemoTesting(db, options);
  await seedDemoCases(db, options);
  // Levels published for the weeks before this one (#13 item 11), so the public page has some.
  await seedDemoLevelHistory(db, { provinceCode: options.provinceCode });
  if (!territory) {
    for (const account of demoAccounts(options.provinceCode)) {
      await createUser(db, { ...account, password: DEMO_PASSWORD, demo: true });
    }
  }
  const { outcomes: _outcomes, ...details } = result;
  await db.insert(seedRuns).values({
    name: 'demo-province',
    details: {
      ...details,
      scale: options.scale,
      seed: options.seed,
      ...(territory ? { territory: territory.oldProvinces } : {}),
    },
  });
  return result;
}

/**
 * A synthetic adult of the demo province to try citizen sign-in with (demo mode only: these are
 * generated people, not personal data), as " (e.g. 09…, Name)"; empty when there is none.
 */
export async function demoCitizenHint(database: Database): Promise<string> {
  // At first sign-in a citizen states their date of birth and ID number (or name): print them too.
  const [row] = await queryRows<{ phone: string; full_name: string; dob: string; id_number: string | null }>(
    database.db,
    sql`select phone, full_name, date_of_birth::text as dob, coalesce(cccd, cmnd, passport) as id_number
        from persons where source = 'demo' and merged_into is null and phone is not null
        and date_of_birth < ${today()}::date - interval '30 years' order by name_key limit 1`,
  );
  return row
    ? ` (e.g. ${row.phone}, ${row.full_name}, born ${row.dob}${row.id_number ? `, ID ${row.id_number}` : ''})`
    : '';
}
