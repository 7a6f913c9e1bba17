/// <reference lib="dom" />
/**
 * `npm run bench -- certificates [--verifications 40000] [--people 100000] [--workers 2]
 *                                [--api-seconds 10] [--api-concurrency 32]`
 *
 * Issuance and verification rates of EU DCC certificates with the product's code paths:
 * - verify_per_s: full verification (prefix, Base45, zlib, COSE, kid, ES256 signature, CWT,
 *   schema 1.3, expiry, key usage, revocation look-up) spread over worker threads, one per core;
 *   also the single-thread rate (verify_per_s_1thread) as the baseline.
 * - issue_100k_s: seconds to build, sign and encode vaccination certificates for N people
 *   (payload → CBOR/CWT → COSE_Sign1 ES256 → zlib → Base45), over the same workers.
 * - verify_api_per_s: verifications through `POST /api/certificates/verify` of the real server
 *   (its own process, PostgreSQL database `epilink_bench_certificates`, the bench signer imported as
 *   a foreign signer) from one address, as a bulk verifier app is configured: its key in
 *   CERT_VERIFY_KEYS, the default per-key limit, every other limit as shipped; keep-alive HTTP at
 *   a fixed concurrency after a warm-up. `unkeyed_ok_of_300` shows the same address without the
 *   key is held to the per-IP limits.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  buildVaccinationCertificate,
  createSignerCertificate,
  generateSignerKeyPair,
  issueHc1,
  makeUvci,
  trustListEntry,
} from '@epilink/dcc';
import { prepareDatabase } from '../packages/server/src/bootstrap.ts';
import { VERIFIER_KEY_HEADER } from '../packages/server/src/certificates/bulk-verifier.ts';
import { verifyWithState } from '../packages/server/src/certificates/verifier.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase } from '../packages/server/src/db/client.ts';
import { dccForeignSigners } from '../packages/server/src/db/schema/index.ts';
import { spawnServer } from '../packages/server/test/checkin/loadgen.ts';
import {
  benchDatabase,
  checkKnownArgs,
  freePort,
  numberArg,
  parseArgs,
  percentile,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

interface Job {
  kind: 'verify' | 'issue';
  count: number;
  offset: number;
  qrs: string[];
  certificateDer: Uint8Array;
  pkcs8: Uint8Array;
}

const NOW = new Date('2021-12-01T00:00:00Z');
const DAY = 86_400_000;
const PRODUCTS = ['EU/1/21/1529', 'EU/1/20/1528', 'EU/1/20/1507', 'BBIBP-CorV'] as const;

async function signerFrom(job: Pick<Job, 'certificateDer' | 'pkcs8'>) {
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    job.pkcs8.slice().buffer,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  return { privateKey, certificateDer: job.certificateDer };
}

async function issueMany(job: Pick<Job, 'certificateDer' | 'pkcs8' | 'count' | 'offset'>): Promise<string[]> {
  const signer = await signerFrom(job);
  const out: string[] = [];
  for (let i = 0; i < job.count; i++) {
    const n = job.offset + i;
    const hcert = buildVaccinationCertificate(
      { familyName: 'Nguyễn', givenName: `Văn Thử ${n}`, dateOfBirth: '1985-03-14' },
      {
        product: PRODUCTS[n % PRODUCTS.length]!,
        doseNumber: 2,
        totalDoses: 2,
        date: '2021-09-15',
        issuerName: 'Sở Y tế tỉnh Bến Tre',
        uvci: makeUvci(`EPILINK/BENCH/${n}`),
      },
    );
    out.push(
      await issueHc1({
        hcert,
        issuer: 'VN',
        issuedAt: new Date('2021-10-01T00:00:00Z'),
        expiresAt: new Date('2022-10-01T00:00:00Z'),
        signer,
      }),
    );
  }
  return out;
}

async function verifyMany(job: Job): Promise<number> {
  const state = {
    trustList: [await trustListEntry(job.certificateDer, 'VN')],
    revokedUciHashes: new Set<string>(),
  };
  let valid = 0;
  for (let i = 0; i < job.count; i++) {
    const r = await verifyWithState(job.qrs[i % job.qrs.length]!, state, NOW);
    if (r.valid) valid++;
  }
  return valid;
}

if (!isMainThread) {
  const job = workerData as Job;
  // Warm up (module load, JIT), report ready, then run the measured part when told to.
  const warm =
    job.kind === 'verify' ? verifyMany({ ...job, count: 2000 }) : issueMany({ ...job, count: 200 });
  void warm.then(() => {
    parentPort!.once('message', () => {
      const t = performance.now();
      const run = job.kind === 'verify' ? verifyMany(job) : issueMany(job).then((q) => q.length);
      void run.then((n) => {
        parentPort!.postMessage({ n, ms: performance.now() - t });
      });
    });
    parentPort!.postMessage('ready');
  });
}

/** Run one job per worker; returns the items done and the wall time from "go" to the last finish. */
async function inWorkers(workers: number, make: (i: number) => Job): Promise<{ n: number; seconds: number }> {
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const pool = Array.from(
    { length: workers },
    (_, i) => new Worker(boot, { eval: true, workerData: make(i) }),
  );
  await Promise.all(
    pool.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', () => {
            resolve();
          });
          w.once('error', reject);
        }),
    ),
  );
  const t = performance.now();
  const done = await Promise.all(
    pool.map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          w.once('message', (m: { n: number }) => {
            resolve(m.n);
          });
          w.once('error', reject);
          w.postMessage('go');
        }),
    ),
  );
  const seconds = (performance.now() - t) / 1000;
  await Promise.all(pool.map((w) => w.terminate()));
  return { n: done.reduce((a, b) => a + b, 0), seconds };
}

