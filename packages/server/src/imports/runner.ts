/**
 * Running an import, batch by batch. Each batch is one transaction: the job row locked, its
 * position checked (another worker that moved on wins; this one stops), the rows validated, the
 * row keys claimed (a key already imported — by this file earlier, another file, or an earlier
 * row of the same batch — adds nothing), the good rows stored through the kind's seam (people:
 * record linkage — certain matches linked, likely ones queued for review, namesakes kept apart),
 * the bad rows kept with their reasons, the counters and the position advanced, and the audit
 * row written. A kill at any moment leaves the last committed batch as the resume point: no row
 * twice, none missing.
 */
import { createHash } from 'node:crypto';
import { indexCodes, validateRow, cellText, isImportKind } from '@epilink/core/imports/index';
import type { CodeIndex, ImportKind, RowError } from '@epilink/core/imports/index';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { bulkInsert } from '../db/bulk.ts';
import { queryRows } from '../db/client.ts';
import type { Database } from '../db/client.ts';
import { importJobs, importRowErrors, importRowKeys } from '../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { loadImportContext } from './context.ts';
import type { ImportContext } from './context.ts';
import { accessOf } from './jobs.ts';
import type { ImportJob } from './jobs.ts';
import { dropStaged, jobRows } from './staging.ts';
import { storeRows } from './store.ts';
import type { DataRow, Good } from './store-common.ts';

/** Rows per transaction. */
export const IMPORT_BATCH_ROWS = 1000;

/** How a run ended: done, stopped by the officer, or overtaken by another worker. */
export type RunEnd = 'done' | 'stopped' | 'lost';

const ORIGIN = { ip: null, purpose: 'import' };

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 40);

/** Commit one batch (see the module comment). */
async function commitBatch(
  database: Database,
  job: ImportJob,
  access: Access,
  at: number,
  batch: DataRow[],
  context: ImportContext,
  codes: CodeIndex,
  deps: AppDeps | undefined,
): Promise<'ok' | 'stopped' | 'lost'> {
  const kind = job.kind as ImportKind;
  return database.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ status: importJobs.status, processedRows: importJobs.processedRows })
      .from(importJobs)
      .where(eq(importJobs.id, job.id))
      .for('update');
    if (!locked || locked.status !== 'running') return 'stopped';
    if (locked.processedRows !== at) return 'lost';
    const good: Good[] = [];
    const bad: { row: DataRow; errors: RowError[] }[] = [];
    for (const row of batch) {
      const r = validateRow(kind, job.mapping, row.cells, context.row, codes);
      // Keys are per jurisdiction: another jurisdiction's imports neither block nor reveal a row.
      if (r.ok) good.push({ row, values: r.values, hash: hashKey(`${job.scopeCode}|${r.key}`) });
      else bad.push({ row, errors: r.errors });
    }
    // One claim per key: an earlier row of the batch wins, a key imported before adds nothing.
    const firstOf = new Map<string, Good>();
    for (const g of good) if (!firstOf.has(g.hash)) firstOf.set(g.hash, g);
    // The keys travel as one array parameter (a 10,000-row insert built value by value cost more
    // CPU than the database spent on it).
    const claimed = firstOf.size
      ? await queryRows<{ keyHash: string }>(
          tx,
          sql`insert into ${importRowKeys} (kind, key_hash, job_id)
              select ${kind}, h, ${job.id}::uuid from unnest(${sql.param([...firstOf.keys()])}::text[]) as h
              on conflict do nothing returning key_hash as "keyHash"`,
        )
      : [];
    const claimedRows = claimed.map((c) => firstOf.get(c.keyHash)!).sort((a, b) => a.row.seq - b.row.seq);
    const stored = await storeRows(tx, kind, claimedRows, { access, context, job, deps });
    const { reviews } = stored;
    // A row the seam refused is a bad row (its key released: the corrected row may come again);
    // one already stored as it is adds nothing.
    const released = [...stored.refused.map((r) => r.good.hash), ...stored.unchanged.map((g) => g.hash)];
    if (released.length > 0)
      await tx
        .delete(importRowKeys)
        .where(
          and(
            eq(importRowKeys.kind, kind),
            eq(importRowKeys.jobId, job.id),
            inArray(importRowKeys.keyHash, released),
          ),
        );
    for (const r of stored.refused) bad.push({ row: r.good.row, errors: r.errors });
    const notFresh = new Set(released);
    const fresh = claimedRows.filter((g) => !notFresh.has(g.hash));
    await bulkInsert(
      tx,
      importRowErrors,
      bad.map((b) => ({
        jobId: job.id,
        rowNumber: b.row.rowNumber,
        cells: b.row.cells.map(cellText),
        errors: b.errors,
      })),
      { onConflictDoNothing: true },
    );
    const duplicates = good.length - claimedRows.length + stored.unchanged.length;
    const [moved] = await tx
      .update(importJobs)
      .set({
        processedRows: at + batch.length,
        importedCount: sqlAdd(importJobs.importedCount, fresh.length),
        duplicateCount: sqlAdd(importJobs.duplicateCount, duplicates),
        reviewCount: sqlAdd(importJobs.reviewCount, reviews),
        errorCount: sqlAdd(importJobs.errorCount, bad.length),
      })
      .where(and(eq(importJobs.id, job.id), eq(importJobs.processedRows, at)))
      .returning({ id: importJobs.id });
    if (!moved) throw new Error('import position moved under a lock');
    await writeAudit(tx, access, ORIGIN, {
      action: 'create',
      entity: 'import_batch',
      entityId: job.id,
      details: {
        fromRow: at,
        rows: batch.length,
        imported: fresh.length,
        duplicates,
        errors: bad.length,
        reviews,
      },
    });
    return 'ok';
  });
}

