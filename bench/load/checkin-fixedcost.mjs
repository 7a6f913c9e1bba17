// Fixed and per-item cost of the citizen session statement, autocommitted as the server sends it
// (named, touch included), by batch size: the PostgreSQL backend's CPU (/proc, 10 ms ticks) and this
// Node client's per statement. The intercept over batch sizes is what one statement costs whatever
// it carries — what fusing the session lookup into the check-in statement would save per batch.
// Needs the seeded epilink_bench_ingestdiag (bench/load/checkin-diag.ts); set its sessions live first:
//   psql …/epilink_bench_ingestdiag -c "update citizen_sessions set last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '12 hours'"
//   K0=0 S=1,10,40 Q=300 node bench/load/checkin-fixedcost.mjs   (round 1 is cold: read rounds 2-3)
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const c = new pg.Client(
  process.env.INGEST_URL ?? 'postgres://postgres@127.0.0.1:5432/epilink_bench_ingestdiag',
);
await c.connect();
const pid = (await c.query('select pg_backend_pid() p')).rows[0].p;
const cpu = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(x[11]) + Number(x[12])) * 10;
};
const H = (k) => createHash('sha256').update(`bench-citizen-${k}`).digest('hex');
const src = readFileSync(new URL('../../packages/server/src/citizens/session.ts', import.meta.url), 'utf8');
const m = src.match(/const SESSIONS_SQL = `([\s\S]*?)`;/);
const SQL = m[1].replace('${TOUCH_EVERY_S}', '60');
let k = Number(process.env.K0 ?? 0);
const sizes = (process.env.S ?? '1,40').split(',').map(Number);
const STMTS = Number(process.env.Q ?? 400);
for (let round = 0; round < 3; round++)
  for (const n of sizes) {
    const q = Math.max(20, Math.round(STMTS * (sizes[0] / n) ** 0.5));
    const c0 = cpu(),
      n0 = process.cpuUsage(),
      w0 = performance.now();
    let rows = 0;
    for (let i = 0; i < q; i++) {
      const ks = Array.from({ length: n }, () => H(k++ % 200000));
      const now = new Date();
      const r = await c.query({
        name: 's',
        text: SQL,
        values: [ks, now.toISOString(), new Date(now - 1800e3).toISOString()],
      });
      rows += r.rowCount;
    }
    const nu = process.cpuUsage(n0);
    console.log(
      `batch ${n}: ${q} statements, PG ${((cpu() - c0) / q).toFixed(3)} ms/statement, node ${((nu.user + nu.system) / 1000 / q).toFixed(3)} ms/statement, wall ${((performance.now() - w0) / q).toFixed(2)} ms, rows ${rows}`,
    );
  }
await c.end();
