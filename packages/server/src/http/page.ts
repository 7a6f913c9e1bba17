/**
 * Keyset pagination for every list endpoint: a page is `limit` rows after an opaque cursor
 * (the sort key of the last row seen), filters are in SQL, and the answer says whether more rows
 * follow (`nextCursor`). No list silently truncates: a caller that wants everything follows the
 * cursor until it is null.
 *
 * A cursor is base64url JSON of the last row's key values, read back as SQL text and cast to each
 * column's type, so timestamps keep their microseconds (a JavaScript Date would round them and
 * skip or repeat rows).
 */
import { AppError } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { AnyColumn, SQL } from 'drizzle-orm';
import { z } from 'zod';

/** SQL types a key column may have. */
export type KeyType = 'timestamptz' | 'uuid' | 'text' | 'date' | 'bigint' | 'int';

/** One column of a sort key. */
export interface KeyPart {
  column: AnyColumn | SQL;
  type: KeyType;
}

/** The query fields every paginated list accepts. */
export function pageQuery(defaultLimit: number, maxLimit: number) {
  return {
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  };
}

/** The response field every paginated list returns. */
export const nextCursorSchema = z.string().nullable();

/** The cursor naming the given key values (as SQL text). */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Key values of a cursor, or VALIDATION_FAILED (path `cursor`) for anything not made by `encodeCursor`. */
export function decodeCursor(cursor: string, arity: number): string[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (
    !Array.isArray(values) ||
    values.length !== arity ||
    !values.every((v): v is string => typeof v === 'string' && v.length <= 100)
  )
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'cursor', messageKey: 'errors.validationFailed' }],
    });
  return values;
}

/** The key columns selected as text, to build the next cursor from (`sql` fields of a select). */
export function keyText(key: readonly KeyPart[]): SQL<string>[] {
  return key.map((k) => sql<string>`(${k.column})::text`);
}

/**
 * The condition "after the cursor" for rows ordered by `key` all ascending or all descending
 * (a row comparison, which an index on the same columns serves). Undefined without a cursor.
 */
export function afterCursor(
  key: readonly KeyPart[],
  cursor: string | undefined,
  direction: 'asc' | 'desc',
): SQL | undefined {
  if (cursor === undefined) return undefined;
  const values = decodeCursor(cursor, key.length);
  const cols = sql.join(
    key.map((k) => sql`${k.column}`),
    sql`, `,
  );
  const vals = sql.join(
    key.map((k, i) => sql`${values[i]}::${sql.raw(k.type)}`),
    sql`, `,
  );
  return direction === 'desc' ? sql`(${cols}) < (${vals})` : sql`(${cols}) > (${vals})`;
}

/** ORDER BY terms for the key in one direction. */
export function orderByKey(key: readonly KeyPart[], direction: 'asc' | 'desc'): SQL[] {
  return key.map((k) => (direction === 'desc' ? sql`${k.column} desc` : sql`${k.column} asc`));
}

/**
 * A page from rows fetched with `limit + 1`: the first `limit` rows and the cursor of the last one
 * when another row exists.
 */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => readonly string[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
