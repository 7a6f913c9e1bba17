/**
 * Lab result import: one CSV file per lab run. Idempotent twice over: the file's SHA-256 is
 * stored (the same file again returns the first report and adds nothing), and a row whose
 * specimen already has the same outcome is `unchanged`. Good rows land, each through the same
 * result path as typed entry (case seam included), all in one transaction with the import row;
 * every bad row is reported with its line and reason (core/testing/labCsv.ts).
 */
import { createHash } from 'node:crypto';
import { AppError, LabCsvError, checkLabRows, parseLabCsv, translate } from '@epilink/core';
import type { KnownSpecimen, LabRowError, Language } from '@epilink/core';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { actorId, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Tx } from '../db/client.ts';
import { adminUnits, labImports, specimens, testResults } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { enqueue } from '../outbox/outbox.ts';
import { storeResult } from './results.ts';

/** The report of one import. */
export interface ImportReport {
  importId: string;
  alreadyImported: boolean;
  rowCount: number;
  imported: number;
  unchanged: number;
  errors: (LabRowError & { message: string })[];
}

/** Input of {@link importLabCsv}. */
export interface ImportInput {
  labName: string;
  labRun?: string | null;
  fileName?: string | null;
  csv: string;
}

const withMessages = (errors: LabRowError[], lang: Language) =>
  errors.map((e) => ({ ...e, message: translate(lang, `testing.rowReason.${e.reason}`) }));

/** Import one lab file (see the module comment). */
export async function importLabCsv(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  input: ImportInput,
  lang: Language,
): Promise<ImportReport> {
  const sha = createHash('sha256').update(input.csv, 'utf8').digest('hex');
  const previous = async (): Promise<ImportReport | null> => {
    const [p] = await tx.select().from(labImports).where(eq(labImports.fileSha256, sha));
    if (!p) return null;
    return {
      importId: p.id,
      alreadyImported: true,
      rowCount: p.rowCount,
      imported: 0,
      unchanged: p.importedCount + p.unchangedCount,
      errors: withMessages(p.errors as LabRowError[], lang),
    };
  };
  const before = await previous();
  if (before) return before;
  let parsed;
  try {
    parsed = parseLabCsv(input.csv, new Date());
  } catch (e) {
    if (!(e instanceof LabCsvError)) throw e;
    throw new AppError('LAB_CSV_INVALID', {
      params: { reason: translate(lang, `testing.csv.${e.reason}`, { column: e.column ?? '' }) },
    });
  }
  const barcodes = parsed.rows.map((r) => r.barcode);
  const found = barcodes.length
    ? await tx
        .select({ s: specimens, outcome: testResults.outcome })
        .from(specimens)
        .leftJoin(testResults, eq(testResults.specimenId, specimens.id))
        .where(and(inArray(specimens.barcode, barcodes), scopeFor(access, specimens)))
        .for('update', { of: specimens })
    : [];
  const rowsBySpecimen = new Map(found.map((f) => [f.s.barcode, f]));
  const known = new Map<string, KnownSpecimen>(
    found.map((f) => [
      f.s.barcode,
      { testType: f.s.testType, collectedAt: f.s.collectedAt, resultOutcome: f.outcome ?? null },
    ]),
  );
  const checked = checkLabRows(parsed.rows, known);
  const errors = [...parsed.errors, ...checked.errors].sort((a, b) => a.line - b.line);
  const rowCount = parsed.rows.length + parsed.errors.length;
  const [imp] = await tx
    .insert(labImports)
    .values({
      fileSha256: sha,
      fileName: input.fileName ?? null,
      labName: input.labName,
      labRun: input.labRun ?? null,
      rowCount,
      importedCount: checked.accepted.length,
      unchangedCount: checked.unchanged.length,
      errorCount: errors.length,
      errors,
      ...(await jurisdictionPlace(tx, access)),
      importedBy: actorId(access),
    })
    .onConflictDoNothing()
    .returning({ id: labImports.id });
  if (!imp) {
    const raced = await previous();
    if (raced) return raced;
    throw new AppError('CONFLICT');
  }
  for (const row of checked.accepted) {
    const s = rowsBySpecimen.get(row.barcode)!.s;
    await storeResult(tx, access, origin, s, {
      outcome: row.outcome,
      ct: row.ct,
      resultedAt: row.resultedAt,
      source: 'import',
      labImportId: imp.id,
      labRun: input.labRun ?? null,
    });
  }
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'lab_import',
    entityId: imp.id,
    details: { rows: rowCount, imported: checked.accepted.length, errors: errors.length },
  });
  await enqueue(tx, 'testing.lab_imported', {
    importId: imp.id,
    labName: input.labName,
    imported: checked.accepted.length,
    errors: errors.length,
  });
  return {
    importId: imp.id,
    alreadyImported: false,
    rowCount,
    imported: checked.accepted.length,
    unchanged: checked.unchanged.length,
    errors: withMessages(errors, lang),
  };
}

/** The importing official's jurisdiction as place columns (province always filled). */
async function jurisdictionPlace(tx: Tx, access: Access) {
  const a = access.actor;
  if (a.kind !== 'user' && a.kind !== 'apiKey')
    return { provinceCode: '-', districtCode: null, communeCode: null };
  const { level, code } = a.jurisdiction;
  const [u] = await tx
    .select({ provinceCode: adminUnits.provinceCode, parentCode: adminUnits.parentCode })
    .from(adminUnits)
    .where(and(eq(adminUnits.code, code), isNull(adminUnits.validTo)));
  return {
    provinceCode: u?.provinceCode ?? code.slice(0, 2),
    districtCode: level === 'district' ? code : level === 'commune' ? (u?.parentCode ?? null) : null,
    communeCode: level === 'commune' ? code : null,
  };
}

const reportSchema = z.object({
  importId: z.string(),
  alreadyImported: z.boolean(),
  rowCount: z.number(),
  imported: z.number(),
  unchanged: z.number(),
  errors: z.array(
    z.object({ line: z.number(), barcode: z.string(), reason: z.string(), message: z.string() }),
  ),
});

export const labImportRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/testing/imports',
    summary:
      'Import a lab run’s result file (CSV text): good rows land, bad rows are reported; the same file twice adds nothing',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    body: z.strictObject({
      labName: z.string().trim().min(1).max(160),
      labRun: z.string().trim().max(80).nullable().optional(),
      fileName: z.string().trim().max(200).nullable().optional(),
      csv: z.string().min(1).max(900_000),
    }),
    response: reportSchema,
    async handler({ deps, access, origin, body, lang }) {
      return deps.database.db.transaction((tx) => importLabCsv(tx, access, origin, body, lang));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/imports',
    summary: 'Lab files imported by me or my colleagues of the same jurisdiction, newest first',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          labName: z.string(),
          labRun: z.string().nullable(),
          fileName: z.string().nullable(),
          rowCount: z.number(),
          importedCount: z.number(),
          unchangedCount: z.number(),
          errorCount: z.number(),
          createdAt: z.date(),
        }),
      ),
    }),
    async handler({ deps, access }) {
      const items = await deps.database.db
        .select()
        .from(labImports)
        .where(scopeFor(access, labImports))
        .orderBy(desc(labImports.createdAt))
        .limit(100);
      return { items };
    },
  }),
];
