/**
 * quarantine: health forms and alerts with `orders` active orders (issue #16 item 7) on PostgreSQL.
 *
 *   npm run bench -- quarantine [--orders 50000] [--forms 3000] [--concurrency 32] [--alerts 20]
 *
 * Database `epilink_bench_quarantine`, made fresh each run: `orders` people with an active home
 * quarantine each, spread over the province's communes (set-based statements). The real server
 * listens on a loopback port (per-IP limit raised: one machine plays every phone):
 * - forms_per_s: `forms` health forms without a warning sign POSTed to the public signed-link route
 *   by `concurrency` clients at once, over the elapsed time. The clients run in their own process
 *   (bench/load/forms.ts, Node's http with keep-alive), as phones do, so their HTTP client does
 *   not share the server's event loop (until 2026-12-03 they ran in this process: fetch took ~36 %
 *   of its CPU); server_cpu_us_per_form is this process's CPU (process.cpuUsage) per form — the
 *   server's per-request work, a figure a loaded machine inflates less than a rate (beside it the
 *   CPU per form of the PostgreSQL backends and of the load generator: on two cores they share the
 *   second one);
 * - alert_latency_ms (p50/p95): a commune officer has /quarantine open in Chromium; a form with
 *   SpO2 94 % is POSTed through the link; the time until the page shows one more alert.
 * Targets: forms_per_s ≥ 1,000; alert_latency_ms p95 ≤ 2,000. The machine is shared: the load
 * average before and after is reported with the figures.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import { buildApp } from '../packages/server/src/app.ts';
import { createUser } from '../packages/server/src/auth/users.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import { formToken } from '../packages/server/src/quarantine/links.ts';
import {
  HttpSession,
  REPO_ROOT,
  benchDatabase,
  checkKnownArgs,
  freePort,
  msSince,
  numberArg,
  parseArgs,
  percentile,
  redactUrl,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';
import type { FormsResult, FormsSpec } from './load/forms.ts';
import { backendPids, cpuBetween, cpuOf } from './load/cpu.ts';
import { recordStatements, statementLines } from './measure/cost.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIST = join(REPO_ROOT, 'packages/web/dist/index.html');
const PASSWORD = 'bench-quarantine-2026!';
const CALM = { spo2: 98, pulse: 80, respiratoryRate: 16, temperatureC: 36.8 };

/** Run the phones (bench/load/forms.ts) as their own process and read their result. */
function formsProcess(spec: FormsSpec): Promise<FormsResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench/load/forms.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORMS_SPEC: 'stdin' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      if (code !== 0) reject(new Error(`forms load generator exited ${code}`));
      else resolve(JSON.parse(out) as FormsResult);
    });
    proc.stdin.end(JSON.stringify(spec));
  });
}

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['orders', 'forms', 'concurrency', 'alerts']);
  const orders = numberArg(args, 'orders', 50_000);
  const forms = numberArg(args, 'forms', 3_000);
  const concurrency = numberArg(args, 'concurrency', 32);
  const alerts = numberArg(args, 'alerts', 20);
  const target = await benchDatabase('quarantine', { fresh: true });
  say(`database ${redactUrl(target.url)}`);
  const config = loadConfig({
    DEMO: 'false',
    DATABASE_URL: target.url,
    LOG_LEVEL: 'silent',
    PROVINCE_CODE: '83',
    RATE_LIMIT_PER_IP: '100000000',
  });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 16 });
  await prepareDatabase(database, config);
  const { db } = database;
  const end = addDays(today(), 10);
  // People and their active orders, spread over the province's communes, one statement each.
  await db.execute(sql`
    with c as (select code, parent_code, row_number() over (order by code) - 1 as k, count(*) over () as n
        from admin_units where province_code = '83' and level = 'commune' and valid_to is null)
    insert into persons (full_name, name_key, date_of_birth, phone, province_code, district_code, commune_code, source)
    select 'Người cách ly ' || g, 'nguoi cach ly ' || g, '1985-01-01', '09' || lpad(g::text, 8, '0'), '83', c.parent_code, c.code, 'bench'
    from generate_series(1, ${orders}) g join c on c.k = g % c.n`);
  await db.execute(sql`
    insert into quarantine_orders (province_code, district_code, commune_code, person_id, disease_code, role, kind, status,
      start_date, quarantine_end, end_date, tests_due, forms_per_day, confirmed_at)
    select p.province_code, p.district_code, p.commune_code, p.id, 'COVID-19', 'F1', 'home_quarantine', 'active',
      ${addDays(today(), -1)}::date, ${end}::date, ${end}::date, jsonb_build_array(${end}::text), 2, now()
    from persons p where p.source = 'bench'`);
  await db.execute(sql`analyze quarantine_orders`);
  const ids = (await queryRows<{ id: string }>(db, sql`select id from quarantine_orders order by id`)).map(
    (r) => r.id,
  );
  say(`${ids.length} active orders`);
  const tokens = await Promise.all(ids.slice(0, Math.min(ids.length, forms)).map((id) => formToken(db, id)));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await buildApp(
    { config: { ...config, port, publicUrl: url }, database },
    { logger: false, serveWeb: true },
  );
  await app.listen({ port, host: '127.0.0.1' });
  const loadBefore = loadavg().map((v) => round(v, 2));
  say(`load average before: ${loadBefore.join(' ')}`);
  const post = async (token: string, body: unknown) => {
    const res = await fetch(`${url}/api/public/quarantine/forms/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-epilink-csrf': '1' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`form: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { alertId: string | null };
  };
  try {
    // forms_per_s: the phones in their own process (bench/load/forms.ts), the server alone in this one.
    // PostgreSQL's side: the CPU of the backends serving this database, read from another connection.
    const watcher = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 1 });
    const pgBefore = cpuOf(await backendPids(watcher.db));
    const statements = recordStatements();
    const cpuBefore = process.cpuUsage();
    const sent = await formsProcess({ url, tokens, forms, concurrency, body: CALM });
    const cpu = process.cpuUsage(cpuBefore);
    const log = statements.stop();
    const pgCpuUs = (cpuBetween(pgBefore, cpuOf(await backendPids(watcher.db))) * 1000) / forms;
    await watcher.close();
    if (sent.ok !== forms)
      throw new Error(`forms: ${sent.ok} of ${forms} accepted; ${sent.firstError ?? ''}`);
    const formsPerS = (forms / sent.elapsedMs) * 1000;
    const serverCpuUs = (cpu.user + cpu.system) / forms;
    say(`forms: ${forms} in ${sent.elapsedMs.toFixed(0)} ms = ${formsPerS.toFixed(0)}/s`);
    say(
      `server CPU per form: ${serverCpuUs.toFixed(0)} µs; load generator ${((sent.cpuMs * 1000) / forms).toFixed(0)} µs`,
    );
    say(`PostgreSQL backends' CPU per form: ${pgCpuUs.toFixed(0)} µs`);
    say(`statements per form: ${(log.count / forms).toFixed(2)}`);
    for (const line of statementLines(log, forms)) say(line);

    // alert_latency_ms
    const latencies: number[] = [];
    let skipped: string | null = null;
    if (!existsSync(DIST)) skipped = 'the web app is not built (npm run build -w @epilink/web)';
    else if (!existsSync(CHROMIUM_PATH)) skipped = `no Chromium at ${CHROMIUM_PATH}`;
    if (!skipped) {
      const [first] = await queryRows<{ id: string; commune_code: string }>(
        db,
        sql`select id, commune_code from quarantine_orders where id = ${ids[0]!}`,
      );
      const watched = (
        await queryRows<{ id: string }>(
          db,
          sql`select id from quarantine_orders where commune_code = ${first!.commune_code} order by id limit ${alerts}`,
        )
      ).map((r) => r.id);
      await createUser(db, {
        username: 'bench.quarantine',
        displayName: 'Bench quarantine',
        password: PASSWORD,
        role: 'quarantine_officer',
        jurisdictionCode: first!.commune_code,
      });
      const session = new HttpSession(url);
      await session.login('bench.quarantine', PASSWORD);
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      });
      try {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
        await context.addCookies(
          session.cookie.split('; ').map((c) => {
            const eq = c.indexOf('=');
            return { name: c.slice(0, eq), value: c.slice(eq + 1), url };
          }),
        );
        const page = await context.newPage();
        await page.goto(`${url}/quarantine`);
        const count = () =>
          page.evaluate(() => {
            const h = Array.from(document.querySelectorAll('h2')).find((e) =>
              /^Cảnh báo \(/u.test(e.textContent ?? ''),
            );
            return Number(/\((\d+)\)/u.exec(h?.textContent ?? '')?.[1] ?? -1);
          });
        await page.waitForFunction(
          () =>
            Array.from(document.querySelectorAll('h2')).some((e) =>
              /^Cảnh báo \(/u.test(e.textContent ?? ''),
            ),
          null,
          { timeout: 60_000 },
        );
        for (const [i, id] of watched.entries()) {
          const before = await count();
          const token = await formToken(db, id);
          const t0 = performance.now();
          await post(token, { ...CALM, spo2: 94 });
          await page.waitForFunction(
            (want) => {
              const h = Array.from(document.querySelectorAll('h2')).find((e) =>
                /^Cảnh báo \(/u.test(e.textContent ?? ''),
              );
              return Number(/\((\d+)\)/u.exec(h?.textContent ?? '')?.[1] ?? -1) >= want;
            },
            before + 1,
            { polling: 'raf', timeout: 30_000 },
          );
          const ms = msSince(t0);
          latencies.push(ms);
          say(`  alert ${i + 1}: on screen after ${ms.toFixed(0)} ms`);
        }
        await context.close();
      } finally {
        await browser.close();
      }
    }
    const loadAfter = loadavg().map((v) => round(v, 2));
    say(`load average after: ${loadAfter.join(' ')}`);
    writeResult({
      name: 'quarantine',
      params: {
        orders: ids.length,
        forms,
        concurrency,
        alerts: latencies.length,
        database: 'postgres',
        load_before: loadBefore.join(' '),
        load_after: loadAfter.join(' '),
        ...(skipped ? { skipped_alert_latency_ms: skipped } : {}),
      },
      metrics: {
        forms_per_s: round(formsPerS, 0),
        server_cpu_us_per_form: round(serverCpuUs, 0),
        postgres_cpu_us_per_form: round(pgCpuUs, 0),
        load_generator_cpu_us_per_form: round((sent.cpuMs * 1000) / forms, 0),
        statements_per_form: round(log.count / forms, 2),
        ...(latencies.length > 0
          ? {
              alert_latency_ms_p50: round(percentile(latencies, 50), 0),
              alert_latency_ms_p95: round(percentile(latencies, 95), 0),
            }
          : {}),
      },
    });
  } finally {
    await app.close();
    await database.close();
  }
});
