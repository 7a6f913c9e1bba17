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

/**
 * A small per-database cache whose entries expire after `ttlMs` (never, when `ttlMs` is Infinity).
 * Concurrent misses of one key share one load: when an entry expired under load, every submission
 * in flight missed it at once and each sent the same statement (74 commune lookups and 49
 * questionnaire-version reads in one second at 1,200 declarations/s, bench diag of 5 Dec 2026),
 * queueing the pool behind them.
 */
export class DatabaseCache<V> {
  private readonly byDatabase = new WeakMap<object, Map<string, { until: number; value: V }>>();
  private readonly loading = new WeakMap<object, Map<string, Promise<V | undefined>>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  /** The value kept for `key`, or `load()`'s (kept unless it throws or answers undefined). */
  async get(db: DbOrTx, key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const owner = databaseOf(db);
    let entries = this.byDatabase.get(owner);
    if (!entries) this.byDatabase.set(owner, (entries = new Map<string, { until: number; value: V }>()));
    const hit = entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    let inFlight = this.loading.get(owner);
    if (!inFlight) this.loading.set(owner, (inFlight = new Map<string, Promise<V | undefined>>()));
    const pending = inFlight.get(key);
    if (pending) return pending;
    const kept = entries;
    const loads = inFlight;
    const started = Date.now();
    const loaded = load().then(
      (value) => {
        // A clear() meanwhile dropped this load's maps: its value is not kept.
        if (value !== undefined && this.byDatabase.get(owner) === kept) {
          if (kept.size >= this.maxEntries) kept.clear();
          kept.set(key, { until: started + this.ttlMs, value });
        }
        loads.delete(key);
        return value;
      },
      (e: unknown) => {
        loads.delete(key);
        throw e;
      },
    );
    inFlight.set(key, loaded);
    return loaded;
  }

  /** Forget `db`'s entries (after this process changes what they hold). */
  clear(db: DbOrTx): void {
    this.byDatabase.delete(databaseOf(db));
    this.loading.delete(databaseOf(db));
  }
}