function postVerify(
  agent: http.Agent,
  url: URL,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; valid: boolean }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/certificates/verify',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-epilink-csrf': '1',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, valid: text.includes('"valid":true') });
        });
        res.on('error', () => {
          resolve({ status: 0, valid: false });
        });
      },
    );
    req.on('error', () => {
      resolve({ status: 0, valid: false });
    });
    req.end(body);
  });
}

/** `concurrency` keep-alive loops posting the codes for `ms`; counts valid answers and latencies. */
async function apiLoad(
  url: string,
  qrs: string[],
  concurrency: number,
  ms: number,
  headers: Record<string, string>,
  maxRequests = Infinity,
): Promise<{ seconds: number; valid: number; statuses: Record<number, number>; latencies: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const bodies = qrs.map((qr) => JSON.stringify({ qr }));
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  let valid = 0;
  let next = 0;
  const start = performance.now();
  const loop = async () => {
    while (performance.now() - start < ms && next < maxRequests) {
      const body = bodies[next++ % bodies.length]!;
      const t = performance.now();
      const r = await postVerify(agent, target, body, headers);
      latencies.push(performance.now() - t);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 200 && r.valid) valid++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  agent.destroy();
  return { seconds: (performance.now() - start) / 1000, valid, statuses, latencies };
}

/** verify_api_per_s: the real server, configured for a bulk verifier app (see the header). */
async function verifyThroughApi(
  certificateDer: Uint8Array,
  qrs: string[],
  seconds: number,
  concurrency: number,
): Promise<Record<string, number>> {
  const target = await benchDatabase('certificates', { fresh: true });
  const env = { DEMO: 'false', DATABASE_URL: target.url, LOG_LEVEL: 'silent' };
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 });
  await prepareDatabase(database, loadConfig(env));
  await database.db.insert(dccForeignSigners).values({
    kid: (await trustListEntry(certificateDer, 'VN')).kid,
    country: 'VN',
    certificateDer: Buffer.from(certificateDer).toString('base64'),
  });
  await database.close();
  const key = randomBytes(24).toString('base64url');
  const server = await spawnServer({
    port: await freePort(),
    env: { ...env, CERT_VERIFY_KEYS: `bench:${createHash('sha256').update(key).digest('hex')}` },
  });
  try {
    const keyed = { [VERIFIER_KEY_HEADER]: key };
    await apiLoad(server.url, qrs, concurrency, 3000, keyed);
    const run = await apiLoad(server.url, qrs, concurrency, seconds * 1000, keyed);
    const total = Object.values(run.statuses).reduce((a, b) => a + b, 0);
    if (run.valid !== total)
      throw new Error(`API: ${run.valid} valid of ${total} (${JSON.stringify(run.statuses)})`);
    const unkeyed = await apiLoad(server.url, qrs, 4, 60_000, {}, 300);
    const perS = run.valid / run.seconds;
    say(
      `verify via API (bulk verifier key, ${concurrency} concurrent): ${Math.round(perS)}/s, p50 ${round(percentile(run.latencies, 50))} ms, p99 ${round(percentile(run.latencies, 99))} ms; without the key the same address got ${unkeyed.valid} of 300 (${JSON.stringify(unkeyed.statuses)})`,
    );
    return {
      verify_api_per_s: Math.round(perS),
      verify_api_p50_ms: round(percentile(run.latencies, 50)),
      verify_api_p99_ms: round(percentile(run.latencies, 99)),
      unkeyed_ok_of_300: unkeyed.valid,
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['verifications', 'people', 'workers', 'api-seconds', 'api-concurrency']);
  const verifications = numberArg(args, 'verifications', 40_000);
  const people = numberArg(args, 'people', 100_000);
  const workers = numberArg(args, 'workers', Math.min(2, availableParallelism()));
  const apiSeconds = numberArg(args, 'api-seconds', 10);
  const apiConcurrency = numberArg(args, 'api-concurrency', 32);
  const loadBefore = loadavg()[0]!;

  const keys = await generateSignerKeyPair();
  const certificateDer = await createSignerCertificate({
    subject: { country: 'VN', organization: 'Sở Y tế tỉnh Bến Tre', commonName: 'EpiLink DSC bench' },
    publicKey: keys.publicKey,
    selfSigningKey: keys.privateKey,
    notBefore: new Date('2021-01-01T00:00:00Z'),
    notAfter: new Date('2023-01-01T00:00:00Z'),
    types: ['v', 't', 'r'],
  });
  // The same key, certified for today (the API verifies at the server's clock).
  const apiCertificateDer = await createSignerCertificate({
    subject: { country: 'VN', organization: 'Sở Y tế tỉnh Bến Tre', commonName: 'EpiLink DSC bench API' },
    publicKey: keys.publicKey,
    selfSigningKey: keys.privateKey,
    notBefore: new Date(Date.now() - 2 * DAY),
    notAfter: new Date(Date.now() + 730 * DAY),
    types: ['v', 't', 'r'],
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const base = { certificateDer, pkcs8, qrs: [] as string[] };
  const sample = await issueMany({ ...base, count: 1000, offset: 0 });

  // Baseline: one thread.
  const warm = await verifyMany({ ...base, kind: 'verify', qrs: sample, count: 2000, offset: 0 });
  if (warm !== 2000) throw new Error(`only ${warm} of 2000 sample certificates verified`);
  const t = performance.now();
  await verifyMany({ ...base, kind: 'verify', qrs: sample, count: 10_000, offset: 0 });
  const single = 10_000 / ((performance.now() - t) / 1000);
  say(`verify, 1 thread: ${Math.round(single)}/s`);

  const perWorker = Math.ceil(verifications / workers);
  const verified = await inWorkers(workers, () => ({
    ...base,
    kind: 'verify',
    qrs: sample,
    count: perWorker,
    offset: 0,
  }));
  if (verified.n !== perWorker * workers) throw new Error('a verification failed');
  const verifyRate = verified.n / verified.seconds;
  say(`verify, ${workers} workers: ${Math.round(verifyRate)}/s (target ≥ 8000/s on 2 cores)`);

  const perIssuer = Math.ceil(people / workers);
  const issued = await inWorkers(workers, (i) => ({
    ...base,
    kind: 'issue',
    count: perIssuer,
    offset: i * perIssuer,
  }));
  const issueSeconds = issued.seconds;
  say(
    `issue ${issued.n} certificates, ${workers} workers: ${issueSeconds.toFixed(1)} s (target ≤ 60 s for 100,000)`,
  );

  // Through the API, with certificates valid now (the server verifies at its own clock).
  const apiSigner = { privateKey: keys.privateKey, certificateDer: apiCertificateDer };
  const apiQrs: string[] = [];
  for (let i = 0; i < 200; i++) {
    apiQrs.push(
      await issueHc1({
        hcert: buildVaccinationCertificate(
          { familyName: 'Nguyễn', givenName: `Văn API ${i}`, dateOfBirth: '1985-03-14' },
          {
            product: PRODUCTS[i % PRODUCTS.length]!,
            doseNumber: 2,
            totalDoses: 2,
            date: '2021-09-15',
            issuerName: 'Sở Y tế tỉnh Bến Tre',
            uvci: makeUvci(`EPILINK/BENCHAPI/${i}`),
          },
        ),
        issuer: 'VN',
        issuedAt: new Date(Date.now() - DAY),
        expiresAt: new Date(Date.now() + 300 * DAY),
        signer: apiSigner,
      }),
    );
  }
  const api = await verifyThroughApi(apiCertificateDer, apiQrs, apiSeconds, apiConcurrency);

  const path = writeResult({
    name: 'certificates',
    params: { verifications: perWorker * workers, people, workers, apiSeconds, apiConcurrency },
    metrics: {
      ...api,
      load_avg_1m_before: round(loadBefore),
      load_avg_1m_after: round(loadavg()[0]!),
      verify_per_s: Math.round(verifyRate),
      verify_per_s_1thread: Math.round(single),
      issue_100k_s: Math.round((issueSeconds * 100_000 * 10) / people) / 10,
      issue_per_s: Math.round(people / issueSeconds),
    },
  });
  say(`→ ${path}`);
}

if (isMainThread) runBench(main);
