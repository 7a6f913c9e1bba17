// PostgreSQL backend CPU per item of the check-in hot path's batched statements, by variant, each
// run in a transaction rolled back (nothing changes): the citizen session statement as the server
// sends it (full), without its touch (lookup), the same sessions again (warm), the touch as a plain
// update (plaintouch), and checkin_record_many (insert). CPU from /proc/<backend pid>/stat (10 ms
// ticks: use N >= 300). Needs the seeded epilink_bench_ingest (npm run bench -- checkin-ingest).
//   N=300 T=9 K0=100000 V=full,lookup,warm,plaintouch,insert node bench/load/checkin-pgcost.mjs
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const url = process.env.INGEST_URL ?? 'postgres://postgres@127.0.0.1:5432/epilink_bench_ingest';
const c = new pg.Client(url);
await c.connect();
const pid = (await c.query('select pg_backend_pid() p')).rows[0].p;
const cpu = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(x[11]) + Number(x[12])) * 10;
};
const H = (k) => createHash('sha256').update(`bench-citizen-${k}`).digest('hex');
const LIVE = `select cs.token_hash, c.id as citizen_id, c.person_id, cs.last_seen_at
    from citizen_sessions cs join citizens c on c.id = cs.citizen_id
    where cs.token_hash = any($1::text[]) and cs.revoked_at is null and c.verified_at is not null
      and cs.expires_at > $2::timestamptz and cs.last_seen_at > $3::timestamptz`;
const REST = `select live.token_hash, live.citizen_id, TOUCHED as touched,
       me.id as person_id, me.date_of_birth::text as date_of_birth, me.household_id,
       case when me.household_id is null then '[]'::json else (
         select coalesce(json_agg(json_build_object('id', m.id, 'dateOfBirth', m.date_of_birth::text) order by m.date_of_birth, m.id), '[]'::json)
         from persons m where m.household_id = me.household_id and m.merged_into is null) end as household
from live join chain on chain.token_hash = live.token_hash and chain.merged_into is null join persons me on me.id = chain.id`;
const CHAIN = `chain (token_hash, id, merged_into, hop) as (
    select live.token_hash, p.id, p.merged_into, 0 from live join persons p on p.id = live.person_id
    union all select chain.token_hash, p.id, p.merged_into, chain.hop + 1 from chain join persons p on p.id = chain.merged_into where chain.hop < 9)`;
const TOUCH = `stale as (select t.token_hash from citizen_sessions t join live on live.token_hash = t.token_hash
    where live.last_seen_at < $2::timestamptz - interval '60 seconds' order by t.token_hash for update of t skip locked),
  touched as (update citizen_sessions t set last_seen_at = $2::timestamptz from stale where t.token_hash = stale.token_hash returning 1),
  lazy as (select set_config('synchronous_commit', 'off', true) from (select 1 from touched limit 1) one)`;
const V = {
  full: `with recursive live as (${LIVE}), ${CHAIN}, ${TOUCH} ${REST.replace('TOUCHED', '(select count(*) from lazy)::int')}`,
  lookup: `with recursive live as (${LIVE}), ${CHAIN} ${REST.replace('TOUCHED', '0')}`,
  nolock: `with recursive live as (${LIVE}), ${CHAIN}, touched as (update citizen_sessions t set last_seen_at = $2::timestamptz from live
    where t.token_hash = live.token_hash and live.last_seen_at < $2::timestamptz - interval '60 seconds' returning 1),
  lazy as (select set_config('synchronous_commit', 'off', true) from (select 1 from touched limit 1) one) ${REST.replace('TOUCHED', '(select count(*) from lazy)::int')}`,
  warm: 'WARM',
  plaintouch: `update citizen_sessions set last_seen_at = $2::timestamptz where token_hash = any($1::text[]) and $3::timestamptz is not null`,
};
const tokens = (await c.query('select token from venue_tokens')).rows.map((r) => r.token);
const persons = async (ks) =>
  (
    await c.query(
      'select c.person_id from citizen_sessions cs join citizens c on c.id = cs.citizen_id where cs.token_hash = any($1) ',
      [ks.map(H)],
    )
  ).rows.map((r) => r.person_id);
const N = Number(process.env.N ?? 200),
  TRIALS = Number(process.env.T ?? 6);
let k = Number(process.env.K0 ?? 120000);
const res = {};
const order = (process.env.V ?? 'full,lookup,plaintouch,insert').split(',');
for (let t = 0; t < TRIALS; t++)
  for (const v of order) {
    const ks = Array.from({ length: N }, () => k++);
    const now = new Date();
    const idle = new Date(now - 1800e3);
    let q, args;
    if (v === 'insert') {
      const ps = await persons(ks);
      q =
        'select * from checkin_record_many($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[])';
      args = [
        ps.map((_, i) => tokens[i % tokens.length]),
        ps.map((p) => 'p:' + p),
        ps,
        ps.map(() => 'self'),
        ps.map(() => null),
        ps.map(() => null),
        ps.map(() => null),
      ];
    } else if (v === 'warm') {
      q = V.lookup;
      ks.splice(0, ks.length, ...Array.from({ length: N }, (_, i) => 100 + i));
      args = [ks.map(H), now.toISOString(), idle.toISOString()];
    } else {
      q = V[v];
      args = [ks.map(H), now.toISOString(), idle.toISOString()];
    }
    await c.query('begin');
    const c0 = cpu(),
      w0 = performance.now();
    const r = await c.query({ name: v === 'warm' ? 'lookup' : v, text: q, values: args });
    const w = performance.now() - w0,
      dc = cpu() - c0;
    await c.query('rollback');
    if (t === 0) continue;
    (res[v] ??= []).push([dc / N, w / N, r.rowCount]);
  }
for (const [v, xs] of Object.entries(res)) {
  const m = (i) => xs.map((x) => x[i]).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const tot = xs.reduce((a, x) => a + x[0], 0) / xs.length;
  console.log(
    `${v.padEnd(11)} CPU ms/item mean ${tot.toFixed(3)} median ${m(0).toFixed(3)} (all ${xs.map((x) => x[0].toFixed(3)).join(' ')}), wall ms/item ${m(1).toFixed(3)}, rows ${xs[0][2]}`,
  );
}
await c.end();
