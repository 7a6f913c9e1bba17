/**
 * search: person search over the whole province (1.29 M people at --scale 1) on PostgreSQL,
 * through the real HTTP API of the in-process app, signed in as a province official.
 *
 *   npm run bench -- search [--scale 1] [--queries 300] [--warmup 40] [--reload]
 *
 * The database `epilink_bench_search` is kept between runs: when its marker (seed_runs row
 * 'bench-search') says the same scale and seed were loaded, loading is skipped.
 * People are loaded by a bulk path (multi-row INSERTs of `toPersonRow` rows, no linkage, planted
 * duplicates left out): linkage at this size is far too slow today (see the linkage benchmark).
 */
import { randomUUID } from 'node:crypto';
import { createRng, deriveSeed, generatePeople } from '@epilink/demo';
import type { DemoPerson } from '@epilink/demo';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { userAccess } from '../packages/server/src/access/context.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { createUser } from '../packages/server/src/auth/users.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, schema } from '../packages/server/src/db/client.ts';
import type { Database, Db } from '../packages/server/src/db/client.ts';
import { persons, seedRuns } from '../packages/server/src/db/schema/index.ts';
import {
  demoPersonToIncoming,
  homeCommunes,
  insertDemoHouseholds,
} from '../packages/server/src/demo/seed.ts';
import { toPersonRow } from '../packages/server/src/registry/linkage/ingest.ts';
import { searchPersons } from '../packages/server/src/registry/persons/repository.ts';
import { parsePersonQuery } from '../packages/server/src/registry/persons/search.ts';
import {
  benchDatabase,
  checkKnownArgs,
  HttpSession,
  median,
  numberArg,
  parseArgs,
  percentile,
  redactUrl,
  round,
  runBench,
  say,
  timeSequential,
  writeResult,
} from './lib.ts';

const PROVINCE = '83';
const SEED = 20211101;
const MARKER = 'bench-search';
const TARGET_MS = 20;
// A new official each run: a province official enrols a second factor at first sign-in.
const USERNAME = `bench.search.${Date.now().toString(36)}`;
const PASSWORD = 'bench-search-password-83';
const INSERT_ROWS = 2500; // 17 columns × 2,500 rows stays under PostgreSQL's 65,535 parameters

type Kind = 'name' | 'id' | 'phone';
interface Query {
  kind: Kind;
  q: string;
}

/** Strip tones and đ, keep case: what someone typing without a Vietnamese keyboard enters. */
function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[đĐ]/gu, (c) => (c === 'đ' ? 'd' : 'D'))
    .normalize('NFC');
}

/** The search-box text for a sampled person, by a rotating form (name prefixes of varied length). */
function nameQuery(p: DemoPerson, form: number, cut: number): string {
  const words = p.fullName.split(' ');
  const two = words.slice(0, 2).join(' ');
  switch (form % 6) {
    case 0:
      return ascii(two).toLowerCase(); // 'nguyen van'
    case 1: {
      // 'Trần Thị Th': two words and the start of the third, with diacritics
      const third = words[2] ?? '';
      return `${two} ${third.slice(0, Math.min(third.length, 1 + cut))}`.trim();
    }
    case 2:
      return ascii(p.fullName).toLowerCase(); // 'le quoc bao'
    case 3:
      return words[0]!; // 'Nguyễn': the broadest prefix
    case 4:
      return p.fullName; // 'Phạm Minh Tuấn'
    default:
      return ascii(p.fullName)
        .slice(0, 3 + cut)
        .toLowerCase(); // 'ngu', 'tran t'
  }
}

/** Phone in '+84…' form from the canonical '0…'. */
function plus84(phone: string): string {
  return `+84${phone.slice(1)}`;
}

/** Deterministic query mix from the generator's people: 60 % names, 20 % IDs, 20 % phones. */
function buildQueries(sample: DemoPerson[], count: number, seed: number): Query[] {
  const rng = createRng(deriveSeed(seed, 'bench-search-queries'));
  const withId = sample.filter((p) => p.cccd ?? p.cmnd);
  const withPhone = sample.filter((p) => p.phone);
  const out: Query[] = [];
  let nameForm = 0;
  let phoneForm = 0;
  for (let i = 0; i < count; i++) {
    const r = i % 5;
    if (r < 3) {
      out.push({ kind: 'name', q: nameQuery(rng.pick(sample), nameForm++, rng.int(0, 4)) });
    } else if (r === 3) {
      const p = rng.pick(withId);
      out.push({ kind: 'id', q: (p.cccd ?? p.cmnd)! });
    } else {
      const p = rng.pick(withPhone);
      out.push({ kind: 'phone', q: phoneForm++ % 2 === 0 ? p.phone! : plus84(p.phone!) });
    }
  }
  return out;
}

