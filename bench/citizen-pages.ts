/**
 * `npm run bench -- citizen-pages [--runs 5] [--skip-build] [--web-dist DIR]`
 *
 * How fast a cheap phone on a slow network can use the two pages a resident opens from a QR code
 * or a link: the venue check-in page (`/c/:token`) and the certificate verifier (`/verify`).
 * The web app is built (`npm run build -w @epilink/web`, unless --skip-build) and served by the
 * real server (the API and the built files, as `npm start` serves them: the citizen entry, brotli
 * siblings, cache headers) on a small demo province with one approved venue and its QR token.
 * Each page is opened in real Chromium (playwright-core, Debian's /usr/bin/chromium) in a fresh
 * browser context (empty cache, no service worker), throttled through the DevTools protocol:
 * - network: DevTools' "Fast 3G" preset (Network.emulateNetworkConditions: latency 562.5 ms =
 *   150 ms RTT × 3.75, download 1.6 Mbit/s × 0.9 = 180,000 B/s, upload 750 kbit/s × 0.9 =
 *   84,375 B/s; newer DevTools call this preset "3G");
 * - CPU: 4× slowdown (Emulation.setCPUThrottlingRate).
 * Interactive is taken from the page's own clock (performance.now(), from the navigation start):
 * the first animation frame at which the page's main control is visible and enabled with the data
 * it needs — check-in: the guest form's "Check in" button with its phone field (the venue has
 * loaded, so its name is shown); verifier: the "Check" button with the trust list loaded (the
 * status line names the number of signers). The JavaScript bytes are the compressed bytes on the
 * wire (Network.loadingFinished encodedDataLength, headers included) of every script the page
 * loaded until interactive; decoded bytes beside them. A second visit in the same context shows
 * the immutable caching (scripts from the cache: no bytes). Median of --runs visits after one
 * warm-up. Beside the times, the main thread's CPU time until interactive (unthrottled; a loaded
 * machine changes it little) and the throttled time spent running script. --web-dist serves
 * another build (not rebuilt), to compare two builds back to back. Writes
 * bench-results/citizen-pages.json.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { translate } from '../packages/core/src/index.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import { launchChromium } from '../packages/server/test/e2e/browser.ts';
import {
  REPO_ROOT,
  benchDatabase,
  checkKnownArgs,
  freePort,
  median,
  numberArg,
  parseArgs,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const FAST_3G = { latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const CPU_SLOWDOWN = 4;
const TARGETS = { checkinMs: 2500, verifierMs: 3500, checkinJsKb: 150 };

interface Visit {
  interactiveMs: number;
  /** When the last script had arrived (performance.now() at responseEnd). */
  scriptsDoneMs: number;
  /** When the last API response had arrived. */
  apiDoneMs: number;
  /** API requests sent until interactive (a preload the page did not use would show here). */
  apiRequests: number;
  jsKb: number;
  jsDecodedKb: number;
  scripts: number;
  /**
   * CPU time of the page's main thread until interactive, unthrottled (DevTools' ThreadTime
   * metric): the 4× slowdown and a loaded machine add waiting, not CPU, so this figure moves far
   * less with the load than the times above.
   */
  mainThreadCpuMs: number;
  /** Of which running script (compile and run, DevTools' ScriptDuration; throttled wall time). */
  scriptMs: number;
}

/** Sum the scripts' bytes seen by the DevTools protocol on this page. */
async function watchScripts(
  cdp: CDPSession,
): Promise<() => { encoded: number; decoded: number; count: number; api: number }> {
  const scripts = new Set<string>();
  let api = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (new URL(e.request.url).pathname.startsWith('/api/')) api += 1;
  });
  const encoded = new Map<string, number>();
  const decoded = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.add(e.requestId);
  });
  cdp.on('Network.dataReceived', (e) => {
    decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength);
  });
  cdp.on('Network.loadingFinished', (e) => {
    encoded.set(e.requestId, e.encodedDataLength);
  });
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...FAST_3G });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return () => {
    let e = 0;
    let d = 0;
    for (const id of scripts) {
      e += encoded.get(id) ?? 0;
      d += decoded.get(id) ?? 0;
    }
    return { encoded: e, decoded: d, count: scripts.size, api };
  };
}

