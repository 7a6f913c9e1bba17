/**
 * The audit trail's CSV export, streamed (issue #11 item 1: no list silently truncates). The
 * export is bounded by the newest row when it starts (rows cannot be deleted, so its count is
 * exact and is what the export's own audit row records), then read newest first by keyset pages
 * of {@link EXPORT_PAGE} rows and written as they come: memory stays one page whatever the size.
 */
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import { searchAudit, where } from './viewer.ts';
import type { Filter } from './viewer.ts';

/** Rows read per page of the export. */
export const EXPORT_PAGE = 5_000;

const CSV_COLUMNS = [
  'id',
  'at',
  'actorId',
  'actorName',
  'actorRole',
  'action',
  'entity',
  'entityId',
  'personId',
  'fields',
  'purpose',
  'ip',
  'details',
  'seq',
  'hash',
] as const;

/** One CSV cell: always quoted, spreadsheet formulas neutralised. */
export function csvCell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (v instanceof Date) s = v.toISOString();
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else s = JSON.stringify(v);
  const safe = /^[=+\-@\t\r]/u.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/gu, '""')}"`;
}

/** The filter of an export (the viewer's, without its page size). */
export type ExportFilter = Omit<Filter, 'limit'>;

/**
 * Prepare an export: the rows matching the filter up to the newest row now, their count, and a
 * stream of the CSV (a BOM, the header, every row, newest first).
 */
export async function auditExport(
  db: DbOrTx,
  filter: ExportFilter,
): Promise<{ rows: number; csv: Readable }> {
  const [top] = await db.select({ max: sql<string | null>`max(${auditLog.id})::text` }).from(auditLog);
  const newest = top?.max === null || top?.max === undefined ? 0 : Number(top.max);
  const before = Math.min(filter.before ?? Number.MAX_SAFE_INTEGER, newest + 1);
  const bounded = { ...filter, before, limit: EXPORT_PAGE };
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(where(bounded));
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;
    let cursor = before;
    for (;;) {
      const { items, nextBefore } = await searchAudit(db, { ...bounded, before: cursor });
      if (items.length > 0)
        yield `${items.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')).join('\r\n')}\r\n`;
      if (nextBefore === null) return;
      cursor = nextBefore;
    }
  }
  return { rows: counted?.n ?? 0, csv: Readable.from(lines()) };
}
