/**
 * Signed links and document codes of quarantine orders. A health-form link carries the order's id
 * and an HMAC of it under a key generated in the database (shared by every API process, never sent
 * to a client): it opens the form of that order only, while the order is active, without sign-in.
 * A document's QR carries the order, the document (order or release) and its dates under another
 * key, so the public verify route can say whether a paper is genuine and still says the same.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

const keys = new WeakMap<object, Map<string, Promise<Buffer>>>();

/** The database's key of a name (created at first use, cached per database). */
function keyOf(db: DbOrTx, name: string): Promise<Buffer> {
  let byName = keys.get(db);
  if (!byName) keys.set(db, (byName = new Map<string, Promise<Buffer>>()));
  let key = byName.get(name);
  if (!key) {
    key = (async () => {
      const fresh = randomBytes(32).toString('base64url');
      await db.execute(
        sql`insert into server_secrets (name, secret) values (${name}, ${fresh}) on conflict (name) do nothing`,
      );
      const [row] = await queryRows<{ secret: string }>(
        db,
        sql`select secret from server_secrets where name = ${name}`,
      );
      return Buffer.from(row!.secret, 'base64url');
    })();
    key.catch(() => byName.delete(name));
    byName.set(name, key);
  }
  return key;
}

const mac = (key: Buffer, text: string) =>
  createHmac('sha256', key).update(text).digest().subarray(0, 16).toString('base64url');

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The form link token of an order: `<order id>.<mac>`. */
export async function formToken(db: DbOrTx, orderId: string): Promise<string> {
  return `${orderId}.${mac(await keyOf(db, 'quarantine.formLink'), `form\n${orderId}`)}`;
}

/** The order a form token opens, or null when it is malformed or forged. */
export async function orderOfFormToken(db: DbOrTx, token: string): Promise<string | null> {
  const m = new RegExp(`^(${UUID})\\.([A-Za-z0-9_-]{22})$`, 'u').exec(token);
  if (!m) return null;
  return same(mac(await keyOf(db, 'quarantine.formLink'), `form\n${m[1]!}`), m[2]!) ? m[1]! : null;
}

/** What a document says, as signed. */
export interface DocumentClaim {
  orderId: string;
  document: 'order' | 'release';
  start: string;
  end: string;
}

/** The verification code printed in a document's QR: `<order>.<o|r>.<start>.<end>.<mac>`. */
export async function documentCode(db: DbOrTx, c: DocumentClaim): Promise<string> {
  const body = `${c.orderId}.${c.document === 'order' ? 'o' : 'r'}.${c.start}.${c.end}`;
  return `${body}.${mac(await keyOf(db, 'quarantine.document'), `doc\n${body}`)}`;
}

/** The claim of a verification code, or null when malformed or forged. */
export async function verifyDocumentCode(db: DbOrTx, code: string): Promise<DocumentClaim | null> {
  const m = new RegExp(
    `^(${UUID})\\.([or])\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d{4}-\\d{2}-\\d{2})\\.([A-Za-z0-9_-]{22})$`,
    'u',
  ).exec(code);
  if (!m) return null;
  const body = `${m[1]!}.${m[2]!}.${m[3]!}.${m[4]!}`;
  if (!same(mac(await keyOf(db, 'quarantine.document'), `doc\n${body}`), m[5]!)) return null;
  return { orderId: m[1]!, document: m[2] === 'o' ? 'order' : 'release', start: m[3]!, end: m[4]! };
}
