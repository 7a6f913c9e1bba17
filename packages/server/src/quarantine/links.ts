/**
 * Signed links and document codes of quarantine orders. A health-form link carries the order's id
 * and an HMAC of it under a key generated in the database (shared by every API process, never sent
 * to a client): it opens the form of that order only, while the order is active, without sign-in.
 * A document's QR carries the order, the document (order or release) and its dates under another
 * key, so the public verify route can say whether a paper is genuine and still says the same.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

/**
 * Where a key is read: a database handle, or a request's `Database` (from `deps.system`), whose
 * pool (or PGlite instance) names the database across the requests' transactions.
 */
export type KeySource = DbOrTx | Database;

/** Keys known committed, per database, for the life of the process (a key never changes). */
const committed = new WeakMap<object, Map<string, Buffer>>();
/** Keys created by a transaction still open: valid for that transaction only (it may roll back). */
const uncommitted = new WeakMap<object, Map<string, Buffer>>();
/** Reads under way, per handle: one at a time for a name within a transaction. */
const reading = new WeakMap<object, Map<string, Promise<Buffer>>>();

function mapOf<T>(cache: WeakMap<object, Map<string, T>>, owner: object): Map<string, T> {
  let byName = cache.get(owner);
  if (!byName) cache.set(owner, (byName = new Map<string, T>()));
  return byName;
}

/**
 * The database's key of a name, created at first use. A key read committed is cached for the
 * process (no statement on later requests, whatever transaction they run in); one created inside a
 * transaction is cached for that transaction only, since a rollback would take it away.
 */
async function keyOf(source: KeySource, name: string): Promise<Buffer> {
  const request = 'kind' in source && 'db' in source ? source : null;
  const db = request ? request.db : (source as DbOrTx);
  // A request's transactions all belong to its database's pool; a bare handle stands for itself.
  const database: object = request ? (request.pool ?? request.pglite ?? db) : db;
  const known = committed.get(database)?.get(name) ?? uncommitted.get(db)?.get(name);
  if (known) return known;
  const inFlight = reading.get(db)?.get(name);
  if (inFlight) return inFlight;
  const read = (async () => {
    const fresh = randomBytes(32).toString('base64url');
    const [mine] = await queryRows<{ secret: string }>(
      db,
      sql`insert into server_secrets (name, secret) values (${name}, ${fresh}) on conflict (name) do nothing returning secret`,
    );
    if (mine) {
      const key = Buffer.from(mine.secret, 'base64url');
      mapOf(
        db instanceof PgTransaction ? uncommitted : committed,
        db instanceof PgTransaction ? db : database,
      ).set(name, key);
      return key;
    }
    // Not inserted here: another transaction's insert committed (ON CONFLICT waited for it).
    const [row] = await queryRows<{ secret: string }>(
      db,
      sql`select secret from server_secrets where name = ${name}`,
    );
    const key = Buffer.from(row!.secret, 'base64url');
    mapOf(committed, database).set(name, key);
    return key;
  })();
  const byName = mapOf(reading, db);
  byName.set(name, read);
  try {
    return await read;
  } finally {
    byName.delete(name);
  }
}

const mac = (key: Buffer, text: string) =>
  createHmac('sha256', key).update(text).digest().subarray(0, 16).toString('base64url');

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** `<uuid>.<mac>`: a form or booking link token (compiled once, not per request). */
const ID_TOKEN = new RegExp(`^(${UUID})\\.([A-Za-z0-9_-]{22})$`, 'u');
const DOCUMENT_CODE = new RegExp(
  `^(${UUID})\\.([or])\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d{4}-\\d{2}-\\d{2})\\.([A-Za-z0-9_-]{22})$`,
  'u',
);

/** The form link token of an order: `<order id>.<mac>`. */
export async function formToken(db: KeySource, orderId: string): Promise<string> {
  return `${orderId}.${mac(await keyOf(db, 'quarantine.formLink'), `form\n${orderId}`)}`;
}

/** The order a form token opens, or null when it is malformed or forged. */
export async function orderOfFormToken(db: KeySource, token: string): Promise<string | null> {
  const m = ID_TOKEN.exec(token);
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
export async function documentCode(db: KeySource, c: DocumentClaim): Promise<string> {
  const body = `${c.orderId}.${c.document === 'order' ? 'o' : 'r'}.${c.start}.${c.end}`;
  return `${body}.${mac(await keyOf(db, 'quarantine.document'), `doc\n${body}`)}`;
}

/** The claim of a verification code, or null when malformed or forged. */
export async function verifyDocumentCode(db: KeySource, code: string): Promise<DocumentClaim | null> {
  const m = DOCUMENT_CODE.exec(code);
  if (!m) return null;
  const body = `${m[1]!}.${m[2]!}.${m[3]!}.${m[4]!}`;
  if (!same(mac(await keyOf(db, 'quarantine.document'), `doc\n${body}`), m[5]!)) return null;
  return { orderId: m[1]!, document: m[2] === 'o' ? 'order' : 'release', start: m[3]!, end: m[4]! };
}

/**
 * The one-tap booking link token of a campaign round member (issue #16 item 7): their round
 * registration's id and an HMAC of it, `<registration id>.<mac>` (short enough for an SMS).
 */
export async function bookingToken(db: KeySource, registrationId: string): Promise<string> {
  return `${registrationId}.${mac(await keyOf(db, 'zones.bookingLink'), `booking\n${registrationId}`)}`;
}

/** The registration a booking token opens, or null when it is malformed or forged. */
export async function registrationOfBookingToken(db: KeySource, token: string): Promise<string | null> {
  const m = ID_TOKEN.exec(token);
  if (!m) return null;
  return same(mac(await keyOf(db, 'zones.bookingLink'), `booking\n${m[1]!}`), m[2]!) ? m[1]! : null;
}
