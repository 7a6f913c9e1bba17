/**
 * The import job's life, as the officer drives it: upload (format and encoding checked, header
 * found, rows counted, mapping from the source's saved one or from the headers; the same file
 * again returns the first job — nothing added), mapping by hand (saved per source), start and
 * stop. Jobs are scoped by the importer's jurisdiction: someone else's job outside mine is 404.
 */
import { createHash } from 'node:crypto';
import { AppError, requirePermissionOf } from './permissions.ts';
import type { Language, Role } from '@epilink/core';
import { autoMap, checkMapping, foldHeader, isImportKind } from '@epilink/core/imports/index';
import type { ColumnMapping, ImportKind } from '@epilink/core/imports/index';
import { and, eq, sql } from 'drizzle-orm';
import { actorId, scopeFor, userAccess } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, importJobs, importMappings } from '../db/schema/index.ts';
import type { ImportActor } from '../db/schema/index.ts';
import { COMMITTABLE_KINDS } from './context.ts';
import { detectFormat, refuseFile } from './read.ts';
import { stageFile } from './staging.ts';

/** A job row. */
export type ImportJob = typeof importJobs.$inferSelect;

/** The importing official as stored on the job (the worker acts as them). */
export function importerOf(access: Access): ImportActor {
  const a = access.actor;
  if (a.kind !== 'user') throw new AppError('FORBIDDEN');
  return { id: a.userId, username: a.username, role: a.role, jurisdiction: a.jurisdiction };
}

/** Access rebuilt from a job's importer. */
export function accessOf(job: Pick<ImportJob, 'actor'>): Access {
  const a = job.actor;
  return userAccess({ id: a.id, username: a.username, role: a.role as Role, jurisdiction: a.jurisdiction });
}

async function placeOf(db: DbOrTx, importer: ImportActor) {
  const { level, code } = importer.jurisdiction;
  const [u] = await db
    .select({ provinceCode: adminUnits.provinceCode, parentCode: adminUnits.parentCode })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), sql`${adminUnits.validTo} is null`));
  return {
    provinceCode: u?.provinceCode ?? code.slice(0, 2),
    districtCode: level === 'district' ? code : level === 'commune' ? (u?.parentCode ?? null) : null,
    communeCode: level === 'commune' ? code : null,
  };
}

/** Upload input. */
export interface UploadInput {
  kind: string;
  source: string;
  fileName: string | null;
  bytes: Buffer;
}

/** Create a job from an uploaded file (see the module comment). */
export async function uploadFile(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: UploadInput,
  lang: Language,
): Promise<{ job: ImportJob; alreadyImported: boolean }> {
  if (!isImportKind(input.kind)) throw new AppError('NOT_FOUND');
  const kind = input.kind;
  requirePermissionOf(access, kind);
  if (!COMMITTABLE_KINDS.includes(kind)) throw refuseFile('kindNotImportable', lang);
  const importer = importerOf(access);
  const format = detectFormat(input.bytes, input.fileName, lang);
  const sha = createHash('sha256').update(input.bytes).digest('hex');
  const scopeCode = importer.jurisdiction.code;
  const same = and(
    eq(importJobs.kind, kind),
    eq(importJobs.scopeCode, scopeCode),
    eq(importJobs.fileSha256, sha),
  );
  const [previous] = await tx.select().from(importJobs).where(same);
  if (previous) return { job: previous, alreadyImported: true };
  // The job row first (its header, mapping and count once the file is read): the scan stages the
  // data rows under its id, so the file is read once.
  const [created] = await tx
    .insert(importJobs)
    .values({
      kind,
      source: input.source,
      fileName: input.fileName,
      fileSha256: sha,
      format,
      headerRow: 0,
      headers: [],
      mapping: {},
      totalRows: 0,
      actor: importer,
      scopeCode,
      ...(await placeOf(tx, importer)),
      importedBy: actorId(access),
    })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    const [raced] = await tx.select().from(importJobs).where(same);
    if (raced) return { job: raced, alreadyImported: true };
    throw new AppError('CONFLICT');
  }
  const scan = await stageFile(tx, created.id, input.bytes, format, kind, lang);
  const mapping =
    (await savedMapping(tx, kind, scopeCode, input.source, scan.headers)) ?? autoMap(kind, scan.headers);
  const [job] = await tx
    .update(importJobs)
    .set({ headerRow: scan.headerRowNumber, headers: scan.headers, mapping, totalRows: scan.totalRows })
    .where(eq(importJobs.id, created.id))
    .returning();
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'import_job',
    entityId: created.id,
    details: { kind, rows: scan.totalRows, format },
  });
  return { job: job!, alreadyImported: false };
}

