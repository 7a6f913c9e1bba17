/**
 * zones: building a blockaded zone of `residents` people (issue #16 item 6) on PostgreSQL, through
 * the server's own service functions as a district officer, in one transaction each:
 * drawing the zone over a commune, listing all its residents (keyset pages of 500) and venues,
 * scheduling a round (a registration per resident, household pools planned and pre-labelled) —
 * `zone_build_ms`; then the round's progress by commune (`progress_ms`) after a tenth of the pools
 * were resulted negative through the testing module's pool result.
 *
 *   npm run bench -- zones [--residents 20000] [--runs 3] [--venues 40]
 *
 * Database `epilink_bench_zones`, made fresh each run. The machine is shared: the load average
 * before and after is reported with the figures.
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { userAccess } from '../packages/server/src/access/context.ts';
import { createUser } from '../packages/server/src/auth/users.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import { recordPoolResult } from '../packages/server/src/testing/pools.ts';
import { listZoneResidents, listZoneVenues } from '../packages/server/src/zones/members.ts';
import { roundProgress } from '../packages/server/src/zones/progress.ts';
import { scheduleRound } from '../packages/server/src/zones/rounds.ts';
import { createZone } from '../packages/server/src/zones/service.ts';
import {
  benchDatabase,
  checkKnownArgs,
  median,
  msSince,
  numberArg,
  parseArgs,
  redactUrl,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const PLACE = { provinceCode: '83', districtCode: '829', communeCode: '28756' };

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['residents', 'runs', 'venues']);
  const residents = numberArg(args, 'residents', 20_000);
  const runs = numberArg(args, 'runs', 3);
  const venueCount = numberArg(args, 'venues', 40);
  const target = await benchDatabase('zones', { fresh: true });
  say(`database ${redactUrl(target.url)}`);
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  await prepareDatabase(
    database,
    loadConfig({ DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' }),
  );
  const db = database.db;
  // Residents in households of four, venues and a sampling site, each in one statement.
  await db.execute(sql`insert into households (id, commune_code, district_code, province_code, address)
    select md5('h' || g)::uuid, ${PLACE.communeCode}, ${PLACE.districtCode}, ${PLACE.provinceCode}, 'Số ' || g
    from generate_series(0, ${Math.ceil(residents / 4) - 1}) g`);
  await db.execute(sql`insert into persons (full_name, name_key, date_of_birth, province_code, district_code, commune_code, household_id, source, external_key)
    select 'Cư Dân ' || g, 'cu dan ' || lpad(g::text, 6, '0'), date '1960-01-01' + (g % 20000),
      ${PLACE.provinceCode}, ${PLACE.districtCode}, ${PLACE.communeCode}, md5('h' || (g / 4))::uuid, 'bench', 'z' || g
    from generate_series(0, ${residents - 1}) g`);
  await db.execute(sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
    select 'Địa điểm ' || g, 'market', 'Số ' || g, ${PLACE.provinceCode}, ${PLACE.districtCode}, ${PLACE.communeCode}, 'approved'
    from generate_series(1, ${venueCount}) g`);
  const [site] = await queryRows<{ id: string }>(
    db,
    sql`insert into test_sites (name, province_code, district_code, commune_code) values ('Điểm lấy mẫu', '83', '829', '28756') returning id`,
  );
  await db.execute(sql`analyze`);
  const userId = await createUser(db, {
    username: 'bench.zones.829',
    displayName: 'bench',
    password: 'bench-zones-password-829',
    role: 'district_officer',
    jurisdictionCode: '829',
  });
  const access = userAccess({
    id: userId,
    username: 'bench.zones.829',
    role: 'district_officer',
    jurisdiction: { level: 'district', code: '829' },
  });
  const origin = { ip: null };
  const loadBefore = loadavg().map((v) => round(v, 2));
  say(`load average before: ${loadBefore.join(' ')}`);
  const build: number[] = [];
  const progress: number[] = [];
  const listMs: number[] = [];
  const roundMs: number[] = [];
  let last = { listed: 0, venues: 0, members: 0, pools: 0, tested: 0 };
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const out = await db.transaction(async (tx) => {
      const zone = await createZone(tx, access, origin, {
        kind: 'blockade',
        name: `Vùng ${run + 1}`,
        reason: 'bench',
        decisionRef: `${run + 1}/QĐ`,
        startsOn: '2021-08-01',
        unitCodes: [PLACE.communeCode],
      });
      const t1 = performance.now();
      let listed = 0;
      let cursor: string | undefined;
      do {
        const page = await listZoneResidents(tx, access, origin, zone.id, { cursor, limit: 500 });
        listed += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      const venues = (await listZoneVenues(tx, access, zone.id, { limit: 500 })).items.length;
      const t2 = performance.now();
      const r = await scheduleRound(tx, access, origin, zone.id, {
        startsOn: '2021-08-02',
        endsOn: '2021-08-03',
        siteId: site!.id,
        poolBy: 'household',
      });
      listMs.push(t2 - t1);
      roundMs.push(performance.now() - t2);
      return { zoneId: zone.id, round: r, listed, venues };
    });
    build.push(msSince(start));
    // A tenth of the pools collected and resulted negative (untimed), then the progress (timed).
    const pools = await queryRows<{ pool_id: string }>(
      db,
      sql`select distinct pool_id from zone_round_members where round_id = ${out.round.id}::uuid order by pool_id limit ${Math.ceil(out.round.poolCount / 10)}`,
    );
    await db.execute(sql`insert into specimens (barcode, person_id, registration_id, test_type, collected_at, site_id, pool_id, province_code, district_code, commune_code)
      select 'B' || ${run}::text || '-' || row_number() over (), m.person_id, m.registration_id, 'rtPcr', timestamptz '2021-08-02 03:00:00+00', ${site!.id}::uuid, m.pool_id, '83', '829', '28756'
      from zone_round_members m where m.round_id = ${out.round.id}::uuid and m.pool_id = any(${sql.param(pools.map((p) => p.pool_id))}::uuid[])`);
    for (const p of pools)
      await db.transaction((tx) =>
        recordPoolResult(
          tx,
          access,
          origin,
          p.pool_id,
          { outcome: 'negative', ct: null, resultedAt: new Date() },
          'vi',
        ),
      );
    const t0 = performance.now();
    const figures = await roundProgress(db, out.round);
    progress.push(msSince(t0));
    last = {
      listed: out.listed,
      venues: out.venues,
      members: out.round.memberCount,
      pools: out.round.poolCount,
      tested: figures[0]!.tested,
    };
    say(
      `run ${run + 1}: zone_build_ms ${round(build.at(-1)!, 0)} (listing ${round(listMs.at(-1)!, 0)}, round ${round(roundMs.at(-1)!, 0)}; ${out.listed} residents listed, ${out.venues} venues, ` +
        `${out.round.memberCount} registered in ${out.round.poolCount} pools); progress_ms ${round(progress.at(-1)!, 0)} ` +
        `(${figures[0]!.tested} tested, ${figures[0]!.testedPercent} %)`,
    );
  }
  const loadAfter = loadavg().map((v) => round(v, 2));
  say(`load average after: ${loadAfter.join(' ')}`);
  await database.close();
  writeResult({
    name: 'zones',
    params: { residents, runs, venues: venueCount, database: 'postgres', poolBy: 'household' },
    metrics: {
      zone_build_ms: round(median(build), 0),
      zone_build_ms_max: round(Math.max(...build), 0),
      listing_ms: round(median(listMs), 0),
      round_scheduling_ms: round(median(roundMs), 0),
      progress_ms: round(median(progress), 0),
      residents_listed: last.listed,
      venues_listed: last.venues,
      registrations: last.members,
      pools: last.pools,
      tested_after_tenth_of_pools: last.tested,
      load_before_1m: loadBefore[0]!,
      load_after_1m: loadAfter[0]!,
    },
  });
});
