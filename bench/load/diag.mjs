// Preload (`NODE_OPTIONS=--import=<this file>`, env DIAG_FILE=<path>) that records, per second, what
// a server's latency is made of, without changing the server: event-loop delay
// (perf_hooks.monitorEventLoopDelay, 1 ms resolution) and utilisation, garbage-collection pauses,
// HTTP requests (arrival to answer, server side), waits for a pool connection, and every pool statement by name (its duration,
// the batch size = length of its first array parameter, and how many of that name were in flight
// when it was sent). Written as one JSON line per second to DIAG_FILE. The `pg` driver is the one
// the server resolves from the repository root (same module instance: CommonJS cache).
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.DIAG_FILE;
if (file) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pg = require('pg');
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  const fresh = () => ({ gc: [], gcKind: {}, req: [], stmt: {}, stage: {} });
  let cur = fresh();
  const inFlight = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      cur.gc.push(Math.round(e.duration * 10) / 10);
      const k = e.detail?.kind ?? 0;
      cur.gcKind[k] = Math.round(((cur.gcKind[k] ?? 0) + e.duration) * 10) / 10;
    }
  }).observe({ entryTypes: ['gc'] });
  // Every statement of every client (the pool's `query` calls its client's with a callback).
  const origQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, cb) {
    const text = typeof config === 'string' ? config : config?.text;
    const name =
      typeof config === 'object' && config && config.name
        ? config.name
        : typeof text === 'string'
          ? `q:${text.replace(/\s+/g, ' ').slice(0, 50)}`
          : null;
    if (!name || (typeof config === 'object' && typeof config?.submit === 'function'))
      return origQuery.call(this, config, values, cb);
    const v =
      typeof config === 'object' && config.values ? config.values : Array.isArray(values) ? values : null;
    const size = Array.isArray(v) && Array.isArray(v[0]) ? v[0].length : 1;
    inFlight[name] = (inFlight[name] ?? 0) + 1;
    const concurrent = inFlight[name];
    const t0 = performance.now();
    let recorded = false;
    const done = () => {
      if (recorded) return;
      recorded = true;
      inFlight[name]--;
      const s = (cur.stmt[name] ??= []);
      s.push([Math.round((performance.now() - t0) * 10) / 10, size, concurrent]);
    };
    const callback = typeof values === 'function' ? values : cb;
    if (typeof callback === 'function') {
      const wrapped = (err, res) => {
        done();
        callback(err, res);
      };
      return typeof values === 'function'
        ? origQuery.call(this, config, wrapped)
        : origQuery.call(this, config, values, wrapped);
    }
    const p = origQuery.call(this, config, values);
    if (p && typeof p.then === 'function') p.then(done, done);
    return p;
  };
  // Waits for a pool connection (checkout), the server's pool and the workers' alike.
  const origConnect = pg.Pool.prototype.connect;
  pg.Pool.prototype.connect = function (cb) {
    const t0 = performance.now();
    const waited = () => (cur.stage['pool wait'] ??= []).push(Math.round((performance.now() - t0) * 10) / 10);
    if (typeof cb === 'function')
      return origConnect.call(this, (err, client, release) => {
        waited();
        cb(err, client, release);
      });
    const p = origConnect.call(this);
    p.then(waited, waited);
    return p;
  };
  const origEmit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, res) {
    if (event === 'request') {
      const t0 = performance.now();
      res.once('finish', () => cur.req.push(Math.round((performance.now() - t0) * 10) / 10));
    }
    return origEmit.apply(this, arguments);
  };
  // The batchers' stages: submit → answer (queue wait + statement), per batcher.
  // Micro-batchers are told apart by their options (maxItems/maxInFlight): sessions 500/2,
  // declarations' group commit 128/1, test suggestions 200/1.
  const stageOf = (label, proto) => {
    const orig = proto.submit;
    proto.submit = function (...a) {
      const t0 = performance.now();
      const p = orig.apply(this, a);
      const o = this.options;
      const name = o && typeof o === 'object' ? `${label}:${o.maxItems}/${o.maxInFlight}` : label;
      const done = () => (cur.stage[name] ??= []).push(Math.round((performance.now() - t0) * 10) / 10);
      p.then(done, done);
      return p;
    };
  };
  setTimeout(() => {
    // The server's own tree (a server started from another checkout patches that checkout's modules).
    const main = process.argv[1] ?? '';
    const at = main.indexOf('/packages/server/src/');
    const root = `file://${at >= 0 ? main.slice(0, at) : process.cwd()}/packages/server/src`;
    void Promise.all([import(`${root}/db/microBatch.ts`), import(`${root}/checkin/batch.ts`)]).then(
      ([micro, batch]) => {
        stageOf('session', micro.MicroBatcher.prototype);
        stageOf('checkin', batch.CheckinBatcher.prototype);
      },
      (e) => appendFileSync(file, `${JSON.stringify({ error: String(e) })}\n`),
    );
  }, 2000).unref();
  const pct = (a, q) => {
    if (a.length === 0) return 0;
    const s = [...a].sort((x, y) => x - y);
    return s[Math.min(s.length - 1, Math.floor((q / 100) * s.length))];
  };
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    const cpuNow = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const u = performance.eventLoopUtilization(now, elu);
    elu = now;
    const stmt = {};
    for (const [name, rows] of Object.entries(cur.stmt)) {
      const d = rows.map((r) => r[0]);
      const sizes = rows.map((r) => r[1]);
      stmt[name] = {
        n: rows.length,
        items: sizes.reduce((a, b) => a + b, 0),
        meanSize: Math.round(sizes.reduce((a, b) => a + b, 0) / rows.length),
        maxSize: Math.max(...sizes),
        p50: pct(d, 50),
        p99: pct(d, 99),
        max: Math.max(...d),
        maxConcurrent: Math.max(...rows.map((r) => r[2])),
      };
    }
    const line = {
      t: Date.now(),
      elu: Math.round(u.utilization * 1000) / 1000,
      // CPU ms the process (all its threads: GC helpers, libuv pool) used in this second.
      cpuMs: Math.round((cpuNow.user + cpuNow.system) / 1000),
      loop: {
        p50: Math.round(h.percentile(50) / 1e4) / 100,
        p99: Math.round(h.percentile(99) / 1e4) / 100,
        max: Math.round(h.max / 1e4) / 100,
      },
      gc: {
        n: cur.gc.length,
        total: Math.round(cur.gc.reduce((a, b) => a + b, 0)),
        max: Math.max(0, ...cur.gc),
        kind: cur.gcKind,
      },
      heapMb: Math.round(process.memoryUsage().heapUsed / 1e6),
      req: { n: cur.req.length, p50: pct(cur.req, 50), p99: pct(cur.req, 99), max: Math.max(0, ...cur.req) },
      stmt,
      stage: Object.fromEntries(
        Object.entries(cur.stage).map(([k, d]) => [
          k,
          { n: d.length, p50: pct(d, 50), p99: pct(d, 99), max: Math.max(...d) },
        ]),
      ),
    };
    h.reset();
    cur = fresh();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}
