/**
 * Durability of check-ins: under load, the server process is killed with SIGKILL and restarted;
 * every check-in acknowledged with a 2xx is stored, and none twice — including the requests the
 * load generator retries after the restart (a retried request must not store a second row).
 * Runs the real server (`src/main.ts`) as a child process on this run's database kind.
 */
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { templateCopyForServer, testDatabaseUrl } from '../../test/db-template.ts';
import { runLoad, spawnServer } from '../../test/checkin/loadgen.ts';
import type { Shot, SpawnedServer } from '../../test/checkin/loadgen.ts';
import { openDatabase, queryRows } from '../db/client.ts';
import type { Database } from '../db/client.ts';
import { newVenueToken } from './venues.ts';

/** A free loopback port (the restarted server listens on the same one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}
const BODY = '{"phone":"09{p8}","fullName":"Khách Bền Vững"}';
/** The server is killed once this many check-ins have been acknowledged (not after a fixed time). */
const KILL_AFTER_ACKS = 40;

describe('check-in durability across a SIGKILL', () => {
  const pgUrl = testDatabaseUrl();
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let token = '';
  const spawned: SpawnedServer[] = [];
  const open = (): Promise<Database> =>
    pgUrl
      ? openDatabase({ kind: 'postgres', url: env.DATABASE_URL!, poolSize: 2 })
      : openDatabase({ kind: 'pglite', dataDir: env.DATA_DIR! });

  beforeAll(async () => {
    // A copy of the run's template (migrated, reference data loaded): what a first start leaves.
    const copy = await templateCopyForServer(inject('dbTemplate'));
    env = copy.env;
    cleanup = copy.remove;
    const database = await open();
    const [v] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
        values ('Chợ Bền Vững', 'market', 'Ấp 1', '83', '829', '28756', 'approved') returning id`,
    );
    token = newVenueToken();
    await database.db.execute(sql`insert into venue_tokens (token, venue_id) values (${token}, ${v!.id})`);
    await database.close();
  });
  afterAll(async () => {
    // Never leave a server behind, whatever happened.
    for (const s of spawned) if (s.proc.exitCode === null && s.proc.signalCode === null) await s.kill();
    await cleanup();
  });

  it('keeps every acknowledged check-in exactly once', async () => {
    const serverEnv = {
      ...env,
      PROVINCE_CODE: '83',
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_IP: '100000000',
    };
    const port = await freePort();
    let server = await spawnServer({ port, env: serverEnv });
    spawned.push(server);
    const spec = {
      url: server.url,
      concurrency: 16,
      // A safety bound only: the load ends when the killed server stops answering each client.
      durationMs: 120_000,
      paths: [`/api/checkin/${token}/guest`],
      bodyTemplate: BODY,
      stopOnConnectionError: true,
    };
    // Kill after N acknowledgements, however slow a busy machine makes them.
    let acks = 0;
    let killing: Promise<void> | null = null;
    const first = await runLoad(spec, false, (shot) => {
      if (shot.status >= 200 && shot.status < 300) acks += 1;
      if (acks >= KILL_AFTER_ACKS && killing === null) killing = server.kill();
    });
    await (killing ?? server.kill());
    const acked = first.shots.filter((s) => s.status >= 200 && s.status < 300);
    const lost = first.shots.filter((s) => s.status === 0);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(lost.length).toBeGreaterThan(0); // the kill happened mid-load

    // Restart on the same data; the client retries what got no answer, and repeats some answered ones.
    server = await spawnServer({ port, env: serverEnv });
    spawned.push(server);
    const retries: Shot[] = [];
    for (const s of [...lost, ...acked.slice(0, 20)]) {
      const r = await runLoad({
        ...spec,
        url: server.url,
        concurrency: 1,
        durationMs: 10_000,
        maxRequests: 1,
        offset: s.i,
      });
      retries.push(...r.shots.map((x) => ({ ...x, i: s.i })));
    }
    await server.stop();
    for (const s of spawned)
      if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
    expect(retries.every((r) => r.status === 200)).toBe(true);

    const database = await open();
    try {
      const rows = await queryRows<{ phone: string; n: number }>(
        database.db,
        sql`select guest_phone as phone, count(*)::int as n from checkins group by guest_phone`,
      );
      const byPhone = new Map(rows.map((r) => [r.phone, r.n]));
      const phone = (i: number) => `09${String(i).padStart(8, '0')}`;
      for (const s of [...acked, ...retries]) expect(byPhone.get(phone(s.i)), phone(s.i)).toBe(1);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      await database.close();
    }
  }, 300_000);
});
