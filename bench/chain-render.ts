/**
 * `npm run bench -- chain-render [--cases 5000] [--contacts 20000] [--runs 5] [--skip-build]
 * [--screenshot file.png]`
 *
 * How long the browser takes to draw a transmission-chain graph of province size: the web app is
 * built (`npm run build -w @epilink/web`), served as static files, and opened at `/cases/chain`
 * in real Chromium (playwright-core, Debian's /usr/bin/chromium). The page's API calls are
 * answered by the benchmark (a signed-in epidemiologist; the chain endpoint returns a synthetic
 * deterministic graph of N cases and M contacts), so the figure is the web app's alone: from the
 * `epilink:chain-data` mark (the page has the parsed graph) to the `epilink:chain-drawn` mark (the
 * first complete canvas frame, two animation frames after the draw). Median of `--runs` page
 * loads, each in a fresh browser context, after one warm-up. Writes bench-results/chain-render.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import {
  REPO_ROOT,
  checkKnownArgs,
  median,
  numberArg,
  parseArgs,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const DIST = join(REPO_ROOT, 'packages', 'web', 'dist');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET_MS = 2000;

interface Node {
  id: string;
  label: string;
  caseId: string | null;
  classification: string | null;
  communeCode: string | null;
  degree: number | null;
  proposedDegree: number | null;
  status: string;
}
interface Edge {
  id: string;
  exposureType: string;
  from: string;
  to: string;
  status: 'confirmed' | 'proposed';
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (kind: number, i: number) =>
  `00000000-0000-4000-${(8000 + kind).toString(16)}-${i.toString(16).padStart(12, '0')}`;

/**
 * A province-like chain graph: cases grouped in clusters of 1-60 (each later case infected by an
 * earlier one of its cluster: a case-to-case confirmed edge), every case with a few contacts
 * (household-sized groups; 70 % confirmed), a fifth of the confirmed F1s with F2 contacts of their own.
 */
