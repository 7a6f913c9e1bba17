/**
 * Spreadsheet imports (issue #18): the job (file, mapping, progress — the worker resumes from
 * `processedRows` after a restart), the file's staged data rows, the rejected rows with their
 * reasons, the row keys already imported (the same row again adds nothing) and the mappings saved
 * per source.
 */
import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { jurisdictionColumns } from './columns.ts';

/** Binary bytes (PostgreSQL `bytea`): a Buffer on both drivers. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** The importing official, kept so the worker acts as them after a restart. */
export interface ImportActor {
  id: string;
  username: string;
  role: string;
  jurisdiction: { level: 'province' | 'district' | 'commune'; code: string };
}

/** One import: a file of one kind, its mapping and its progress. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    source: text('source').notNull(),
    fileName: text('file_name'),
    fileSha256: text('file_sha256').notNull(),
    format: text('format', { enum: ['xlsx', 'csv'] }).notNull(),
    status: text('status', { enum: ['uploaded', 'running', 'stopped', 'done', 'failed'] })
      .notNull()
      .default('uploaded'),
    /** 0-based index of the header row among the sheet's rows. */
    headerRow: integer('header_row').notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    mapping: jsonb('mapping').$type<Record<string, number>>().notNull(),
    /** Non-empty data rows of the file. */
    totalRows: integer('total_rows').notNull(),
    /** Data rows committed (landed, duplicate or rejected): where a restart resumes. */
    processedRows: integer('processed_rows').notNull().default(0),
    importedCount: integer('imported_count').notNull().default(0),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    reviewCount: integer('review_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    actor: jsonb('actor').$type<ImportActor>().notNull(),
    /** The scope the same file is unique in: the importer's jurisdiction code. */
    scopeCode: text('scope_code').notNull(),
    ...jurisdictionColumns(),
    importedBy: uuid('imported_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Seconds spent importing (excluding stops), for rows/s. */
    busySeconds: integer('busy_seconds').notNull().default(0),
  },
  (t) => [
    uniqueIndex('import_jobs_file_idx').on(t.kind, t.scopeCode, t.fileSha256),
    index('import_jobs_created_idx').on(t.provinceCode, t.createdAt.desc(), t.id.desc()),
    index('import_jobs_running_idx')
      .on(t.status)
      .where(sql`status = 'running'`),
  ],
);

/**
 * The uploaded file of a job made before staging (migration 0067), kept until that import is done
 * (its worker rereads it). Uploads now stage their rows in `import_staged_rows` instead.
 */
export const importFiles = pgTable('import_files', {
  jobId: uuid('job_id')
    .primaryKey()
    .references(() => importJobs.id, { onDelete: 'cascade' }),
  content: bytea('content').notNull(),
});

/**
 * The file's data rows, staged at upload (the file is read once): chunks of consecutive data
 * rows, `rows` the JSON array of `[rowNumber, cells]` for data rows `firstSeq` …
 * `firstSeq + rowCount - 1`. The runner reads its batches from here (resuming at any position)
 * instead of parsing the file again; the chunks go when the import is done.
 */
export const importStagedRows = pgTable(
  'import_staged_rows',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    firstSeq: integer('first_seq').notNull(),
    rowCount: integer('row_count').notNull(),
    rows: text('rows').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.firstSeq] })],
);

/** A rejected row: the original cells and every reason (for the error report). */
export const importRowErrors = pgTable(
  'import_row_errors',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    /** The row's number in the file as the officer sees it (spreadsheet row / CSV line). */
    rowNumber: integer('row_number').notNull(),
    cells: jsonb('cells').$type<string[]>().notNull(),
    errors: jsonb('errors').$type<{ field: string; column: number | null; reason: string }[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] })],
);

/** Row keys already imported per kind: a row whose key is here adds nothing. */
export const importRowKeys = pgTable(
  'import_row_keys',
  {
    kind: text('kind').notNull(),
    keyHash: text('key_hash').notNull(),
    jobId: uuid('job_id').notNull(),
    /** What the row created (a person id for people and doses). */
    entityId: uuid('entity_id'),
  },
  (t) => [primaryKey({ columns: [t.kind, t.keyHash] })],
);

/** A column mapping saved for a source (a commune's recurring spreadsheet). */
export const importMappings = pgTable(
  'import_mappings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    source: text('source').notNull(),
    scopeCode: text('scope_code').notNull(),
    /** Folded header → field key (so a reordered file maps the same). */
    byHeader: jsonb('by_header').$type<Record<string, string>>().notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('import_mappings_source_idx').on(t.kind, t.scopeCode, t.source)],
);
