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
import { databaseOf } from './cache.ts';

const KEY_NAME = 'declarations.qr';
/** Keys read committed, per database (`databaseOf`): a key never changes once stored. */
const committed = new WeakMap<object, Buffer>();
/** A key this handle (transaction) created itself: valid for it only, since it may roll back. */
const created = new WeakMap<object, Promise<Buffer>>();

async function readKey(db: DbOrTx): Promise<Buffer | null> {
  const [row] = await queryRows<{ secret: string }>(
    db,
    sql`select secret from server_secrets where name = ${KEY_NAME}`,
  );
  return row ? Buffer.from(row.secret, 'base64url') : null;
}

/**
 * The database's QR key. Read once per process and database (no statement on later requests):
 * a key found by a handle that did not create it is committed. Created at start by `ensureQrKey`;
 * should it be missing, the first request creates it and keeps it for its own transaction only.
 */
async function keyOf(db: DbOrTx): Promise<Buffer> {
  const known = committed.get(databaseOf(db));
  if (known) return known;
  const own = created.get(db);
  if (own) return own;
  const found = await readKey(db);
  if (found) {
    committed.set(databaseOf(db), found);
    return found;
  }
  const making = (async () => {
    await ensureQrKey(db);
    const key = await readKey(db);
    if (!key) throw new Error('declarations: the QR key could not be stored');
    return key;
  })();
  making.catch(() => created.delete(db));
  created.set(db, making);
  return making;
}

/** Store the QR key if the database has none (at start, outside any request). */
export async function ensureQrKey(db: DbOrTx): Promise<void> {
  const fresh = randomBytes(32).toString('base64url');
  await db.execute(
    sql`insert into server_secrets (name, secret) values (${KEY_NAME}, ${fresh}) on conflict (name) do nothing`,
  );
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
