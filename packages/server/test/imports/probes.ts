/**
 * Authorization-matrix probes of the import routes: an upload is the caller's own (any side), a
 * job is made at the side's place (its importer's jurisdiction), and reading its preview or error
 * report from outside is 404.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { specimenAt } from '../../src/testing/test-fixtures.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

let counter = 0;

const csv = (communeCode: string) =>
  Buffer.from(`Họ tên,Ngày sinh,Mã xã\nNgười Nhập ${++counter},01/01/1990,${communeCode}\n`, 'utf8');

/** A job (with its file) imported by someone of the context's place. */
async function jobAt(ctx: ProbeContext, kind = 'people'): Promise<string> {
  const n = ++counter;
  const file = csv(ctx.place.communeCode);
  const [job] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into import_jobs (kind, source, file_name, file_sha256, format, status, header_row, headers,
          mapping, total_rows, error_count, actor, scope_code, province_code, district_code, commune_code)
        values (${kind}, 'matrix', ${`m${n}.csv`}, ${`matrix-${n}-${Date.now()}`}, 'csv', 'uploaded', 1,
          ${JSON.stringify(['Họ tên', 'Ngày sinh', 'Mã xã'])}::jsonb,
          ${JSON.stringify({ fullName: 0, dateOfBirth: 1, communeCode: 2 })}::jsonb, 1, 0,
          ${JSON.stringify({ id: '00000000-0000-0000-0000-000000000000', username: 'matrix', role: 'commune_officer', jurisdiction: { level: 'commune', code: ctx.place.communeCode } })}::jsonb,
          ${ctx.place.communeCode}, ${ctx.place.provinceCode}, ${ctx.place.districtCode}, ${ctx.place.communeCode})
        returning id`,
  );
  await ctx.t.database.db.execute(
    sql`insert into import_files (job_id, content) values (${job!.id}, ${file})`,
  );
  return job!.id;
}

export const IMPORT_PROBES: Record<string, Probe> = {
  'POST /api/imports': (ctx) =>
    Promise.resolve({
      url: `/api/imports?kind=people&source=matrix&fileName=m${++counter}.csv`,
      payload: csv(ctx.place.communeCode),
      headers: { 'content-type': 'text/csv' },
      // The upload is the caller's own job, whichever side: nobody else's record is touched.
      outsideStatus: 200,
    }),
  'GET /api/imports/:id/preview': async (ctx) => ({ url: `/api/imports/${await jobAt(ctx)}/preview` }),
  'GET /api/imports/:id/errors.xlsx': async (ctx) => ({
    url: `/api/imports/${await jobAt(ctx)}/errors.xlsx`,
  }),
  // The lab screen's result files (testing/import.ts) on this machinery.
  'POST /api/testing/imports/file': async (ctx) => {
    const { barcode } = await specimenAt(ctx.t.database.db, await personAt(ctx), ctx.place);
    const when = new Date(Date.now() - 3_600_000).toISOString();
    return {
      url: `/api/testing/imports/file?labName=matrix&fileName=lab${++counter}.csv`,
      payload: Buffer.from(`barcode,outcome,ct,resulted_at\n${barcode},negative,,${when}\n`, 'utf8'),
      headers: { 'content-type': 'text/csv' },
      outsideStatus: 200,
      check: (res) => {
        const report = res.json<{ imported: number; errors: { reason: string }[] }>();
        expect(report.imported).toBe(ctx.side === 'inside' ? 1 : 0);
        if (ctx.side === 'outside') expect(report.errors.map((e) => e.reason)).toEqual(['unknownSpecimen']);
      },
    };
  },
  'GET /api/testing/imports/:id/errors.xlsx': async (ctx) => ({
    url: `/api/testing/imports/${await jobAt(ctx, 'testResults')}/errors.xlsx`,
  }),
};
