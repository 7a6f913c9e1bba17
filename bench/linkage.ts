/**
 * linkage: record-linkage quality and speed on PostgreSQL. The demo generator's people (with ~2 %
 * planted near-duplicates and planted namesakes: same name + DOB + sex, different people, about
 * 0.9 % of people in such groups as in a full province) are loaded through the real path,
 * `ingestPersons`, in transactions of 2,000 records, into a fresh database; predictions are
 * scored against the generator's truth. `precision` counts every predicted pair (auto-merge or
 * review); `namesake_false_merge_rate` = automatic merges joining a planted namesake pair /
 * planted namesakes.
 *
 *   npm run bench -- linkage [--people N] [--batch N]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { generatePeople } from '@epilink/demo';
import type { DemoBatch, DemoPerson } from '@epilink/demo';
import { systemAccess } from '../packages/server/src/access/context.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Db } from '../packages/server/src/db/client.ts';
import {
  demoPersonToIncoming,
  homeCommunes,
  insertDemoHouseholds,
} from '../packages/server/src/demo/seed.ts';
import { sql } from 'drizzle-orm';
import { ingestPersons } from '../packages/server/src/registry/linkage/ingest.ts';
import type { IngestOutcome } from '../packages/server/src/registry/linkage/ingest.ts';
import {
  benchDatabase,
  checkKnownArgs,
  numberArg,
  parseArgs,
  redactUrl,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const FULL_POPULATION = 1_288_206;
const PROVINCE = '83';
const SEED = 20211101;

/** Linux reports process CPU in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by each PostgreSQL backend serving this benchmark's
 * database, read from /proc (the server runs on this machine); empty when /proc is unreadable.
 */
async function backendCpu(db: Db): Promise<Map<number, number>> {
  const rows = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name.
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // Not on this machine, or the backend has gone.
    }
  }
  return out;
}

