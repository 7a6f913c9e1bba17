/**
 * An import survives a SIGKILL of the server (PGlite and PostgreSQL): the real server
 * (`src/main.ts`) runs the import in its worker; once a batch or more is committed it is killed,
 * restarted on the same data, and its worker resumes from the last committed batch. In the end
 * every good row is stored exactly once (no person twice, none missing) and every bad row is
 * reported once.
 */
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { templateCopyForServer, testDatabaseUrl } from '../../test/db-template.ts';
import { spawnServer } from '../../test/checkin/loadgen.ts';
import type { SpawnedServer } from '../../test/checkin/loadgen.ts';
import { createUser } from '../auth/users.ts';
import { openDatabase, queryRows } from '../db/client.ts';
import type { Database } from '../db/client.ts';

// 12 batches of 200: the kill lands after the first commit with most of the file still to do.
const ROWS = 2400;
const PASSWORD = 'correct horse battery staple';
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const MIDDLE = ['Thị', 'Văn', 'Hữu', 'Minh', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hoà', 'Khánh', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quyên', 'Sơn'];

async function bigFile(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DS');
  sheet.addRow(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã']);
  for (let i = 0; i < ROWS; i++) {
    const name = `${FAMILY[i % 10]} ${MIDDLE[Math.floor(i / 10) % 5]} ${GIVEN[Math.floor(i / 50) % 12]} ${GIVEN[Math.floor(i / 600) % 12]}`;
    const dob = i % 20 === 3 ? '31/02/1990' : `${1 + (i % 28)}/${1 + (i % 12)}/${1940 + (i % 60)}`;
    sheet.addRow([name, dob, i % 2 ? 'Nam' : 'Nữ', '28756']);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

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

interface Job {
  id: string;
  status: string;
  processedRows: number;
  importedCount: number;
  errorCount: number;
  duplicateCount: number;
  totalRows: number;
}

describe('an import across a SIGKILL of the server', () => {
  const pgUrl = testDatabaseUrl();
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
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
    await createUser(database.db, {
      username: 'xa.28756',
      displayName: 'Cán bộ xã',
      password: PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: '28756',
    });
    await database.close();
  }, 300_000);
  afterAll(async () => {
    for (const s of spawned) if (s.proc.exitCode === null && s.proc.signalCode === null) await s.kill();
    await cleanup();
  });

  it('resumes from the last committed batch: no row twice, none missing', async () => {
    const serverEnv = {
      ...env,
      PROVINCE_CODE: '83',
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_IP: '100000000',
      // Small batches: many commit points, so the kill lands between two of them.
      IMPORT_BATCH_ROWS: '200',
    };
    const port = await freePort();
    let server = await spawnServer({ port, env: serverEnv });
    spawned.push(server);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'xa.28756', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const headers = { cookie, 'x-epilink-csrf': '1' };
    const call = async (method: string, path: string, body?: Buffer): Promise<Job> => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: body ? { ...headers, 'content-type': 'application/octet-stream' } : headers,
        body: body ? new Uint8Array(body) : null,
      });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Job;
    };
    const job = await call(
      'POST',
      '/api/imports?kind=people&source=so-ho&fileName=big.xlsx',
      await bigFile(),
    );
    expect(job.totalRows).toBe(ROWS);
    await call('POST', `/api/imports/${job.id}/start`);

    // Kill once at least one batch is committed and the import is still running.
    let seen: Job = job;
    for (;;) {
      seen = await call('GET', `/api/imports/${job.id}`);
      if (seen.processedRows > 0 || seen.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.kill();
    expect(seen.status).toBe('running');
    expect(seen.processedRows).toBeLessThan(ROWS);

    server = await spawnServer({ port, env: serverEnv });
    spawned.push(server);
    for (;;) {
      seen = await call('GET', `/api/imports/${job.id}`);
      if (seen.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await server.stop();
    expect(seen).toMatchObject({
      status: 'done',
      processedRows: ROWS,
      errorCount: ROWS / 20,
      duplicateCount: 0,
    });
    expect(seen.importedCount).toBe(ROWS - ROWS / 20);

    const database = await open();
    try {
      const [people] = await queryRows<{ n: number; keys: number }>(
        database.db,
        sql`select count(*)::int as n, count(distinct external_key)::int as keys from persons where source = ${`import:${job.id}`}`,
      );
      expect(people).toEqual({ n: ROWS - ROWS / 20, keys: ROWS - ROWS / 20 });
      const [errors] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from import_row_errors where job_id = ${job.id}`,
      );
      expect(errors!.n).toBe(ROWS / 20);
    } finally {
      await database.close();
    }
  }, 600_000);
});