/** Stream the province; bulk-insert it when `load`, and keep an evenly spread sample of originals. */
async function streamProvince(
  db: Db,
  scale: number,
  load: boolean,
  sampleSize: number,
): Promise<{ sample: DemoPerson[]; people: number }> {
  const communes = await homeCommunes(db, PROVINCE);
  const districtOf = new Map(communes.map((c) => [c.code, c.districtCode]));
  const place = { source: 'bench', provinceCode: PROVINCE, districtOf };
  const expected = Math.round(1_288_206 * scale);
  const stride = Math.max(1, Math.floor(expected / sampleSize));
  const sample: DemoPerson[] = [];
  let originals = 0;
  let lastReport = performance.now();
  for (const batch of generatePeople({ seed: SEED, scale, provinceCode: PROVINCE, communes })) {
    const keep = batch.people.filter((p) => p.duplicateOf === null);
    for (const p of keep) if (originals++ % stride === 0) sample.push(p);
    if (!load) continue;
    await db.transaction(async (tx) => {
      const householdId = await insertDemoHouseholds(tx, batch, place);
      const rows = keep.map((p) => toPersonRow(demoPersonToIncoming(p, place, householdId), randomUUID()));
      for (let i = 0; i < rows.length; i += INSERT_ROWS)
        await tx.insert(persons).values(rows.slice(i, i + INSERT_ROWS));
    });
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      say(`  … ${originals} people loaded`);
    }
  }
  return { sample, people: originals };
}

interface Marker {
  scale: number;
  seed: number;
  people: number;
}

async function readMarker(db: Db): Promise<Marker | null> {
  const [row] = await db.select().from(seedRuns).where(eq(seedRuns.name, MARKER));
  return (row?.details as Marker | undefined) ?? null;
}