/** Group generator batches into transactions of about `size` records (households never split). */
function regroup(batches: Iterable<DemoBatch>, size: number): DemoBatch[] {
  const out: DemoBatch[] = [];
  let current: DemoBatch = { households: [], people: [] };
  for (const b of batches) {
    current.households.push(...b.households);
    current.people.push(...b.people);
    if (current.people.length >= size) {
      out.push(current);
      current = { households: [], people: [] };
    }
  }
  if (current.people.length > 0) out.push(current);
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['people', 'batch']);
  const people = Math.floor(numberArg(args, 'people', 100_000));
  const batchSize = Math.floor(numberArg(args, 'batch', 2000));
  const scale = people / FULL_POPULATION;

  const target = await benchDatabase('linkage', { fresh: true });
  say(`database ${redactUrl(target.url)} (dropped and recreated: this benchmark measures loading)`);
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    PROVINCE_CODE: PROVINCE,
  });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
  try {
    await prepareDatabase(database, config);
    const { db } = database;
    const communes = await homeCommunes(db, PROVINCE);
    const districtOf = new Map(communes.map((c) => [c.code, c.districtCode]));
    const place = { source: 'bench', provinceCode: PROVINCE, districtOf };

    let t = performance.now();
    const batches = regroup(
      generatePeople({ seed: SEED, scale, provinceCode: PROVINCE, communes, batchSize }),
      batchSize,
    );
    const records = batches.reduce((n, b) => n + b.people.length, 0);
    say(
      `generated ${records} records (scale ${scale.toFixed(5)}, seed ${SEED}) in ${((performance.now() - t) / 1000).toFixed(1)} s (not timed)`,
    );

    const access = systemAccess('bench');
    const keyOfPerson = new Map<string, string>();
    const results: { person: DemoPerson; outcome: IngestOutcome }[] = [];
    const pgCpuBefore = await backendCpu(db);
    const cpuBefore = process.cpuUsage();
    t = performance.now();
    for (const batch of batches) {
      await db.transaction(async (tx) => {
        const householdId = await insertDemoHouseholds(tx, batch, place);
        const outcomes = await ingestPersons(
          tx,
          access,
          { ip: null },
          batch.people.map((p) => demoPersonToIncoming(p, place, householdId)),
        );
        outcomes.forEach((o, i) => {
          const person = batch.people[i]!;
          keyOfPerson.set(o.personId, person.key);
          results.push({ person, outcome: o });
        });
      });
    }
    const linkSeconds = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
    let pgCpuSeconds = 0;
    for (const [pid, seconds] of await backendCpu(db)) pgCpuSeconds += seconds - (pgCpuBefore.get(pid) ?? 0);

    // Scoring: same human ⇔ same root (root = duplicateOf ?? key).
    const rootOf = new Map<string, string>();
    for (const { person } of results) rootOf.set(person.key, person.duplicateOf ?? person.key);
    let predicted = 0;
    let truePairs = 0;
    let autoMerged = 0;
    let reviews = 0;
    let planted = 0;
    let found = 0;
    let foundByMerge = 0;
    // Planted namesake pairs, by their roots (a namesake's duplicates carry its root).
    const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
    const namesakePairs = new Set<string>();
    for (const { person } of results) {
      if (person.namesakeOf !== null) namesakePairs.add(pairKey(person.key, person.namesakeOf));
    }
    let namesakeMerges = 0;
    let namesakeReviews = 0;
    const fpReasons = new Map<string, number>();
    const fpByDecision = { merged: 0, review: 0 };
    const missedVariations = new Map<string, number>();
    for (const { person, outcome } of results) {
      const root = rootOf.get(person.key)!;
      if (person.duplicateOf !== null) planted++;
      if (outcome.decision === 'new' || outcome.matchedId === null) {
        if (person.duplicateOf !== null) {
          const v = person.variations.length > 0 ? [...person.variations].sort().join('+') : '(none)';
          missedVariations.set(v, (missedVariations.get(v) ?? 0) + 1);
        }
        continue;
      }
      if (outcome.decision === 'merged') autoMerged++;
      else reviews++;
      predicted++;
      const matchedKey = keyOfPerson.get(outcome.matchedId);
      const same = matchedKey !== undefined && rootOf.get(matchedKey) === root;
      if (matchedKey !== undefined && namesakePairs.has(pairKey(root, rootOf.get(matchedKey)!))) {
        if (outcome.decision === 'merged') namesakeMerges++;
        else namesakeReviews++;
      }
      if (same) {
        truePairs++;
        if (person.duplicateOf !== null) {
          found++;
          if (outcome.decision === 'merged') foundByMerge++;
        }
      } else {
        fpByDecision[outcome.decision]++;
        const label = [...outcome.reasons].sort().join('+') || '(no reasons)';
        fpReasons.set(label, (fpReasons.get(label) ?? 0) + 1);
      }
    }
    const precision = predicted === 0 ? 1 : truePairs / predicted;
    const namesakeFalseMergeRate = namesakePairs.size === 0 ? 0 : namesakeMerges / namesakePairs.size;
    const recall = planted === 0 ? 1 : found / planted;

    const path = writeResult({
      name: 'linkage',
      params: { people, batch: batchSize, seed: SEED, scale: round(scale, 6), database: 'postgres' },
      metrics: {
        precision: round(precision, 4),
        recall: round(recall, 4),
        namesake_false_merge_rate: round(namesakeFalseMergeRate, 5),
        link_seconds: round(linkSeconds, 2),
        node_cpu_seconds: round(nodeCpuSeconds, 2),
        postgres_cpu_seconds: round(pgCpuSeconds, 2),
        load_average_1m: round(loadavg()[0]!, 2),
        records,
        planted_duplicates: planted,
        planted_namesakes: namesakePairs.size,
        namesake_reviews: namesakeReviews,
        auto_merged: autoMerged,
        reviews,
      },
    });
    say(
      `records ${records}, planted duplicates ${planted}; loaded and linked in ${linkSeconds.toFixed(1)} s (${Math.round(records / linkSeconds)} records/s; target ≤ 30 s: ${linkSeconds <= 30 ? 'met' : 'MISSED'})`,
    );
    say(
      `CPU while linking: node ${nodeCpuSeconds.toFixed(1)} s, PostgreSQL backends ${pgCpuSeconds.toFixed(1)} s; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    say(
      `predicted pairs ${predicted}: auto-merged ${autoMerged}, sent to review ${reviews}; true ${truePairs}, false ${predicted - truePairs} (merged ${fpByDecision.merged}, review ${fpByDecision.review})`,
    );
    const mergePrecision = autoMerged === 0 ? 1 : (autoMerged - fpByDecision.merged) / autoMerged;
    const reviewPrecision = reviews === 0 ? 1 : (reviews - fpByDecision.review) / reviews;
    say(
      `precision of auto-merges alone ${mergePrecision.toFixed(4)}, of reviews alone ${reviewPrecision.toFixed(4)}`,
    );
    say(
      `precision ${precision.toFixed(4)} (target ≥ 0.99: ${precision >= 0.99 ? 'met' : 'MISSED'}), recall ${recall.toFixed(4)} (target ≥ 0.95: ${recall >= 0.95 ? 'met' : 'MISSED'}); duplicates found by auto-merge ${foundByMerge}, by review ${found - foundByMerge}`,
    );
    say(
      `planted namesakes ${namesakePairs.size}: auto-merged ${namesakeMerges} (namesake_false_merge_rate ${namesakeFalseMergeRate.toFixed(5)}, target ≤ 0.001: ${namesakeFalseMergeRate <= 0.001 ? 'met' : 'MISSED'}), sent to review ${namesakeReviews}`,
    );
    const top = (m: Map<string, number>) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([k, n]) => `${n}× ${k}`)
        .join('; ');
    if (fpReasons.size > 0) say(`false positives' reasons (top 5): ${top(fpReasons)}`);
    if (missedVariations.size > 0) say(`missed duplicates by variation (top 5): ${top(missedVariations)}`);
    say(`written ${path}`);
  } finally {
    await database.close();
  }
}

runBench(main);
