/**
 * tracing: time from a positive result being saved to its F1 proposals being visible, at
 * province scale on PostgreSQL, through the real HTTP API.
 *
 *   npm run bench -- tracing [--people 1300000] [--days 30] [--per-day 1000000] [--venues 7430]
 *                            [--cases 5000] [--contacts 20000] [--clusters 10] [--cluster-size 300]
 *                            [--clients 10] [--results 60] [--warmup 5] [--reload]
 *
 * Data (database `epilink_bench_tracing`, kept between runs; reloaded when the check-ins no longer
 * reach yesterday, since the infectious window of a result taken now must overlap them): people in
 * households of four, venues and `per-day × days` check-ins (bench/datasets/province.ts), then
 * `cases` open confirmed cases with `contacts` contacts and their derived statuses as the standing
 * case load, in realistic components: every case's household (of four) are its contacts, and
 * `clusters` outbreak clusters of about `cluster-size` people each join their cases into one
 * contact component (case k of a cluster names case k+1 and its share of the cluster's people).
 * The server runs in this process on a real port. `clients` district officers enter results at
 * the same time, each for its share of the people tested (half of them contacts in a cluster, so
 * their result recomputes a component of hundreds). Per result: the officer collects a walk-in
 * RT-PCR specimen (untimed), then the clock starts, the officer POSTs the positive result (`/api/testing/results` — the case module confirms the case and proposes the
 * household and the check-in co-visitors in the same transaction), and a provincial
 * epidemiologist polls `GET /api/cases/:id/contacts` until proposals are listed; the clock stops.
 */
import { sql } from 'drizzle-orm';
import { buildApp } from '../packages/server/src/app.ts';
import { createUser } from '../packages/server/src/auth/users.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { localDayStart } from '../packages/server/src/checkin/partitions.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { idSql, loadCheckinProvince, type ProvinceMarker } from './datasets/province.ts';
import {
  HttpSession,
  benchDatabase,
  checkKnownArgs,
  median,
  msSince,
  numberArg,
  parseArgs,
  percentile,
  redactUrl,
  round,
  runBench,
  say,
  sleep,
  timeSequential,
  writeResult,
} from './lib.ts';

const MARKER = 'bench-tracing';
const DAY_MS = 86_400_000;
const PASSWORD = 'bench-tracing-password-83';

interface Marker extends ProvinceMarker {
  cases: number;
  contacts: number;
  clusters: number;
  clusterSize: number;
  /** What the load made (the parameters above are what was asked). */
  caseRows: number;
  contactRows: number;
}

async function open(fresh: boolean): Promise<{ database: Database; url: string }> {
  const target = await benchDatabase('tracing', { fresh });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 8 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
  );
  return { database, url: target.url };
}

/**
 * The standing case load: open confirmed cases, their contacts, and the statuses derived from
 * them. Case i is person (i·257 + 13) mod people. Its household members are confirmed household
 * contacts. The first `clusters × perCluster` cases form clusters: cluster j's people are persons
 * CLUSTER_BASE + j·clusterSize + [0, clusterSize); its case k names `perCase` of them and the
 * person of case k+1, so the cluster is one component. The other cases name `perCase` people
 * spread over the province.
 */
