/**
 * The QR a declaration gives its citizen: the declaration id and an HMAC of it, short enough for a
 * small QR (`<22 chars id>.<16 chars mac>`), under a key generated in the database
 * (`server_secrets`, shared by every API process). Anyone holding it may see the triage result at a
 * checkpoint and confirm the suggested test — nothing else; a forged or altered token is refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

const KEY_NAME = 'declarations.qr';
const keys = new WeakMap<object, Promise<Buffer>>();

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

function mac(key: Buffer, id: string): string {
  return createHmac('sha256', key)
    .update(`declaration\n${id}`)
    .digest()
    .subarray(0, 12)
    .toString('base64url');
}

function idToShort(id: string): string {
  return Buffer.from(id.replace(/-/gu, ''), 'hex').toString('base64url');
}

function shortToId(short: string): string {
  const hex = Buffer.from(short, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The QR token of a declaration. */
export async function declarationToken(db: DbOrTx, declarationId: string): Promise<string> {
  return `${idToShort(declarationId)}.${mac(await keyOf(db), declarationId)}`;
}

/** The declaration id a token carries, or null when it is malformed or forged. */
export async function declarationOfToken(db: DbOrTx, token: string): Promise<string | null> {
  const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{16})$/u.exec(token.trim());
  if (!m) return null;
  const id = shortToId(m[1]!);
  const expected = Buffer.from(mac(await keyOf(db), id));
  const got = Buffer.from(m[2]!);
  return got.length === expected.length && timingSafeEqual(got, expected) ? id : null;
}