async function savedMapping(
  db: DbOrTx,
  kind: ImportKind,
  scopeCode: string,
  source: string,
  headers: string[],
): Promise<ColumnMapping | null> {
  const [saved] = await db
    .select()
    .from(importMappings)
    .where(
      and(
        eq(importMappings.kind, kind),
        eq(importMappings.scopeCode, scopeCode),
        eq(importMappings.source, source),
      ),
    );
  if (!saved) return null;
  const mapping: ColumnMapping = {};
  headers.forEach((h, column) => {
    const field = saved.byHeader[foldHeader(h)];
    if (field !== undefined && mapping[field] === undefined) mapping[field] = column;
  });
  return mapping;
}

/** A job in the caller's jurisdiction (404 otherwise), locked for update when asked. */
export async function jobFor(db: DbOrTx, access: Access, id: string, lock = false): Promise<ImportJob> {
  const q = db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, id), scopeFor(access, importJobs)));
  const [job] = lock ? await q.for('update') : await q;
  if (!job || !isImportKind(job.kind)) throw new AppError('NOT_FOUND');
  requirePermissionOf(access, job.kind);
  return job;
}

/** Set the mapping by hand (before the import starts) and save it for the job's source. */
export async function setMapping(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  id: string,
  mapping: ColumnMapping,
): Promise<ImportJob> {
  const job = await jobFor(tx, access, id, true);
  if (job.status !== 'uploaded') throw new AppError('IMPORT_STATE_CONFLICT');
  const problems = checkMapping(job.kind as ImportKind, mapping, job.headers.length);
  if (problems.length > 0)
    throw new AppError('IMPORT_MAPPING_INVALID', {
      details: problems.map((p) => ({
        path: `body.mapping.${p.field}`,
        messageKey: `imports.mappingProblem.${p.reason}`,
        params: { field: p.field },
      })),
    });
  const byHeader: Record<string, string> = {};
  for (const [field, column] of Object.entries(mapping)) byHeader[foldHeader(job.headers[column]!)] = field;
  await tx
    .insert(importMappings)
    .values({
      kind: job.kind,
      source: job.source,
      scopeCode: job.scopeCode,
      byHeader,
      updatedBy: actorId(access),
    })
    .onConflictDoUpdate({
      target: [importMappings.kind, importMappings.scopeCode, importMappings.source],
      set: { byHeader, updatedBy: actorId(access), updatedAt: new Date() },
    });
  const [updated] = await tx.update(importJobs).set({ mapping }).where(eq(importJobs.id, job.id)).returning();
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'import_job',
    entityId: job.id,
    details: { mapping: true },
  });
  return updated!;
}

/** Start (or resume) an import: the worker picks it up. A mapping missing required fields refuses. */
export async function startJob(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  id: string,
): Promise<ImportJob> {
  const job = await jobFor(tx, access, id, true);
  if (job.status !== 'uploaded' && job.status !== 'stopped') throw new AppError('IMPORT_STATE_CONFLICT');
  const problems = checkMapping(job.kind as ImportKind, job.mapping, job.headers.length);
  if (problems.length > 0) throw new AppError('IMPORT_MAPPING_INVALID');
  const [updated] = await tx
    .update(importJobs)
    .set({ status: 'running', startedAt: job.startedAt ?? new Date() })
    .where(eq(importJobs.id, job.id))
    .returning();
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'import_job',
    entityId: job.id,
    details: { status: 'running' },
  });
  return updated!;
}

/** Stop a running import after its current batch (committed batches stay; resume later). */
export async function stopJob(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  id: string,
): Promise<ImportJob> {
  const job = await jobFor(tx, access, id, true);
  if (job.status !== 'running') throw new AppError('IMPORT_STATE_CONFLICT');
  const [updated] = await tx
    .update(importJobs)
    .set({ status: 'stopped' })
    .where(eq(importJobs.id, job.id))
    .returning();
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'import_job',
    entityId: job.id,
    details: { status: 'stopped' },
  });
  return updated!;
}

/** Progress figures of a job: rows per second over its busy time and the seconds left at that rate. */
export function progressOf(job: ImportJob): { rowsPerSecond: number | null; etaSeconds: number | null } {
  if (job.busySeconds <= 0 || job.processedRows === 0) return { rowsPerSecond: null, etaSeconds: null };
  const rate = job.processedRows / job.busySeconds;
  const left = job.totalRows - job.processedRows;
  return {
    rowsPerSecond: Math.round(rate),
    etaSeconds: job.status === 'running' ? Math.ceil(left / rate) : null,
  };
}
