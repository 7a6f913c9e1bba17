/**
 * Process caches of the declaration hot path (#15): reference data read by every submission, kept
 * per database so that a submission does not spend a statement on what rarely or never changes.
 *
 * A database is named by the Drizzle dialect object that its handle and every transaction opened
 * from it share (a request's transaction is a new object each time; the dialect is not): two
 * databases in one process (tests) never share an entry.
 */
import type { DbOrTx } from '../db/client.ts';

/** The object naming `db`'s database across its transactions. */
export function databaseOf(db: DbOrTx): object {
  const dialect = (db as unknown as { dialect?: unknown }).dialect;
  return typeof dialect === 'object' && dialect !== null ? dialect : db;
}

/** A small per-database cache whose entries expire after `ttlMs` (never, when `ttlMs` is Infinity). */
export class DatabaseCache<V> {
  private readonly byDatabase = new WeakMap<object, Map<string, { until: number; value: V }>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  /** The value kept for `key`, or `load()`'s (kept unless it throws or answers undefined). */
  async get(db: DbOrTx, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const owner = databaseOf(db);
    let entries = this.byDatabase.get(owner);
    if (!entries) this.byDatabase.set(owner, (entries = new Map<string, { until: number; value: V }>()));
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    if (value !== undefined) {
      if (entries.size >= this.maxEntries) entries.clear();
      entries.set(key, { until: now + this.ttlMs, value });
    }
    return value;
  }

  /** Forget `db`'s entries (after this process changes what they hold). */
  clear(db: DbOrTx): void {
    this.byDatabase.delete(databaseOf(db));
  }
}