/** Open `url` and wait for the frame where `ready` (run in the page) first holds. */
async function visit(page: Page, cdp: CDPSession, url: string, ready: string, arg: string): Promise<Visit> {
  const bytes = await watchScripts(cdp);
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the condition runs in the page
    new Function('arg', `const ok = (${ready})(arg); return ok ? performance.now() : false;`) as (
      a: string,
    ) => number | false,
    arg,
    { polling: 'raf', timeout: 60_000 },
  );
  const interactiveMs = Number(await handle.jsonValue());
  const b = bytes();
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => (metrics.find((x) => x.name === name)?.value ?? 0) * 1000;
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  const [scriptsDoneMs, apiDoneMs] = await page.evaluate<[number, number]>(`(() => {
    const entries = performance.getEntriesByType('resource');
    const done = (test) => Math.max(0, ...entries.filter(test).map((e) => e.responseEnd));
    return [
      done((e) => e.initiatorType === 'script' || e.name.endsWith('.js')),
      done((e) => new URL(e.name).pathname.startsWith('/api/')),
    ];
  })()`);
  return {
    interactiveMs,
    scriptsDoneMs,
    apiDoneMs,
    apiRequests: b.api,
    jsKb: b.encoded / 1024,
    jsDecodedKb: b.decoded / 1024,
    scripts: b.count,
    mainThreadCpuMs: metric('ThreadTime'),
    scriptMs: metric('ScriptDuration'),
  };
}

/** The guest check-in form is shown, its phone field present and its button enabled. */
const CHECKIN_READY = `() => {
  const form = document.querySelector('main form');
  const tel = form && form.querySelector('input[type="tel"]');
  const button = form && form.querySelector('button[type="submit"]');
  return !!(tel && button && !button.disabled && button.getBoundingClientRect().height > 0);
}`;

/** The verifier's "Check" button is shown and enabled, and the trust list has loaded. */
const VERIFIER_READY = `(missing) => {
  const button = document.querySelector('main form button[type="submit"]');
  const status = document.querySelector('main [role="status"]');
  return !!(button && !button.disabled && button.getBoundingClientRect().height > 0 &&
    status && status.textContent && !status.textContent.includes(missing));
}`;

