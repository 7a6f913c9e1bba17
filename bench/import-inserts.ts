/**
 * import-inserts: the import's largest inserts (10,000 persons, their ~55,000 blocking keys,
 * 10,000 doses) written by `bulkInsert` (one JSON document, jsonb_to_recordset) and by
 * `arrayInsert` (one array per column, unnest), alternated (A B B A …) in one transaction on the
 * import bench's database (run `npm run bench -- import` first; rolled back at the end): this
 * process's and the PostgreSQL backend's CPU µs per row for each form. Alternating in one session
 * keeps the load and the tables' growth the same for both, so the comparison holds on a loaded
 * machine where a whole-import A/B drowns in noise.
 *
 *   npm run bench -- import-inserts [--rows 10000] [--rounds 4]
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../packages/server/src/access/context.ts';
import { writeAudit } from '../packages/server/src/audit/audit.ts';
import { arrayInsert, bulkInsert } from '../packages/server/src/db/bulk.ts';
import { openDatabase, queryRows } from '../packages/server/src/db/client.ts';
import type { Tx } from '../packages/server/src/db/client.ts';
import { personBlockingKeys, persons, vaccinationDoses } from '../packages/server/src/db/schema/index.ts';
import { PRODUCT } from './import-workbook.ts';
import { pidCpuMs } from './import-stages.ts';
import {
  benchDatabase,
  checkKnownArgs,
  numberArg,
  parseArgs,
  round,
  runBench,
  say,
  writeResult,
} from './lib.ts';

const nodeMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

runBench(async () => {
  const args = parseArgs();
  checkKnownArgs(args, ['rows', 'rounds']);
  const n = Math.floor(numberArg(args, 'rows', 10_000));
  const rounds = Math.floor(numberArg(args, 'rounds', 4));
  const target = await benchDatabase('import', { fresh: false });
  const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 1 });
  const load0 = loadavg()[0]!;
  type Form = 'json' | 'arrays';
  const cpu: Record<string, { node: number; pg: number; rows: number }> = {};
  const add = (k: string, node: number, pg: number, rows: number) => {
    const c = (cpu[k] ??= { node: 0, pg: 0, rows: 0 });
    c.node += node;
    c.pg += pg;
    c.rows += rows;
  };
  try {
    await database.db
      .transaction(async (tx: Tx) => {
        const [{ pid }] = (await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`)) as [
          { pid: number },
        ];
        const [ref] = await queryRows<{ facility: string; lot: string }>(
          tx,
          sql`select (select id from facilities limit 1) as facility, (select id from vaccine_lots limit 1) as lot`,
        );
        if (!ref?.facility || !ref.lot) throw new Error('run `npm run bench -- import` first');
        const timed = async (key: string, rows: number, write: () => Promise<void>) => {
          const n0 = nodeMs();
          const p0 = pidCpuMs(pid);
          await write();
          add(key, nodeMs() - n0, pidCpuMs(pid) - p0, rows);
        };
        let seq = 0;
        for (let r = 0; r < rounds; r++)
          for (const form of (r % 2 === 0 ? ['json', 'arrays'] : ['arrays', 'json']) as Form[]) {
            const insert = form === 'json' ? bulkInsert : arrayInsert;
            const people = Array.from({ length: n }, () => {
              const i = seq++;
              return {
                id: randomUUID(),
                fullName: `Nguyễn Thị Bích Ngọc ${i}`,
                nameKey: `nguyen thi bich ngoc ${i}`,
                dateOfBirth: `19${String(50 + (i % 50))}-0${1 + (i % 9)}-1${i % 10}`,
                sex: 'female' as const,
                cccd: String(79_150_000_000 + i).padStart(12, '0'),
                cmnd: null,
                passport: null,
                phone: `09${String(10_000_000 + i).slice(-8)}`,
                address: null,
                communeCode: '27280',
                districtCode: '829',
                provinceCode: '83',
                householdId: null,
                source: 'bench:inserts',
                externalKey: randomUUID(),
              };
            });
            const keys = people.flatMap((p) =>
              [
                `c:${p.cccd}`,
                `p:${p.phone}`,
                `n:${p.nameKey}|${p.dateOfBirth}`,
                `d:${p.dateOfBirth}|27280`,
                `s:${p.nameKey}`,
              ].map((key) => ({ key, personId: p.id })),
            );
            const doses = people.map((p) => ({
              id: randomUUID(),
              personId: p.id,
              sessionId: null,
              facilityId: ref.facility,
              disease: 'covid19',
              productCode: PRODUCT,
              lotId: ref.lot,
              doseNumber: 1,
              doseKind: 'primary' as const,
              date: '2021-09-01',
              vaccinatorId: null,
              vaccinatorName: 'bench.officer',
              screening: { answers: null, outcome: 'notRecorded', historical: true },
              ageBand: '18-49',
              provinceCode: '83',
              districtCode: '829',
              communeCode: '27280',
            }));
            await timed(`persons_${form}`, n, () => insert(tx, persons, people));
            await timed(`blocking_keys_${form}`, n, () => insert(tx, personBlockingKeys, keys));
            await timed(`doses_${form}`, n, () => insert(tx, vaccinationDoses, doses));
            // The same audit rows after either form (writeAudit, unchanged): in whole imports the
            // audit insert cost more after the column form; this shows whether it does here.
            await timed(`audit_after_${form}`, n, () =>
              writeAudit(
                tx,
                systemAccess('bench import-inserts'),
                { ip: null, purpose: 'import' },
                doses.flatMap((d) => [
                  {
                    action: 'create' as const,
                    entity: 'person',
                    entityId: d.personId,
                    personId: d.personId,
                    fields: ['fullName'],
                  },
                  {
                    action: 'create' as const,
                    entity: 'vaccination_dose',
                    entityId: d.id,
                    personId: d.personId,
                    fields: ['dose'],
                    details: { historical: true },
                  },
                ]),
              ),
            );
          }
        throw new RollBack();
      })
      .catch((e: unknown) => {
        if (!(e instanceof RollBack)) throw e;
      });
  } finally {
    await database.close();
  }
  const metrics: Record<string, number> = {};
  for (const [k, c] of Object.entries(cpu)) {
    metrics[`${k}_node_cpu_us_per_person`] = round((c.node * 1000) / c.rows, 1);
    metrics[`${k}_pg_cpu_us_per_person`] = round((c.pg * 1000) / c.rows, 1);
  }
  for (const [k, v] of Object.entries(metrics)) say(`${k}: ${v}`);
  writeResult({
    name: 'import-inserts',
    params: { rows: n, rounds, load_at_start: round(load0, 1), load_at_end: round(loadavg()[0]!, 1) },
    metrics,
  });
});

class RollBack extends Error {}