async function loadCaseLoad(
  database: Database,
  p: { people: number; cases: number; contacts: number; clusters: number; clusterSize: number },
): Promise<void> {
  const db = database.db;
  const perCase = Math.max(1, Math.round(p.contacts / p.cases));
  const perCluster = Math.max(1, Math.ceil(p.clusterSize / perCase));
  const clusterCases = Math.min(p.cases, p.clusters * perCluster);
  const base = Math.floor(p.people / 2);
  const caseId = sql.raw(idSql(true, 'c', 'i'));
  const personOfCase = sql.raw(idSql(true, 'p', `(i::bigint * 257 + 13) % ${p.people}`));
  await db.execute(sql`insert into cases (id, person_id, disease_code, classification, sample_date,
      infectious_from, symptomatic, status, province_code, district_code, commune_code, confirmed_at)
    select ${caseId}, p.id, 'COVID-19', 'confirmed', current_date - (i % 14),
      now() - make_interval(days => i % 14 + 2), false, 'open', p.province_code, p.district_code,
      p.commune_code, now() - make_interval(days => i % 14)
    from generate_series(0, ${p.cases - 1}) i
    join persons p on p.id = ${personOfCase}
    on conflict do nothing`);
  // Households of four: every case's housemates.
  await db.execute(sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type,
      exposure_date, source, status, province_code, district_code, commune_code)
    select c.id, c.person_id, m.id, 'COVID-19', 'household', c.sample_date, 'household', 'confirmed',
      m.province_code, m.district_code, m.commune_code
    from cases c join persons cp on cp.id = c.person_id
    join persons m on m.household_id = cp.household_id and m.id <> cp.id
    on conflict do nothing`);
  // Clusters: case i < clusterCases is case k = i mod perCluster of cluster j = i div perCluster.
  const clusterPerson = sql.raw(
    idSql(
      true,
      'p',
      `${base} + (x.i / ${perCluster}) * ${p.clusterSize} + ((x.i % ${perCluster}) * ${perCase} + k) % ${p.clusterSize}`,
    ),
  );
  await db.execute(sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type,
      exposure_date, duration_minutes, source, status, province_code, district_code, commune_code)
    select c.id, c.person_id, p.id, 'COVID-19', 'workplace', c.sample_date, 60, 'interview',
      case when k % 3 = 2 then 'proposed' else 'confirmed' end, p.province_code, p.district_code, p.commune_code
    from generate_series(0, ${clusterCases - 1}) x(i)
    join cases c on c.id = ${sql.raw(idSql(true, 'c', 'x.i'))}
    cross join generate_series(0, ${perCase - 1}) k
    join persons p on p.id = ${clusterPerson}
    where p.id <> c.person_id
    on conflict do nothing`);
  await db.execute(sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type,
      exposure_date, duration_minutes, source, status, province_code, district_code, commune_code)
    select c.id, c.person_id, n.person_id, 'COVID-19', 'workplace', c.sample_date, 60, 'interview', 'confirmed',
      n.province_code, n.district_code, n.commune_code
    from generate_series(0, ${clusterCases - 1}) x(i)
    join cases c on c.id = ${sql.raw(idSql(true, 'c', 'x.i'))}
    join cases n on n.id = ${sql.raw(idSql(true, 'c', 'x.i + 1'))}
    where (x.i + 1) % ${perCluster} <> 0
    on conflict do nothing`);
  // The other cases: contacts spread over the province.
  const contactPerson = sql.raw(
    idSql(
      true,
      'p',
      `((('x' || substr(c.id::text, 1, 8))::bit(32)::bigint & 2147483647) * 31 + k * 7919) % ${p.people}`,
    ),
  );
  await db.execute(sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type,
      exposure_date, duration_minutes, source, status, province_code, district_code, commune_code)
    select c.id, c.person_id, p.id, 'COVID-19', 'proximity', c.sample_date, 30, 'interview',
      case when k % 2 = 0 then 'confirmed' else 'proposed' end, p.province_code, p.district_code, p.commune_code
    from generate_series(${clusterCases}::int, ${p.cases - 1}::int) x(i)
    join cases c on c.id = ${sql.raw(idSql(true, 'c', 'x.i'))}
    cross join generate_series(1, ${perCase}) k
    join persons p on p.id = ${contactPerson}
    where p.id <> c.person_id
    on conflict do nothing`);
  await db.execute(sql`insert into person_epi_status (person_id, disease_code, degree, proposed_degree, status,
      province_code, district_code, commune_code)
    select person_id, 'COVID-19', 0, 0, 'f0', province_code, district_code, commune_code from cases
    on conflict do nothing`);
  await db.execute(sql`insert into person_epi_status (person_id, disease_code, degree, proposed_degree, status,
      province_code, district_code, commune_code)
    select distinct on (person_id) person_id, 'COVID-19',
      case when status = 'confirmed' then 1 end, 1,
      case when status = 'confirmed' then 'f1' else 'candidate' end, province_code, district_code, commune_code
    from contacts order by person_id, status
    on conflict do nothing`);
  for (const table of ['cases', 'contacts', 'person_epi_status', 'households'])
    await db.execute(sql.raw(`vacuum analyze ${table}`));
}

/** True when the loaded check-ins reach yesterday (a result taken now overlaps them). */
function fresh(marker: Marker): boolean {
  const lastDay = Date.parse(marker.firstDay) + (marker.days - 1) * DAY_MS;
  return lastDay >= localDayStart(new Date()).getTime() - DAY_MS;
}