export function syntheticChain(
  cases: number,
  contacts: number,
  seed = 83,
): { nodes: Node[]; edges: Edge[]; truncated: boolean } {
  const random = rng(seed);
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const caseIds: string[] = [];
  let clusterStart = 0;
  let clusterSize = 0;
  for (let i = 0; i < cases; i++) {
    const id = uuid(1, i);
    caseIds.push(id);
    nodes.push({
      id,
      label: `Ca ${i + 1}`,
      caseId: uuid(3, i),
      classification: 'confirmed',
      communeCode: '28756',
      degree: 0,
      proposedDegree: 0,
      status: 'f0',
    });
    if (i - clusterStart >= clusterSize) {
      clusterStart = i;
      clusterSize = 1 + Math.floor(random() ** 3 * 60);
    } else {
      const source = caseIds[clusterStart + Math.floor(random() * (i - clusterStart))]!;
      edges.push({ id: uuid(4, i), exposureType: 'household', from: source, to: id, status: 'confirmed' });
    }
  }
  const f1s: string[] = [];
  for (let j = 0; j < contacts; j++) {
    const id = uuid(2, j);
    const confirmed = random() < 0.7;
    const asF2 = f1s.length > 0 && random() < 0.2;
    const source = asF2 ? f1s[Math.floor(random() * f1s.length)]! : caseIds[Math.floor(random() * cases)]!;
    const level = asF2 ? 2 : 1;
    const degree = confirmed ? level : null;
    const cleared = confirmed && random() < 0.1;
    nodes.push({
      id,
      label: `Tiếp xúc ${j + 1}`,
      caseId: null,
      classification: null,
      communeCode: '28756',
      degree,
      proposedDegree: level,
      status: cleared ? 'cleared' : confirmed ? `f${level}` : 'candidate',
    });
    edges.push({
      id: uuid(5, j),
      exposureType: 'household',
      from: source,
      to: id,
      status: confirmed ? 'confirmed' : 'proposed',
    });
    if (confirmed && !asF2) f1s.push(id);
  }
  return { nodes, edges, truncated: false };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serve the built app: files under dist, anything else is the single-page app's index.html. */
function serveDist(): Promise<{ server: Server; url: string }> {
  const index = readFileSync(join(DIST, 'index.html'));
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/u, '');
    const file = join(DIST, path);
    if (path !== '/' && file.startsWith(DIST) && existsSync(file)) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(200, { 'content-type': TYPES['.html'] });
    res.end(index);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

const USER = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'bench.epi',
  displayName: 'Bench epidemiologist',
  role: 'provincial_epidemiologist',
  jurisdiction: { code: '83', name: 'Bến Tre', level: 'province' },
};

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['cases', 'contacts', 'runs', 'skip-build', 'screenshot']);
  const cases = numberArg(args, 'cases', 5000);
  const contacts = numberArg(args, 'contacts', 20000);
  const runs = numberArg(args, 'runs', 5);
  if (args.get('skip-build') !== 'true' || !existsSync(join(DIST, 'index.html'))) {
    say('Building the web app …');
    execFileSync('npm', ['run', 'build', '-w', '@epilink/web'], { cwd: REPO_ROOT, stdio: 'ignore' });
  }
  const graph = syntheticChain(cases, contacts);
  const body = JSON.stringify(graph);
  say(
    `Graph: ${graph.nodes.length} people, ${graph.edges.length} edges, ${(body.length / 1e6).toFixed(1)} MB JSON`,
  );
  const { server, url } = await serveDist();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const times: number[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    for (let run = 0; run <= runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.route('**/api/**', async (route) => {
        const path = new URL(route.request().url()).pathname;
        const json = (status: number, payload: unknown) =>
          route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(payload) });
        if (path === '/api/meta')
          return json(200, {
            province: { code: '83', name: 'Bến Tre' },
            demo: true,
            database: 'pglite',
            version: 'bench',
          });
        if (path === '/api/auth/me') return json(200, { user: USER, stage: 'active' });
        if (path === '/api/tracing/graph')
          return route.fulfill({ status: 200, contentType: 'application/json', body });
        if (path === '/api/events') return route.fulfill({ status: 204, body: '' });
        return json(404, {
          error: { code: 'NOT_FOUND', message: 'not found', messageKey: 'errors.notFound' },
        });
      });
      const page = await context.newPage();
      await page.goto(`${url}/cases/chain`);
      await page.waitForFunction(() => performance.getEntriesByName('epilink:chain-drawn').length > 0, null, {
        timeout: 60_000,
      });
      const measured = await page.evaluate(() => {
        const data = performance.getEntriesByName('epilink:chain-data')[0];
        const drawn = performance.getEntriesByName('epilink:chain-drawn')[0] as PerformanceMark | undefined;
        const detail = drawn?.detail as { nodes?: number } | undefined;
        return { ms: drawn && data ? drawn.startTime - data.startTime : -1, nodes: detail?.nodes ?? -1 };
      });
      if (measured.nodes !== graph.nodes.length || measured.ms < 0)
        throw new Error(
          `run ${run}: drew ${measured.nodes} nodes (${measured.ms} ms), expected ${graph.nodes.length}`,
        );
      say(`${run === 0 ? 'warm-up' : `run ${run}`}: ${measured.ms.toFixed(0)} ms`);
      if (run > 0) times.push(measured.ms);
      const shot = args.get('screenshot');
      if (shot && run === runs) await page.screenshot({ path: shot, fullPage: false });
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const chainRenderMs = round(median(times), 1);
  const path = writeResult({
    name: 'chain-render',
    params: {
      cases,
      contacts,
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      runs,
      viewport: '1280x800',
    },
    metrics: {
      chain_render_ms: chainRenderMs,
      chain_render_min_ms: round(Math.min(...times), 1),
      chain_render_max_ms: round(Math.max(...times), 1),
      load_avg_1m: round((loadBefore + loadavg()[0]!) / 2, 1),
    },
  });
  say(
    `chain_render_ms (median of ${runs}): ${chainRenderMs} (target ≤ ${TARGET_MS}), load average ${loadavg()[0]!.toFixed(1)} → ${path}`,
  );
});
