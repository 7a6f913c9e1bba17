/**
 * The load generator's own cost by HTTP client: fixed-rate steps against the hello-world baseline
 * (no database), the two engines of `openloop.ts` taking turns, each step printing the generator's
 * CPU per request, the hello-world's, and p50/p99. On a 2-core machine the generator's CPU is CPU
 * the server under test does not get, so a cheaper generator measures the server more fairly.
 *
 *   node --import tsx bench/load/engine-ab.ts [--rate 4000] [--pairs 3] [--seconds 5]
 *        [--body check-in|declaration]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, freePort, numberArg, parseArgs, round, say } from '../lib.ts';
import { fixedRate, spawnOwned, step } from './capacity.ts';
import type { Cursor, SearchOptions } from './capacity.ts';

async function main(): Promise<void> {
  const args = parseArgs();
  const rate = numberArg(args, 'rate', 4000);
  const pairs = numberArg(args, 'pairs', 3);
  const seconds = numberArg(args, 'seconds', 5);
  const body = args.get('body') ?? 'check-in';
  if (body !== 'check-in' && body !== 'declaration')
    throw new Error('--body must be check-in or declaration');
  const hello = await spawnOwned({
    port: await freePort(),
    env: { TRUST_PROXY: '1' },
    script: join(REPO_ROOT, 'packages/server/test/checkin/hello.ts'),
  });
  const cursor: Cursor = { citizen: 0, guest: 0 };
  const options = (engine: 'undici' | 'http'): SearchOptions => ({
    p99TargetMs: 50,
    tokens: ['bench-venue'],
    citizenShare: 0.7,
    citizenCount: 1_000_000,
    ...fixedRate(rate, seconds),
    engine,
    processes: { server: hello.proc.pid },
    ...(body === 'declaration'
      ? { declarations: { questionnaireId: 'bench', communeCode: '00000', flaggedShare: 0.1 } }
      : {}),
  });
  try {
    for (let p = 0; p < pairs; p++) {
      const order = p % 2 === 0 ? (['http', 'undici'] as const) : (['undici', 'http'] as const);
      for (const engine of order) {
        const load = loadavg()[0]!;
        const r = await step(hello.url, rate, seconds, options(engine), cursor);
        say(
          `${engine} ${rate}/s load ${load.toFixed(1)}: generator ${round(r.generatorCpuMs, 4)} ms CPU/request, hello-world ${round(r.serverCpuMs ?? 0, 4)}; p50 ${round(r.p50)} p99 ${round(r.p99)} ms; ${r.ok} ok, ${r.failures} failed`,
        );
      }
    }
  } finally {
    await hello.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
