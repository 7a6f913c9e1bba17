/**
 * The staging of a file's data rows (the file is read once). At upload the scan hands every data
 * row over as it reads it; rows are gathered into chunks of {@link STAGE_CHUNK_ROWS} and each chunk
 * is one row of `import_staged_rows` (its rows as one JSON text: one insert per chunk, not one per
 * row). The runner and the preview read the rows back from any position, so a restart resumes
 * without parsing the file again, and neither holds the file in memory. A job uploaded before
 * staging existed still has its file in `import_files`: it is read from there as before.
 */
import type { ImportKind } from '@epilink/core/imports/index';
import type { Language } from '@epilink/core';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { importFiles, importStagedRows } from '../db/schema/index.ts';
import { PARSE_THREAD_MIN_BYTES, scanInThread } from './parse-thread.ts';
import type { StagedChunk, StagedRow } from './parse-thread.ts';
import type { FileFormat } from './read.ts';
import { dataRows, scanFile } from './scan.ts';
import type { FileScan } from './scan.ts';
import type { DataRow } from './store-common.ts';

/** Data rows per staged chunk. */
export const STAGE_CHUNK_ROWS = 2000;

/** Chunks read per query when reading the rows back. */
const CHUNKS_PER_READ = 4;

/**
 * Scan the file (header, row count: {@link scanFile}) and stage its data rows for `jobId`, in the
 * caller's transaction (a refused file stages nothing). An xlsx file of
 * {@link PARSE_THREAD_MIN_BYTES} or more is parsed in a worker thread (parse-thread.ts; `thread`
 * forces either way).
 */
export async function stageFile(
  tx: DbOrTx,
  jobId: string,
  bytes: Buffer,
  format: FileFormat,
  kind: ImportKind,
  lang: Language,
  thread = format === 'xlsx' && bytes.length >= PARSE_THREAD_MIN_BYTES,
): Promise<FileScan> {
  if (thread) {
    const store = async (c: StagedChunk) => {
      await tx.insert(importStagedRows).values({ jobId, ...c });
    };
    const { peakHeapMb: _peak, ...scan } = await scanInThread(
      { bytes, format, kind, lang, chunkRows: STAGE_CHUNK_ROWS },
      store,
    );
    return scan;
  }
  let chunk: StagedRow[] = [];
  let firstSeq = 0;
  // One insert in flight while the file is read on (the database stores a chunk while the next
  // one is parsed); a failed insert fails the next flush.
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (chunk.length === 0) return;
    const rows = JSON.stringify(chunk);
    const values = { jobId, firstSeq, rowCount: chunk.length, rows };
    firstSeq += chunk.length;
    chunk = [];
    await inFlight;
    const p = tx
      .insert(importStagedRows)
      .values(values)
      .then(() => undefined);
    p.catch(() => undefined);
    inFlight = p;
  };
  const scan = await scanFile(bytes, format, kind, lang, (row) => {
    chunk.push([row.rowNumber, row.cells]);
    return chunk.length >= STAGE_CHUNK_ROWS ? flush() : undefined;
  });
  await flush();
  await inFlight;
  return scan;
}

/** The staged data rows from `from` on, chunk by chunk (a few chunks per query). */
async function* stagedRows(db: DbOrTx, jobId: string, from: number): AsyncGenerator<DataRow> {
  let cursor = from;
  for (;;) {
    const chunks = await db
      .select({ firstSeq: importStagedRows.firstSeq, rows: importStagedRows.rows })
      .from(importStagedRows)
      .where(
        and(
          eq(importStagedRows.jobId, jobId),
          gt(sql`${importStagedRows.firstSeq} + ${importStagedRows.rowCount}`, cursor),
        ),
      )
      .orderBy(asc(importStagedRows.firstSeq))
      .limit(CHUNKS_PER_READ);
    if (chunks.length === 0) return;
    for (const c of chunks) {
      const rows = JSON.parse(c.rows) as StagedRow[];
      for (let i = Math.max(0, cursor - c.firstSeq); i < rows.length; i++) {
        const [rowNumber, cells] = rows[i]!;
        yield { rowNumber, cells, seq: c.firstSeq + i };
      }
      cursor = c.firstSeq + rows.length;
    }
  }
}

/**
 * A job's data rows from position `from` on: the staged ones, or (a job uploaded before staging)
 * its file's, parsed again.
 */
export async function* jobRows(
  db: DbOrTx,
  job: { id: string; format: FileFormat; kind: ImportKind; headerRow: number },
  from: number,
  lang: Language,
): AsyncGenerator<DataRow> {
  const [file] = await db
    .select({ content: importFiles.content })
    .from(importFiles)
    .where(eq(importFiles.jobId, job.id));
  if (!file) {
    yield* stagedRows(db, job.id, from);
    return;
  }
  for await (const row of dataRows(file.content, job.format, job.kind, job.headerRow, lang))
    if (row.seq >= from) yield row;
}

/** Drop a finished job's staged rows (and a legacy file). */
export async function dropStaged(tx: DbOrTx, jobId: string): Promise<void> {
  await tx.delete(importStagedRows).where(eq(importStagedRows.jobId, jobId));
  await tx.delete(importFiles).where(eq(importFiles.jobId, jobId));
}
