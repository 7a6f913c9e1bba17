/// <reference lib="dom" />
/**
 * `npm run bench -- certificates [--verifications 40000] [--people 100000] [--workers 2]`
 *
 * Issuance and verification rates of EU DCC certificates with the product's code paths:
 * - verify_per_s: full verification (prefix, Base45, zlib, COSE, kid, ES256 signature, CWT,
 *   schema 1.3, expiry, key usage, revocation look-up) spread over worker threads, one per core;
 *   also the single-thread rate (verify_per_s_1thread) as the baseline.
 * - issue_100k_s: seconds to build, sign and encode vaccination certificates for N people
 *   (payload → CBOR/CWT → COSE_Sign1 ES256 → zlib → Base45), over the same workers.
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  buildVaccinationCertificate,
  createSignerCertificate,
  generateSignerKeyPair,
  issueHc1,
  makeUvci,
  trustListEntry,
} from '@epilink/dcc';
import { verifyWithState } from '../packages/server/src/certificates/verifier.ts';
import { checkKnownArgs, numberArg, parseArgs, runBench, say, writeResult } from './lib.ts';

interface Job {
  kind: 'verify' | 'issue';
  count: number;
  offset: number;
  qrs: string[];
  certificateDer: Uint8Array;
  pkcs8: Uint8Array;
}

const NOW = new Date('2021-12-01T00:00:00Z');
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

async function main(): Promise<void> {
  const args = parseArgs();
  checkKnownArgs(args, ['verifications', 'people', 'workers']);
  const verifications = numberArg(args, 'verifications', 40_000);
  const people = numberArg(args, 'people', 100_000);
  const workers = numberArg(args, 'workers', Math.min(2, availableParallelism()));

  const keys = await generateSignerKeyPair();
  const certificateDer = await createSignerCertificate({
    subject: { country: 'VN', organization: 'Sở Y tế tỉnh Bến Tre', commonName: 'EpiLink DSC bench' },
    publicKey: keys.publicKey,
    selfSigningKey: keys.privateKey,
    notBefore: new Date('2021-01-01T00:00:00Z'),
    notAfter: new Date('2023-01-01T00:00:00Z'),
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

  const path = writeResult({
    name: 'certificates',
    params: { verifications: perWorker * workers, people, workers },
    metrics: {
      verify_per_s: Math.round(verifyRate),
      verify_per_s_1thread: Math.round(single),
      issue_100k_s: Math.round((issueSeconds * 100_000 * 10) / people) / 10,
      issue_per_s: Math.round(people / issueSeconds),
    },
  });
  say(`→ ${path}`);
}

if (isMainThread) runBench(main);
