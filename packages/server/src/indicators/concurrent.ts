/**
 * The independent statements of one read run side by side on the pool (each on its own
 * connection), but one after another inside a transaction: a transaction is one connection, and
 * queries sent to it concurrently only queue (pg warns "client.query() while already executing").
 */
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.ts';

/** Run the tasks concurrently outside a transaction, sequentially inside one; results in order. */
export async function concurrently<T extends readonly unknown[]>(
  db: DbOrTx,
  tasks: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(tasks.map((task) => task()))) as unknown as T;
  const out: unknown[] = [];
  for (const task of tasks) out.push(await task());
  return out as unknown as T;
}