async function ensureLoaded(
  wanted: Omit<Marker, 'rows' | 'firstDay' | 'caseRows' | 'contactRows'>,
  reload: boolean,
): Promise<{ database: Database; url: string; marker: Marker; loadSeconds: number }> {
  let { database, url } = await open(false);
  const [row] = await queryRows<{ details: Marker }>(
    database.db,
    sql`select details from seed_runs where name = ${MARKER}`,
  );
  const old = row?.details ?? null;
  const same = old !== null && Object.entries(wanted).every(([k, v]) => old[k as keyof Marker] === v);
  if (!reload && same && fresh(old)) {
    say(`database ${redactUrl(url)} holds ${old.rows} check-ins and ${old.cases} cases: loading skipped`);
    return { database, url, marker: old, loadSeconds: 0 };
  }
  await database.close();
  ({ database, url } = await open(true));
  say(`database ${redactUrl(url)} recreated; generating the province (about 10 minutes)…`);
  const t = performance.now();
  const province = await loadCheckinProvince(database, wanted, { households: true, v4Ids: true });
  await loadCaseLoad(database, wanted);
  const [n] = await queryRows<{ cases: number; contacts: number }>(
    database.db,
    sql`select (select count(*)::int from cases) as cases, (select count(*)::int from contacts) as contacts`,
  );
  const marker: Marker = {
    ...province,
    cases: wanted.cases,
    contacts: wanted.contacts,
    clusters: wanted.clusters,
    clusterSize: wanted.clusterSize,
    caseRows: n!.cases,
    contactRows: n!.contacts,
  };
  await database.db.execute(
    sql`insert into seed_runs (name, details) values (${MARKER}, ${JSON.stringify(marker)}::jsonb)`,
  );
  const loadSeconds = (performance.now() - t) / 1000;
  say(
    `  loaded in ${loadSeconds.toFixed(0)} s: ${marker.rows} check-ins, ${marker.cases} cases, ${marker.contacts} contacts`,
  );
  return { database, url, marker, loadSeconds };
}

