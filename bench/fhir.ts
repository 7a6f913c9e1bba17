/**
 * fhir: the FHIR R4 API through real HTTP on PostgreSQL (#17 must-show).
 *
 *   npm run bench -- fhir [--records 1000] [--opens 100] [--warmup 10] [--bundles 20] [--size 50]
 *
 * A fresh database `epilink_bench_fhir`: one person with `records` records (the health book's
 * fixtures, twelve kinds) read by `GET /fhir/Patient/:id/$everything` with an API key of the
 * commune: the whole book, every page at the largest _count the server offers (EVERYTHING_PAGE.max)
 * following the next links, and again at _count=200 (everything_200_*); CPU ms and statements per book
 * (everything_p50/p95_ms: the target, p95 ≤ 200 ms for a person with 1,000 records), and the
 * first page alone (default _count 100: everything_first_page_*); then `bundles` transaction Bundles of `size`
 * RT-PCR results (one in ten positive) for people known by CCCD, posted by a hospital's key, each
 * through linkage-by-CCCD, registration, specimen, result and the case seam
 * (transaction_results_per_s, target ≥ 500, after one uncounted Bundle; statements, node and
 * PostgreSQL CPU ms per result alongside).
 * /healthz alongside as the HTTP baseline; load average.
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { buildApp } from '../packages/server/src/app.ts';
import { insertApiKey } from '../packages/server/src/admin/apiKeyStore.ts';
import { newApiKey } from '../packages/server/src/auth/apiKeys.ts';
import { resolveJurisdiction } from '../packages/server/src/auth/users.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import { facilities, testSites } from '../packages/server/src/db/schema/index.ts';
import { EVERYTHING_PAGE } from '../packages/server/src/fhir/everything.ts';
import { SYSTEMS } from '../packages/server/src/fhir/systems.ts';
import { fixtureUnits, seedRecords } from '../packages/server/src/healthbook/fixtures.ts';
import {
  benchDatabase,
  checkKnownArgs,
  median,
  numberArg,
  parseArgs,
  percentile,
  round,
  runBench,
  say,
  timeSequential,
  writeResult,
} from './lib.ts';
import { cpuNow, cpuSince, recordStatements, statementLines } from './measure/cost.ts';

const KINDS = 12;
const PLACE = { province: '83', district: '829', commune: '28756' };

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['records', 'opens', 'warmup', 'bundles', 'size']);
  const records = numberArg(args, 'records', 1000);
  const opens = numberArg(args, 'opens', 100);
  const warmup = numberArg(args, 'warmup', 10);
  const bundles = numberArg(args, 'bundles', 20);
  const size = numberArg(args, 'size', 50);
  const loadBefore = loadavg()[0]!;

  const target = await benchDatabase('fhir', { fresh: true });
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
  });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(database, config);
  const { db } = database;
  const people = await queryRows<{ id: string }>(
    db,
    sql`insert into persons (full_name, name_key, province_code, district_code, commune_code, source, cccd)
        select 'Người FHIR ' || g, 'nguoi fhir ' || g, ${PLACE.province}, ${PLACE.district}, ${PLACE.commune}, 'bench',
          '0830900' || lpad(g::text, 5, '0')
        from generate_series(0, ${(bundles + 1) * size + 1}) g order by g returning id`,
  );
  const units = await fixtureUnits(db, { province: PLACE.province, commune: PLACE.commune });
  const [source, subject] = people.map((p) => p.id);
  await seedRecords(db, subject!, source!, units, Math.ceil(records / KINDS));
  const [hospital] = await db
    .insert(facilities)
    .values({
      kind: 'provincial_hospital',
      name: 'BV bench',
      unitCode: PLACE.district,
      districtCode: PLACE.district,
      provinceCode: PLACE.province,
    })
    .returning({ id: facilities.id });
  await db.insert(testSites).values({
    name: 'Khoa XN bench',
    facilityId: hospital!.id,
    provinceCode: PLACE.province,
    districtCode: PLACE.district,
    communeCode: PLACE.commune,
  });
  const { key, prefix, hash } = newApiKey();
  await insertApiKey(db, {
    name: 'bench',
    prefix,
    hash,
    scopes: ['person:read', 'person:write'],
    jurisdiction: await resolveJurisdiction(db, PLACE.commune),
    createdBy: '00000000-0000-4000-8000-000000000000',
    expiresAt: null,
    ownerFacilityId: hospital!.id,
  });
  await db.execute(sql`analyze`);

  const app = await buildApp({ config, database }, { logger: false, serveWeb: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/fhir+json' };
    const healthz = await timeSequential(opens, warmup, async () => {
      await (await fetch(`${base}/healthz`)).arrayBuffer();
    });
    let count = 0;
    const open = async () => {
      const r = await fetch(`${base}/fhir/Patient/${subject!}/$everything`, { headers });
      const body = (await r.json()) as { entry?: unknown[] };
      if (r.status !== 200) throw new Error(`$everything answered ${r.status}`);
      count = body.entry?.length ?? 0;
    };
    const everything = await timeSequential(opens, warmup, open);
    // The whole book: every page following the next links, at the largest page the server offers
    // (EVERYTHING_PAGE.max) and at 200 (the health book's page, the largest before #17's bench work).
    let walked = 0;
    const walkBook = async (pageSize: number) => {
      let url: string | null = `${base}/fhir/Patient/${subject!}/$everything?_count=${pageSize}`;
      walked = 0;
      while (url) {
        const r = await fetch(url, { headers });
        const body = (await r.json()) as { entry?: unknown[]; link?: { relation: string; url: string }[] };
        if (r.status !== 200) throw new Error(`$everything answered ${r.status}`);
        walked += body.entry?.length ?? 0;
        url = body.link?.find((l) => l.relation === 'next')?.url ?? null;
      }
    };
    /** Node and PostgreSQL CPU ms and statements of one whole book (load-independent). */
    const bookCost = async (pageSize: number) => {
      const log = recordStatements();
      const from = await cpuNow(db);
      const times = 10;
      for (let i = 0; i < times; i++) await walkBook(pageSize);
      const used = await cpuSince(db, from);
      return {
        statements: log.stop().count / times,
        node: round((used.node * 1000) / times, 1),
        pg: round((used.pg * 1000) / times, 1),
      };
    };
    const walk = await timeSequential(opens, warmup, () => walkBook(EVERYTHING_PAGE.max));
    const walk200 = await timeSequential(opens, warmup, () => walkBook(200));
    const cost = await bookCost(EVERYTHING_PAGE.max);
    const cost200 = await bookCost(200);
    const openLog = recordStatements();
    await open();
    const everythingStatements = openLog.stop();
    for (const line of statementLines(everythingStatements, 1)) say(`$everything ${line}`);
    let n = 2;
    const bundle = () => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: Array.from({ length: size }, () => {
        const i = n++;
        return {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '94500-6' }] },
            subject: { reference: `Patient?identifier=${SYSTEMS.cccd}|0830900${String(i).padStart(5, '0')}` },
            effectiveDateTime: new Date(Date.now() - 3_600_000).toISOString(),
            valueCodeableConcept: {
              coding: [{ system: 'http://snomed.info/sct', code: i % 10 === 0 ? '10828004' : '260385009' }],
            },
          },
          request: { method: 'POST', url: 'Observation' },
        };
      }),
    });
    // One Bundle first, not counted: the schema validators of Bundle and Observation are compiled on
    // their first use (~0.5 s of CPU once per process), the steady state is what is measured.
    const warm = await fetch(`${base}/fhir`, { method: 'POST', headers, body: JSON.stringify(bundle()) });
    if (warm.status !== 200) throw new Error(`transaction answered ${warm.status}: ${await warm.text()}`);
    await warm.arrayBuffer();
    const bundleLog = recordStatements();
    const cpuFrom = await cpuNow(db);
    const start = performance.now();
    for (let b = 0; b < bundles; b++) {
      const r = await fetch(`${base}/fhir`, { method: 'POST', headers, body: JSON.stringify(bundle()) });
      if (r.status !== 200) throw new Error(`transaction answered ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    }
    const seconds = (performance.now() - start) / 1000;
    const bundleStatements = bundleLog.stop();
    const cpu = await cpuSince(db, cpuFrom);
    for (const line of statementLines(bundleStatements, bundles * size)) say(`per result ${line}`);
    const loadAfter = loadavg()[0]!;
    const metrics = {
      // The target (≤ 200 ms for a person with 1,000 records) is the whole $everything: every page.
      everything_p50_ms: round(median(walk)),
      everything_p95_ms: round(percentile(walk, 95)),
      everything_resources: walked,
      everything_page_size: EVERYTHING_PAGE.max,
      everything_statements: cost.statements,
      everything_node_cpu_ms: cost.node,
      everything_pg_cpu_ms: cost.pg,
      everything_200_p50_ms: round(median(walk200)),
      everything_200_p95_ms: round(percentile(walk200, 95)),
      everything_200_statements: cost200.statements,
      everything_200_node_cpu_ms: cost200.node,
      everything_200_pg_cpu_ms: cost200.pg,
      everything_first_page_p50_ms: round(median(everything)),
      everything_first_page_p95_ms: round(percentile(everything, 95)),
      everything_first_page_resources: count,
      everything_first_page_statements: everythingStatements.count,
      transaction_results_per_s: round((bundles * size) / seconds),
      transaction_statements_per_result: round(bundleStatements.count / (bundles * size), 2),
      // CPU per result, load-independent: this process (server and client) and the database's backends.
      transaction_node_cpu_ms_per_result: round((cpu.node * 1000) / (bundles * size), 2),
      transaction_pg_cpu_ms_per_result: round((cpu.pg * 1000) / (bundles * size), 2),
      healthz_p95_ms: round(percentile(healthz, 95)),
      load_before: round(loadBefore),
      load_after: round(loadAfter),
    };
    say(JSON.stringify(metrics));
    say(`wrote ${writeResult({ name: 'fhir', params: { records, opens, warmup, bundles, size }, metrics })}`);
  } finally {
    await app.close();
    await database.close();
  }
}

runBench(main);