async function measure(
  browser: Browser,
  url: string,
  ready: string,
  arg: string,
  runs: number,
): Promise<{ cold: Visit[]; repeatJsKb: number[] }> {
  const cold: Visit[] = [];
  const repeatJsKb: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    const first = await visit(page, await context.newCDPSession(page), url, ready, arg);
    const again = await context.newPage();
    const second = await visit(again, await context.newCDPSession(again), url, ready, arg);
    await context.close();
    if (i === 0) continue; // warm-up (server and browser caches of the process, not the page's)
    cold.push(first);
    repeatJsKb.push(second.jsKb);
  }
  return { cold, repeatJsKb };
}

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['runs', 'skip-build', 'web-dist']);
  const runs = numberArg(args, 'runs', 5);
  // --web-dist DIR: serve another build of the web app (an A/B of two builds in the same
  // conditions); it is not rebuilt.
  const webDist = args.get('web-dist');
  if (!args.has('skip-build') && webDist === undefined) {
    say('building the web app…');
    execFileSync('npm', ['run', 'build', '-w', '@epilink/web'], { cwd: REPO_ROOT, stdio: 'ignore' });
  }
  // PostgreSQL (DATABASE_URL's server, a database of its own), the reference data and no demo
  // people: the pages read a venue and the trust list only.
  const target = await benchDatabase('citizen_pages', { fresh: true });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 4 });
  const port = await freePort();
  const env = { DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent', PROVINCE_CODE: '83' };
  await prepareDatabase(database, loadConfig(env));
  const app = await buildApp(
    { config: loadConfig({ ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }), database },
    { logger: false, serveWeb: true, ...(webDist ? { webDist: resolve(webDist) } : {}) },
  );
  await app.listen({ port, host: '127.0.0.1' });
  const server = { url: `http://127.0.0.1:${port}` };
  const browser = await launchChromium();
  try {
    const db = database.db;
    const [commune] = await queryRows<{ code: string; district: string; province: string }>(
      db,
      sql`select c.code, c.parent_code as district, c.province_code as province from admin_units c
        where c.level = 'commune' and c.province_code = '83' and c.valid_to is null order by c.code limit 1`,
    );
    const [venue] = await queryRows<{ id: string }>(
      db,
      sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
        values ('Chợ Phú Hưng', 'market', 'Ấp 2', ${commune!.province}, ${commune!.district},
          ${commune!.code}, 'approved') returning id`,
    );
    const token = 'benchCitizenPages_0001';
    await db.execute(sql`insert into venue_tokens (token, venue_id) values (${token}, ${venue!.id})`);
    const loadBefore = loadavg()[0]!;
    const checkin = await measure(browser, `${server.url}/c/${token}`, CHECKIN_READY, '', runs);
    const missing = translate('vi', 'vaccination.verifier.trustListMissing');
    const verifier = await measure(browser, `${server.url}/verify`, VERIFIER_READY, missing, runs);
    const loadAfter = loadavg()[0]!;
    const m = (visits: Visit[], key: keyof Visit) => round(median(visits.map((v) => v[key])), 1);
    const metrics = {
      checkin_page_interactive_ms: Math.round(m(checkin.cold, 'interactiveMs')),
      checkin_page_scripts_loaded_ms: Math.round(m(checkin.cold, 'scriptsDoneMs')),
      checkin_page_api_loaded_ms: Math.round(m(checkin.cold, 'apiDoneMs')),
      checkin_page_js_kb: m(checkin.cold, 'jsKb'),
      checkin_page_js_decoded_kb: m(checkin.cold, 'jsDecodedKb'),
      checkin_page_scripts: m(checkin.cold, 'scripts'),
      checkin_page_api_requests: m(checkin.cold, 'apiRequests'),
      checkin_page_main_thread_cpu_ms: Math.round(m(checkin.cold, 'mainThreadCpuMs')),
      checkin_page_script_ms: Math.round(m(checkin.cold, 'scriptMs')),
      checkin_page_repeat_js_kb: round(median(checkin.repeatJsKb), 1),
      verifier_interactive_ms: Math.round(m(verifier.cold, 'interactiveMs')),
      verifier_scripts_loaded_ms: Math.round(m(verifier.cold, 'scriptsDoneMs')),
      verifier_api_loaded_ms: Math.round(m(verifier.cold, 'apiDoneMs')),
      verifier_js_kb: m(verifier.cold, 'jsKb'),
      verifier_js_decoded_kb: m(verifier.cold, 'jsDecodedKb'),
      verifier_api_requests: m(verifier.cold, 'apiRequests'),
      verifier_main_thread_cpu_ms: Math.round(m(verifier.cold, 'mainThreadCpuMs')),
      verifier_script_ms: Math.round(m(verifier.cold, 'scriptMs')),
      verifier_repeat_js_kb: round(median(verifier.repeatJsKb), 1),
      load_average_before: round(loadBefore, 2),
      load_average_after: round(loadAfter, 2),
    };
    const path = writeResult({
      name: 'citizen-pages',
      params: {
        runs,
        network:
          'DevTools Fast 3G preset: latency 562.5 ms, down 180,000 B/s (1.6 Mbit/s × 0.9), up 84,375 B/s (750 kbit/s × 0.9)',
        cpu_slowdown: CPU_SLOWDOWN,
        web_dist: webDist ?? 'packages/web/dist',
        viewport: '360×740',
        cache:
          'fresh browser context per visit (empty HTTP cache, service workers blocked); repeat = second visit, same context',
        interactive:
          "first animation frame (performance.now() from navigation start) where the page's main control is visible and enabled with its data: check-in = the guest form's Check in button and phone field (venue loaded); verifier = the Check button with the trust list loaded",
        js_kb:
          'compressed bytes on the wire of every script loaded until interactive (CDP encodedDataLength, headers included)',
        targets: `checkin ≤ ${TARGETS.checkinMs} ms, verifier ≤ ${TARGETS.verifierMs} ms, checkin JS ≤ ${TARGETS.checkinJsKb} KB`,
      },
      metrics,
    });
    for (const [k, v] of Object.entries(metrics)) say(`${k}: ${v}`);
    say(`written to ${path}`);
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
});