interface ContactList {
  items: { status: string; source: string }[];
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, [
    'people',
    'days',
    'per-day',
    'venues',
    'cases',
    'contacts',
    'clusters',
    'cluster-size',
    'clients',
    'results',
    'warmup',
    'reload',
  ]);
  const wanted = {
    people: numberArg(args, 'people', 1_300_000),
    days: numberArg(args, 'days', 30),
    perDay: numberArg(args, 'per-day', 1_000_000),
    venues: numberArg(args, 'venues', 7430),
    cases: numberArg(args, 'cases', 5000),
    contacts: numberArg(args, 'contacts', 20_000),
    clusters: numberArg(args, 'clusters', 10),
    clusterSize: numberArg(args, 'cluster-size', 300),
  };
  const clients = Math.max(1, Math.floor(numberArg(args, 'clients', 10)));
  const count = Math.floor(numberArg(args, 'results', 60));
  const warmup = Math.floor(numberArg(args, 'warmup', 5));
  const { database, url, marker, loadSeconds } = await ensureLoaded(wanted, args.has('reload'));
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    PROVINCE_CODE: '83',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
  });
  const app = await buildApp({ config, database }, { logger: false, serveWeb: false });
  try {
    // The district with the most people; the people tested live there, in households.
    const [district] = await queryRows<{ code: string }>(
      database.db,
      sql`select district_code as code from persons group by district_code order by count(*) desc limit 1`,
    );
    const [commune] = await queryRows<{ code: string }>(
      database.db,
      sql`select code from admin_units where parent_code = ${district!.code} and valid_to is null order by code limit 1`,
    );
    const tag = Date.now().toString(36);
    for (let c = 0; c < clients; c++)
      await createUser(database.db, {
        username: `bench.lab${c}.${tag}`,
        displayName: `Bench district officer ${c}`,
        password: PASSWORD,
        role: 'district_officer',
        jurisdictionCode: district!.code,
      });
    await createUser(database.db, {
      username: `bench.epi.${tag}`,
      displayName: 'Bench provincial epidemiologist',
      password: PASSWORD,
      role: 'provincial_epidemiologist',
      jurisdictionCode: '83',
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // One session per client: the district's officers entering results at the same time.
    const labs = Array.from({ length: clients }, () => new HttpSession(base));
    for (const [c, lab] of labs.entries()) await lab.login(`bench.lab${c}.${tag}`, PASSWORD);
    const epi = new HttpSession(base);
    await epi.login(`bench.epi.${tag}`, PASSWORD);
    const site = await labs[0]!.post('/api/testing/sites', {
      name: `Điểm xét nghiệm ${tag}`,
      communeCode: commune!.code,
    });
    if (site.status !== 201) throw new Error(`site: HTTP ${site.status} ${JSON.stringify(site.body)}`);
    const siteId = (site.body as { id: string }).id;

    // People of that district with no case yet, who checked in yesterday (their window overlaps):
    // every other one a contact in a cluster (their result recomputes a component of hundreds).
    const yesterday = new Date(localDayStart(new Date()).getTime() - DAY_MS);
    const need = count + warmup * clients;
    const candidates = (inCluster: boolean) =>
      queryRows<{ id: string }>(
        database.db,
        sql`select distinct ck.person_id as id from checkins ck
            join persons p on p.id = ck.person_id
            where ck.checked_in_at >= ${yesterday.toISOString()}::timestamptz
              and p.district_code = ${district!.code}
              and not exists (select 1 from cases c where c.person_id = p.id)
              and ${inCluster ? sql`exists (select 1 from contacts k where k.person_id = p.id and k.exposure_type = 'workplace')` : sql`true`}
            limit ${need * 3}`,
      );
    const clustered = (await candidates(true)).filter((_, i) => i % 3 === 0);
    const others = (await candidates(false)).filter(
      (o, i) => i % 3 === 0 && !clustered.some((c) => c.id === o.id),
    );
    const picked: { id: string; cluster: boolean }[] = [];
    for (let i = 0; picked.length < need && (i < clustered.length || i < others.length); i++) {
      if (i < clustered.length) picked.push({ id: clustered[i]!.id, cluster: true });
      if (i < others.length && picked.length < need) picked.push({ id: others[i]!.id, cluster: false });
    }
    if (picked.length < need) throw new Error(`only ${picked.length} people to test; use --reload`);

    const healthz = await timeSequential(100, 10, async () => {
      const r = await epi.get('/healthz');
      if (r.status !== 200) throw new Error(`/healthz answered ${r.status}`);
    });

    const total: number[] = [];
    const totalCluster: number[] = [];
    const post: number[] = [];
    const proposals: number[] = [];
    const fromCheckins: number[] = [];
    const queue = [...picked];
    const client = async (lab: HttpSession) => {
      for (let n = 0, person = queue.shift(); person; n++, person = queue.shift()) {
        const specimen = await lab.post('/api/testing/specimens', {
          personId: person.id,
          siteId,
          testType: 'rtPcr',
          reason: 'screening',
        });
        if (specimen.status !== 201)
          throw new Error(`specimen: HTTP ${specimen.status} ${JSON.stringify(specimen.body)}`);
        const barcode = (specimen.body as { barcode: string }).barcode;
        const start = performance.now();
        const result = await lab.post('/api/testing/results', { barcode, outcome: 'positive', ct: 21.5 });
        const postMs = msSince(start);
        const caseId = (result.body as { caseId?: string | null }).caseId;
        if (result.status !== 201 || !caseId)
          throw new Error(`result: HTTP ${result.status} ${JSON.stringify(result.body)}`);
        let list: ContactList = { items: [] };
        for (;;) {
          const r = await epi.get(`/api/cases/${caseId}/contacts`);
          if (r.status !== 200) throw new Error(`contacts: HTTP ${r.status} ${JSON.stringify(r.body)}`);
          list = r.body as ContactList;
          if (list.items.some((c) => c.status === 'proposed')) break;
          if (msSince(start) > 60_000) throw new Error(`no proposals for case ${caseId} after 60 s`);
          await sleep(5);
        }
        const ms = msSince(start);
        if (n < warmup) continue;
        total.push(ms);
        if (person.cluster) totalCluster.push(ms);
        post.push(postMs);
        proposals.push(list.items.length);
        fromCheckins.push(list.items.filter((c) => c.source === 'checkin').length);
      }
    };
    await Promise.all(labs.map(client));

    const metrics = {
      positive_to_f1_median_ms: round(median(total)),
      positive_to_f1_p95_ms: round(percentile(total, 95)),
      result_post_median_ms: round(median(post)),
      proposals_per_case_median: median(proposals),
      checkin_proposals_per_case_median: median(fromCheckins),
      positive_to_f1_cluster_p95_ms: round(percentile(totalCluster, 95)),
      healthz_median_ms: round(median(healthz)),
      clients,
      people: marker.people,
      checkin_rows: marker.rows,
      active_cases: marker.caseRows,
      contacts: marker.contactRows,
      load_s: round(loadSeconds, 1),
    };
    say(
      `${total.length} positive results by ${clients} concurrent clients (after ${warmup} warm-up each) over ${marker.rows} check-ins, ${marker.caseRows} cases in households and ${marker.clusters} clusters of ~${marker.clusterSize}:`,
    );
    say(
      `  positive → F1 proposals visible: median ${metrics.positive_to_f1_median_ms} ms, p95 ${metrics.positive_to_f1_p95_ms} ms (target median ≤ 1000); ` +
        `${metrics.proposals_per_case_median} proposals per case (${metrics.checkin_proposals_per_case_median} from check-ins); /healthz median ${metrics.healthz_median_ms} ms`,
    );
    const path = writeResult({
      name: 'tracing',
      params: { ...wanted, clients, results: count, warmup, database: 'postgres' },
      metrics,
    });
    say(`wrote ${path}`);
  } finally {
    await app.close();
    await database.close();
  }
}

runBench(main);