const sqlAdd = (column: AnyPgColumn, n: number) => sql`${column} + ${n}`;

/**
 * A short pause between batches: on PGlite every request shares one connection, and an import
 * that queued its next transaction at once kept officers' requests (its own progress poll
 * included) waiting until it ended.
 */
const breathe = () =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, 10);
  });

/**
 * Run a job from its committed position to the end (or until stopped or overtaken). Safe to call
 * from several processes at once: batches are serialised by the job row's lock.
 */
export async function runImportJob(
  database: Database,
  jobId: string,
  options: { batchRows?: number; deps?: AppDeps } = {},
): Promise<RunEnd> {
  const db = database.db;
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  if (!job || job.status !== 'running' || !isImportKind(job.kind)) return 'stopped';
  const access = accessOf(job);
  const context = await loadImportContext(db, job.actor.jurisdiction);
  const codes = indexCodes(context.row);
  const size = options.batchRows ?? IMPORT_BATCH_ROWS;
  let at = job.processedRows;
  // The rows staged at upload (staging.ts), from the committed position: the file is not read again.
  const reader = jobRows(db, { ...job, kind: job.kind }, at, 'vi')[Symbol.asyncIterator]();
  const readBatch = async (): Promise<DataRow[]> => {
    const batch: DataRow[] = [];
    while (batch.length < size) {
      const next = await reader.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
  // Handled at once (awaited later): a file refused mid-read fails the loop, not the process.
  const readAhead = () => {
    const p = readBatch();
    p.catch(() => undefined);
    return p;
  };
  // The next batch is read (the file parsed) while the database commits this one.
  let reading = readAhead();
  for (;;) {
    const batch = await reading;
    if (batch.length === 0) break;
    reading = readAhead();
    const end = await commitBatch(database, job, access, at, batch, context, codes, options.deps);
    if (end !== 'ok') {
      // The read ahead is dropped; the reader closes after it.
      void reading.finally(() => reader.return?.(undefined));
      return end;
    }
    at += batch.length;
    await breathe();
  }
  return db.transaction(async (tx) => {
    const finishedAt = new Date();
    const busy = Math.max(
      0,
      Math.round((finishedAt.getTime() - (job.startedAt ?? finishedAt).getTime()) / 1000),
    );
    const [done] = await tx
      .update(importJobs)
      .set({ status: 'done', finishedAt, busySeconds: busy, totalRows: at })
      .where(
        and(eq(importJobs.id, job.id), eq(importJobs.status, 'running'), eq(importJobs.processedRows, at)),
      )
      .returning({ id: importJobs.id });
    if (!done) return 'lost';
    await dropStaged(tx, job.id);
    await writeAudit(tx, access, ORIGIN, {
      action: 'update',
      entity: 'import_job',
      entityId: job.id,
      details: { status: 'done' },
    });
    return 'done';
  });
}
