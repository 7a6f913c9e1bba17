/**
 * The QR key is read once per process and database, not once per submission; a key created by a
 * transaction that rolls back is never kept.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { declarationOfToken, declarationToken } from './token.ts';

const ROLLBACK = new Error('roll back');

describe('the declaration QR key', () => {
  let database: Database;
  const id = randomUUID();
  const inRolledBack = async (work: (tx: DbOrTx) => Promise<void>) =>
    database.db
      .transaction(async (tx) => {
        await work(tx);
        throw ROLLBACK;
      })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
  const stored = () =>
    queryRows<{ secret: string }>(
      database.db,
      sql`select secret from server_secrets where name = 'declarations.qr'`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`delete from server_secrets where name = 'declarations.qr'`);
  });
  afterAll(async () => database.close());

  it('a key made by a transaction that rolls back goes with it; a committed one is read once', async () => {
    let undone = '';
    await inRolledBack(async (tx) => {
      undone = await declarationToken(tx, id);
      expect(await declarationOfToken(tx, undone)).toBe(id);
    });
    expect(await stored()).toEqual([]);
    await database.db.transaction(async (tx) => {
      await declarationToken(tx, id); // creates and commits the key
    });
    const token = await declarationToken(database.db, id);
    expect(token).not.toBe(undone);
    expect(await declarationOfToken(database.db, undone)).toBeNull();
    await inRolledBack(async (tx) => {
      // Were the key read again, this transaction would see the altered secret and refuse the token.
      await tx.execute(sql`update server_secrets set secret = 'altered' where name = 'declarations.qr'`);
      expect(await declarationOfToken(tx, token)).toBe(id);
      expect(await declarationOfToken(tx, `${token.slice(0, -2)}xx`)).toBeNull();
    });
  });
});
