/**
 * The form link's signing key is read once per process and database, not once per request: the
 * public form route runs each submission in its own transaction, and re-reading `server_secrets`
 * there cost two statements a form. A key created by a transaction that rolls back is never kept.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { formToken, orderOfFormToken } from './links.ts';

const ROLLBACK = new Error('roll back');

describe('the form link key', () => {
  let database: Database;
  const order = randomUUID();
  /** Run `work` in a request's transaction (as the route does: the pool names the database), then roll back. */
  const inRolledBackRequest = async (work: (request: Database) => Promise<void>) => {
    await database.db
      .transaction(async (tx) => {
        await work({ ...database, db: tx });
        throw ROLLBACK;
      })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
  };
  const stored = async () =>
    queryRows<{ secret: string }>(
      database.db,
      sql`select secret from server_secrets where name = 'quarantine.formLink'`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`delete from server_secrets where name = 'quarantine.formLink'`);
  });
  afterAll(async () => database.close());

  it('a key made by a request that rolls back is gone with it, and not trusted afterwards', async () => {
    let undone = '';
    await inRolledBackRequest(async (request) => {
      undone = await formToken(request, order);
      // Within its own transaction the key is still the same one.
      expect(await orderOfFormToken(request, undone)).toBe(order);
    });
    expect(await stored()).toEqual([]);
    const kept = await formToken(database, order);
    expect(kept).not.toBe(undone);
    expect(await orderOfFormToken(database, undone)).toBeNull();
    expect(await stored()).toHaveLength(1);
  });

  it('once committed, later requests verify links without reading the key again', async () => {
    const token = await formToken(database, order);
    await inRolledBackRequest(async (request) => {
      await formToken(request, order); // the first request of the pool reads the committed key
    });
    await inRolledBackRequest(async (request) => {
      // Were the key read again, this request would see the altered secret and refuse the link.
      await request.db.execute(
        sql`update server_secrets set secret = 'altered' where name = 'quarantine.formLink'`,
      );
      expect(await orderOfFormToken(request, token)).toBe(order);
      expect(await orderOfFormToken(request, `${token.slice(0, -2)}xx`)).toBeNull();
    });
  });
});
