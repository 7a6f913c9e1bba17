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
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { actorId, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { adminUnits, labImports, specimens, testResults } from '../db/schema/index.ts';
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

/** Import one lab file in the request's transaction (a savepoint of it: the import is all or nothing). */
export function importLabFile(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: ImportInput,
  lang: Language,
): Promise<ImportReport> {
  return tx.transaction((sp) => importLabCsv(sp, access, origin, input, lang));
}

/** Newest first, then by id: the imports list's sort key. */
const IMPORT_KEY: KeyPart[] = [
  { column: labImports.createdAt, type: 'timestamptz' },
  { column: labImports.id, type: 'uuid' },
];

/** A page of the lab files imported in the caller's jurisdiction, newest first. */
export async function listLabImports(
  db: DbOrTx,
  access: Access,
  page: { cursor?: string | undefined; limit: number },
) {
  const [k0, k1] = keyText(IMPORT_KEY);
  const rows = await db
    .select({ i: labImports, k0: k0!, k1: k1! })
    .from(labImports)
    .where(and(scopeFor(access, labImports), afterCursor(IMPORT_KEY, page.cursor, 'desc')))
    .orderBy(...orderByKey(IMPORT_KEY, 'desc'))
    .limit(page.limit + 1);
  const p = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  return { items: p.items.map((r) => r.i), nextCursor: p.nextCursor };
}
