/**
 * What one check-in costs PostgreSQL inside the statement the server sends (`RIDE_SQL`,
 * checkin/batch.ts: the citizen session lookups with their touch, and `checkin_record_many`), at a
 * chosen batch size, on a seeded check-in database (`checkin-diag.ts` or `checkin-ingest` leaves
 * one; a copy made with `create database … template …` keeps the original unused). Each statement
 * carries `--batch` check-ins, 70 % signed-in citizens (session lookup + touch + check-in of
 * self, citizens `--from` upwards, each used once) and 30 % guests, as the benchmark's mix.
 *
 *   node --import tsx bench/load/checkin-stmtcost.ts --db NAME [--batch 8] [--statements 300]
 *        [--from 2000] [--mode cpu|explain]
 *
 * `cpu`: statements autocommitted (synchronous commit) as the server sends them, the backend's CPU
 * from /proc (10 ms ticks: keep statements × CPU per statement ≥ 1 s). `explain`: each statement
 * under EXPLAIN (ANALYZE, BUFFERS, WAL) in a transaction rolled back — WAL records and bytes,
 * shared buffers hit, read and dirtied per check-in: counts that do not depend on the machine's
 * load (full-page images do depend on the checkpoints). The first 20 statements (cpu) or 7
 * (explain) warm the connection's plans and are not counted. The sessions used are first set to
 * "last seen 2 minutes ago", as the benchmark keeps them (`sessions.ts`).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { RIDE_SQL } from '../../packages/server/src/checkin/batch.ts';
import { cpuMs } from './cpu.ts';
import { numberArg, parseArgs, say, serverUrl, withDatabaseName } from '../lib.ts';

const hashOf = (k: number): string => createHash('sha256').update(`bench-citizen-${k}`).digest('hex');

interface Citizen {
  token_hash: string;
  citizen_id: string;
  person_id: string;
}

async function main(): Promise<void> {
  const args = parseArgs();
  const name = args.get('db');
  if (!name || !/^[a-z0-9_]+$/u.test(name)) throw new Error('--db NAME (a seeded check-in database)');
  const batch = numberArg(args, 'batch', 8);
  const statements = numberArg(args, 'statements', 300);
  const from = numberArg(args, 'from', 2000);
  const explain = args.get('mode') === 'explain';
  const warm = explain ? 7 : 20;
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl(), name) });
  await client.connect();
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const tokens = (
    await client.query<{ token: string }>('select token from venue_tokens where revoked_at is null')
  ).rows.map((r) => r.token);
  const hashes = Array.from({ length: Math.ceil(statements * batch * 0.7) + batch }, (_, i) =>
    hashOf(from + i),
  );
  await client.query(
    `update citizen_sessions set last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '12 hours'
     where token_hash = any($1)`,
    [hashes],
  );
  const citizens = new Map(
    (
      await client.query<Citizen>(
        `select cs.token_hash, c.id as citizen_id, c.person_id from citizen_sessions cs
         join citizens c on c.id = cs.citizen_id where cs.token_hash = any($1)`,
        [hashes],
      )
    ).rows.map((r) => [r.token_hash, r]),
  );
  // EXPLAIN of the statement's cached generic plan, as the server's named statement runs it (an
  // unnamed statement would be planned for its values, with the touch run outside any plan node).
  if (explain)
    await client.query(
      `prepare ride(text[], timestamptz, timestamptz, text[], text[], uuid[], text[], text[], text[], uuid[]) as ${RIDE_SQL}`,
    );
  const literal = (v: unknown): string =>
    Array.isArray(v)
      ? client.escapeLiteral(`{${v.map((x) => (x === null ? 'NULL' : `"${String(x)}"`)).join(',')}}`)
      : client.escapeLiteral(String(v));
  let next = 0;
  let guest = 9_000_000 + from;
  const sum = { cpu: 0, records: 0, bytes: 0, fpi: 0, hit: 0, read: 0, dirtied: 0, n: 0 };
  for (let s = 0; s < statements; s++) {
    const looked: string[] = [];
    const cols: unknown[][] = [[], [], [], [], [], [], []];
    for (let i = 0; i < batch; i++) {
      const token = tokens[(s * batch + i) % tokens.length]!;
      const c = i % 10 < 7 ? citizens.get(hashes[next++]!) : undefined;
      const phone = `09${String(guest++).padStart(8, '0')}`;
      if (c) looked.push(c.token_hash);
      const row = c
        ? [token, `p:${c.person_id}`, c.person_id, 'self', null, null, c.citizen_id]
        : [token, `g:${phone}:khach ${guest}`, null, 'guest', phone, `Khách ${guest}`, null];
      row.forEach((v, j) => cols[j]!.push(v));
    }
    const now = new Date();
    const values = [looked, now.toISOString(), new Date(now.getTime() - 1_800_000).toISOString(), ...cols];
    if (!explain) {
      const before = cpuMs(pid) ?? 0;
      await client.query({ name: 'ride', text: RIDE_SQL, values });
      if (s >= warm) sum.cpu += (cpuMs(pid) ?? 0) - before;
    } else {
      await client.query('begin');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `${s < warm ? '' : 'explain (analyze, buffers, wal, costs off) '}execute ride(${values.map(literal).join(', ')})`,
      );
      await client.query('rollback');
      if (s < warm) continue;
      const lines = plan.rows.map((r) => r['QUERY PLAN']);
      const first = (prefix: string): string => lines.find((l) => l.trim().startsWith(prefix)) ?? '';
      const num = (line: string, key: string): number =>
        Number(new RegExp(`${key}=(\\d+)`).exec(line)?.[1] ?? 0);
      const wal = first('WAL:');
      const buffers = first('Buffers:');
      sum.records += num(wal, 'records');
      sum.bytes += num(wal, 'bytes');
      sum.fpi += num(wal, 'fpi');
      sum.hit += num(buffers, 'hit');
      sum.read += num(buffers, 'read');
      sum.dirtied += num(buffers, 'dirtied');
    }
    if (s >= warm) sum.n++;
  }
  await client.end();
  const per = (v: number): string => (v / (sum.n * batch)).toFixed(2);
  if (explain)
    say(
      `batch ${batch}, ${sum.n} statements: per check-in WAL records ${per(sum.records)}, bytes ${per(sum.bytes)}, full-page images ${per(sum.fpi)}; buffers hit ${per(sum.hit)}, read ${per(sum.read)}, dirtied ${per(sum.dirtied)}`,
    );
  else
    say(
      `batch ${batch}, ${sum.n} statements: backend CPU ${(sum.cpu / sum.n).toFixed(3)} ms per statement, ${(sum.cpu / (sum.n * batch)).toFixed(3)} ms per check-in`,
    );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
