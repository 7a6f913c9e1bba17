/**
 * The declaration hot path's reference-data cache (cache.ts): a value is loaded once per key and
 * kept for its time to live; submissions missing the same key together share one load (an entry
 * expiring under load sent one statement per submission in flight); a failed load is not kept;
 * clear() forgets entries and loads in flight.
 */
import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../db/client.ts';
import { DatabaseCache } from './cache.ts';

/** A stand-in database handle: the cache only needs an object to key its entries by. */
const db = () => ({}) as unknown as DbOrTx;

/** A load the test answers when it likes, counting how often it was started. */
function gate<V>() {
  let calls = 0;
  const waiting: ((v: V) => void)[] = [];
  return {
    load: () => {
      calls++;
      return new Promise<V>((resolve) => waiting.push(resolve));
    },
    answer: (v: V) => {
      for (const w of waiting.splice(0)) w(v);
    },
    calls: () => calls,
  };
}

describe('the reference-data cache of the declaration hot path', () => {
  it('serves concurrent misses of one key from one load, then from the kept value', async () => {
    const cache = new DatabaseCache<string>(60_000);
    const d = db();
    const g = gate<string>();
    const together = Promise.all(Array.from({ length: 50 }, () => cache.get(d, 'commune:28756', g.load)));
    g.answer('Phú Khương');
    expect(await together).toEqual(Array.from({ length: 50 }, () => 'Phú Khương'));
    expect(g.calls()).toBe(1);
    expect(await cache.get(d, 'commune:28756', g.load)).toBe('Phú Khương');
    expect(g.calls()).toBe(1);
  });

  it('loads again once the entry has expired, still once for all who missed it', async () => {
    const cache = new DatabaseCache<number>(0);
    const d = db();
    const g = gate<number>();
    const first = cache.get(d, 'k', g.load);
    g.answer(1);
    expect(await first).toBe(1);
    const again = Promise.all([cache.get(d, 'k', g.load), cache.get(d, 'k', g.load)]);
    g.answer(2);
    expect(await again).toEqual([2, 2]);
    expect(g.calls()).toBe(2);
  });

  it('keeps neither a failed load nor undefined; the next submission loads again', async () => {
    const cache = new DatabaseCache<string>(60_000);
    const d = db();
    await expect(cache.get(d, 'k', () => Promise.reject(new Error('connection lost')))).rejects.toThrow(
      'connection lost',
    );
    expect(await cache.get(d, 'k', () => Promise.resolve(undefined))).toBeUndefined();
    expect(await cache.get(d, 'k', () => Promise.resolve('v'))).toBe('v');
  });

  it('forgets, on clear(), what a load in flight brings back; each database has its own entries', async () => {
    const cache = new DatabaseCache<string>(60_000);
    const d = db();
    const g = gate<string>();
    const before = cache.get(d, 'k', g.load);
    cache.clear(d);
    g.answer('stale');
    expect(await before).toBe('stale');
    expect(await cache.get(d, 'k', () => Promise.resolve('fresh'))).toBe('fresh');
    expect(await cache.get(db(), 'k', () => Promise.resolve('other database'))).toBe('other database');
  });
});