/** Open the kept database; reload (drop, recreate, migrate, bulk-load) unless its marker matches. */
async function ensureLoaded(
  scale: number,
  reload: boolean,
  sampleSize: number,
): Promise<{
  database: Database;
  url: string;
  sample: DemoPerson[];
  people: number;
  loadedNow: boolean;
  loadSeconds: number;
}> {
  const open = async (fresh: boolean) => {
    const target = await benchDatabase('search', { fresh });
    const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 10 });
    await prepareDatabase(
      database,
      loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent' }),
    );
    return { database, url: target.url };
  };
  let { database, url } = await open(false);
  const marker = await readMarker(database.db);
  if (!reload && marker && marker.scale === scale && marker.seed === SEED) {
    say(
      `database ${redactUrl(url)} already holds ${marker.people} people (scale ${scale}, seed ${SEED}): loading skipped (--reload to force)`,
    );
    const t = performance.now();
    const { sample } = await streamProvince(database.db, scale, false, sampleSize);
    say(`  query sample regenerated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return { database, url, sample, people: marker.people, loadedNow: false, loadSeconds: 0 };
  }
  await database.close();
  ({ database, url } = await open(true));
  say(`database ${redactUrl(url)} recreated; bulk-loading the province at scale ${scale} (no linkage)…`);
  const t = performance.now();
  const { sample, people } = await streamProvince(database.db, scale, true, sampleSize);
  await database.db.execute(sql`vacuum analyze persons`);
  await database.db.execute(sql`vacuum analyze households`);
  await database.db
    .insert(seedRuns)
    .values({ name: MARKER, details: { scale, seed: SEED, people } satisfies Marker });
  const loadSeconds = (performance.now() - t) / 1000;
  say(
    `  loaded ${people} people in ${loadSeconds.toFixed(1)} s (${Math.round(people / loadSeconds)} people/s, then VACUUM ANALYZE)`,
  );
  return { database, url, sample, people, loadedNow: true, loadSeconds };
}

function summarise(times: number[]): string {
  return `median ${median(times).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${Math.max(...times).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['scale', 'queries', 'warmup', 'reload']);
  const scale = numberArg(args, 'scale', 1);
  const count = Math.floor(numberArg(args, 'queries', 300));
  const warmup = Math.floor(numberArg(args, 'warmup', 40));
  const reload = args.get('reload') === 'true';
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');

  const {
    database,
    url,
    sample,
    people: loaded,
    loadedNow,
    loadSeconds,
  } = await ensureLoaded(scale, reload, 4000);
  // Per-minute rate limits lifted: this measures latency, and one official sends a few hundred queries.
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
  });
  const app = await buildApp({ config, database }, { logger: false, serveWeb: false });
  const explainPool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const userId = await createUser(database.db, {
      username: USERNAME,
      displayName: 'Bench province official',
      password: PASSWORD,
      role: 'province_admin',
      jurisdictionCode: PROVINCE,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const http = new HttpSession(`http://127.0.0.1:${port}`);
    await http.login(USERNAME, PASSWORD);
    const [{ n: activePeople } = { n: 0 }] = (
      await explainPool.query<{ n: number }>(
        'select count(*)::int as n from persons where merged_into is null',
      )
    ).rows;

    const queries = buildQueries(sample, count, SEED);
    const warm = buildQueries(sample, warmup, SEED + 1);
    const kindCounts = { name: 0, id: 0, phone: 0 };
    for (const q of queries) kindCounts[q.kind]++;

    // Baseline: the same HTTP path with a trivial handler (GET /healthz runs `select 1`).
    const healthz = await timeSequential(200, 20, async () => {
      const r = await http.get('/healthz');
      if (r.status !== 200) throw new Error(`/healthz answered ${r.status}`);
    });

    // The measured search requests.
    let empty = 0;
    for (const q of warm) await http.post('/api/persons/search', { q: q.q });
    const times: { kind: Kind; q: string; ms: number }[] = [];
    for (const q of queries) {
      const r = await http.post('/api/persons/search', { q: q.q });
      if (r.status !== 200)
        throw new Error(
          `POST /api/persons/search (${q.kind}) answered ${r.status}: ${JSON.stringify(r.body)}`,
        );
      const items = (r.body as { items?: unknown[] }).items ?? [];
      if (items.length === 0) empty++;
      times.push({ kind: q.kind, q: q.q, ms: r.ms });
    }
    const all = times.map((t) => t.ms);
    const byKind = (k: Kind) => times.filter((t) => t.kind === k).map((t) => t.ms);

    // The same queries straight through the repository (no HTTP, no session, no audit row).
    let lastSql: { query: string; params: unknown[] } | null = null;
    const loggedDb = drizzle(explainPool, {
      schema,
      logger: {
        logQuery: (query: string, params: unknown[]) => {
          lastSql = { query, params };
        },
      },
    }) as unknown as Db;
    const access = userAccess({
      id: userId,
      username: USERNAME,
      role: 'province_admin',
      jurisdiction: { level: 'province', code: PROVINCE },
    });
    const direct: { kind: Kind; q: string; ms: number; sql: { query: string; params: unknown[] } | null }[] =
      [];
    for (const q of queries) {
      const t = performance.now();
      await searchPersons(loggedDb, access, parsePersonQuery(q.q), { limit: 20 });
      direct.push({ kind: q.kind, q: q.q, ms: performance.now() - t, sql: lastSql });
    }

    const metrics = {
      search_median_ms: round(median(all), 2),
      search_p95_ms: round(percentile(all, 95), 2),
      name_median_ms: round(median(byKind('name')), 2),
      id_median_ms: round(median(byKind('id')), 2),
      phone_median_ms: round(median(byKind('phone')), 2),
      people: activePeople,
      select1_median_ms: round(median(healthz), 2),
    };
    const path = writeResult({
      name: 'search',
      params: {
        scale,
        seed: SEED,
        queries: count,
        warmup,
        database: 'postgres',
        load: loadedNow ? 'bulk (loaded this run)' : 'kept from an earlier run',
      },
      metrics,
    });

    say(
      `people ${activePeople} (generated originals ${loaded})${loadedNow ? `, loaded this run in ${loadSeconds.toFixed(0)} s` : ''}`,
    );
    say(
      `${count} search requests after ${warmup} warm-up (${kindCounts.name} names, ${kindCounts.id} IDs, ${kindCounts.phone} phones; ${empty} found nothing):`,
    );
    say(
      `  all    ${summarise(all)}  (target median ≤ ${TARGET_MS} ms: ${metrics.search_median_ms <= TARGET_MS ? 'met' : 'MISSED'})`,
    );
    for (const k of ['name', 'id', 'phone'] as const) {
      say(
        `  ${k.padEnd(6)} ${summarise(byKind(k))}   straight through the repository: median ${median(direct.filter((d) => d.kind === k).map((d) => d.ms)).toFixed(2)} ms`,
      );
    }
    say(`  baseline GET /healthz (select 1): ${summarise(healthz)}`);
    const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 5);
    say(`  slowest: ${slowest.map((s) => `${s.kind} "${s.q}" ${s.ms.toFixed(1)} ms`).join('; ')}`);

    // Explain the slowest query of each kind when the target is missed (or when asked to).
    if (
      metrics.search_median_ms > TARGET_MS ||
      metrics.search_p95_ms > TARGET_MS * 2 ||
      process.env.BENCH_EXPLAIN === '1'
    ) {
      for (const k of ['name', 'id', 'phone'] as const) {
        const worst = direct.filter((d) => d.kind === k).sort((a, b) => b.ms - a.ms)[0];
        if (!worst?.sql) continue;
        const plan = await explainPool.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${worst.sql.query}`,
          worst.sql.params,
        );
        say(`\nEXPLAIN ANALYZE of the slowest ${k} query "${worst.q}" (${worst.ms.toFixed(1)} ms straight):`);
        for (const row of plan.rows) say(`  ${row['QUERY PLAN']}`);
      }
    }
    say(`written ${path}`);
  } finally {
    await app.close();
    await explainPool.end();
    await database.close();
  }
}

runBench(main);
