/**
 * Guest check-out tokens. A guest check-in is evidence about a phone number, and anyone may type
 * someone's phone and name: so check-out is not keyed by them. The check-in answer carries a
 * token (the check-in id and an HMAC of it with the venue and visitor, under a key generated in
 * the database and shared by every API process); check-out needs it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

const KEY_NAME = 'checkin.guestCheckout';
const keys = new WeakMap<object, Promise<Buffer>>();

/** The check-out key of this database (created at first use; one per database, cached). */
function keyOf(db: DbOrTx): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = (async () => {
      const fresh = randomBytes(32).toString('base64url');
      await db.execute(
        sql`insert into server_secrets (name, secret) values (${KEY_NAME}, ${fresh}) on conflict (name) do nothing`,
      );
      const [row] = await queryRows<{ secret: string }>(
        db,
        sql`select secret from server_secrets where name = ${KEY_NAME}`,
      );
      return Buffer.from(row!.secret, 'base64url');
    })();
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

function mac(key: Buffer, venueId: string, checkinId: string, visitorKey: string): string {
  return createHmac('sha256', key)
    .update(`checkout\n${venueId}\n${checkinId}\n${visitorKey}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** The token a guest's check-in answer carries: `<checkin id>.<mac>`. */
export async function checkoutTokenFor(
  db: DbOrTx,
  venueId: string,
  checkinId: string,
  visitorKey: string,
): Promise<string> {
  return `${checkinId}.${mac(await keyOf(db), venueId, checkinId, visitorKey)}`;
}

/** Split a token into the check-in id and its MAC (null when malformed). */
export function parseCheckoutToken(token: string): { checkinId: string; mac: string } | null {
  const m = /^(\d{1,18})\.([A-Za-z0-9_-]{22})$/u.exec(token);
  return m ? { checkinId: m[1]!, mac: m[2]! } : null;
}

/** True when the MAC belongs to this check-in of this visitor at this venue. */
export async function checkoutTokenValid(
  db: DbOrTx,
  venueId: string,
  checkinId: string,
  visitorKey: string,
  given: string,
): Promise<boolean> {
  const expected = Buffer.from(mac(await keyOf(db), venueId, checkinId, visitorKey));
  const got = Buffer.from(given);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
