/**
 * The province's DCC signer keys: created on first need (or first start), private keys encrypted
 * at rest with AES-256-GCM under a key derived (scrypt) from CERT_KEY_SECRET, rotated on request.
 * Also builds the verifier state (own signers + imported foreign ones + revocations), cached.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { AppError } from '@epilink/core';
import {
  createSignerCertificate,
  generateSignerKeyPair,
  parseSignerCertificate,
  trustListEntry,
} from '@epilink/dcc';
import type { Signer, TrustListEntry } from '@epilink/dcc';
import { and, desc, eq, gt, ne } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { DbOrTx } from '../db/client.ts';
import { dccForeignSigners, dccRevocations, dccSigners } from '../db/schema/index.ts';
import type { VerifierState } from './verifier.ts';

/** Validity of a signer certificate; certificates it signs expire no later than it does. */
export const SIGNER_VALIDITY_DAYS = 2 * 365;
/** How long the verifier state is reused before it is read again (other processes' changes). */
export const TRUST_CACHE_MS = 30_000;

function derive(secret: string): Buffer {
  return scryptSync(secret, 'epilink-dcc-signer-v1', 32);
}

/** Encrypt a PKCS#8 private key: base64(iv ‖ tag ‖ ciphertext). */
export function encryptKey(pkcs8: Uint8Array, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(secret), iv);
  const body = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Decrypt a key made by {@link encryptKey}; throws when the secret is wrong. */
export function decryptKey(blob: string, secret: string): Uint8Array {
  const raw = Buffer.from(blob, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', derive(secret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return new Uint8Array(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
}

function secretOf(config: Config): string {
  const secret = config.certificates.keySecret;
  if (!secret) throw new AppError('SIGNING_NOT_CONFIGURED');
  return secret;
}

/** Create a new signer key and certificate and make it the issuing one (older ones verify only). */
export async function rotateSigner(db: DbOrTx, config: Config, now = new Date()): Promise<{ kid: string }> {
  const secret = secretOf(config);
  const keys = await generateSignerKeyPair();
  const notAfter = new Date(now.getTime() + SIGNER_VALIDITY_DAYS * 86_400_000);
  const certificateDer = await createSignerCertificate({
    subject: {
      country: 'VN',
      organization: `EpiLink ${config.provinceCode}`,
      commonName: `EpiLink DSC ${config.provinceCode} ${now.toISOString().slice(0, 10)}`,
    },
    publicKey: keys.publicKey,
    selfSigningKey: keys.privateKey,
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter,
    types: ['v', 't', 'r'],
  });
  const entry = await trustListEntry(certificateDer, 'VN');
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  await db.update(dccSigners).set({ state: 'verify_only' }).where(eq(dccSigners.state, 'issuing'));
  await db.insert(dccSigners).values({
    kid: entry.kid,
    country: 'VN',
    certificateDer: Buffer.from(certificateDer).toString('base64'),
    privateKeyEnc: encryptKey(pkcs8, secret),
    state: 'issuing',
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter,
  });
  invalidateCaches();
  return { kid: entry.kid };
}

/** Make sure an issuing signer exists (first start); does nothing without a key secret. */
export async function ensureSigner(db: DbOrTx, config: Config): Promise<void> {
  if (!config.certificates.keySecret) return;
  const [row] = await db
    .select({ id: dccSigners.id })
    .from(dccSigners)
    .where(and(eq(dccSigners.state, 'issuing'), gt(dccSigners.notAfter, new Date())));
  if (!row) await rotateSigner(db, config);
}

/** The issuing signer, cached per configuration (each server — and each test app — has its own). */
let issuingCache = new WeakMap<Config, { signer: Signer & { kid: string; notAfter: Date }; at: number }>();
let stateCache: { state: VerifierState; at: number; db: DbOrTx } | null = null;

/** Forget cached signers and trust state (after rotation, import or revocation). */
export function invalidateCaches(): void {
  issuingCache = new WeakMap();
  stateCache = null;
}

/** The signer that issues now (created on first need). */
export async function issuingSigner(
  db: DbOrTx,
  config: Config,
): Promise<Signer & { kid: string; notAfter: Date }> {
  // No key secret, no signing — even if a signer was cached earlier in this process.
  const secret = secretOf(config);
  const cached = issuingCache.get(config);
  if (cached && Date.now() - cached.at < TRUST_CACHE_MS) return cached.signer;
  let [row] = await db
    .select()
    .from(dccSigners)
    .where(and(eq(dccSigners.state, 'issuing'), gt(dccSigners.notAfter, new Date())))
    .orderBy(desc(dccSigners.createdAt))
    .limit(1);
  if (!row) {
    await rotateSigner(db, config);
    [row] = await db.select().from(dccSigners).where(eq(dccSigners.state, 'issuing')).limit(1);
  }
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    decryptKey(row!.privateKeyEnc, secret).slice().buffer,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const signer = {
    privateKey,
    certificateDer: new Uint8Array(Buffer.from(row!.certificateDer, 'base64')),
    kid: row!.kid,
    notAfter: row!.notAfter,
  };
  issuingCache.set(config, { signer, at: Date.now() });
  return signer;
}

/** One trust list entry as published (base64 DER, kid, country, own or foreign, validity). */
export interface PublishedSigner {
  kid: string;
  country: string;
  certificate: string;
  source: 'own' | 'foreign';
  /** The signer certificate's validity (ISO 8601): a certificate it signed must be issued inside it. */
  notBefore: string;
  notAfter: string;
}

const validityCache = new Map<string, { notBefore: string; notAfter: string }>();

/**
 * The validity of a signer certificate (base64 DER), read from the certificate itself.
 * @throws {CertificateError} when the certificate cannot be read.
 */
export function signerValidity(certificateBase64: string): { notBefore: string; notAfter: string } {
  let dates = validityCache.get(certificateBase64);
  if (!dates) {
    const cert = parseSignerCertificate(new Uint8Array(Buffer.from(certificateBase64, 'base64')));
    dates = { notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString() };
    if (validityCache.size > 10_000) validityCache.clear();
    validityCache.set(certificateBase64, dates);
  }
  return dates;
}

/**
 * The published trust list: own signers not retired and not expired (certificates they sign never
 * outlive them), active foreign signers with their validity dates (a certificate signed while the
 * signer was valid still verifies after it expires), plus revoked UVCI hashes.
 */
export async function publishedTrustList(
  db: DbOrTx,
): Promise<{ signers: PublishedSigner[]; revokedUciHashes: string[] }> {
  const now = new Date();
  const own = await db
    .select()
    .from(dccSigners)
    .where(and(ne(dccSigners.state, 'retired'), gt(dccSigners.notAfter, now)));
  const foreign = await db.select().from(dccForeignSigners).where(eq(dccForeignSigners.active, 'yes'));
  const revoked = await db.select({ h: dccRevocations.uciHash }).from(dccRevocations);
  const foreignSigners: PublishedSigner[] = [];
  for (const s of foreign) {
    try {
      foreignSigners.push({
        kid: s.kid,
        country: s.country,
        certificate: s.certificateDer,
        source: 'foreign',
        ...signerValidity(s.certificateDer),
      });
    } catch {
      // An unreadable certificate cannot verify anything: it is not published.
    }
  }
  return {
    signers: [
      ...own.map((s) => ({
        kid: s.kid,
        country: s.country,
        certificate: s.certificateDer,
        source: 'own' as const,
        notBefore: s.notBefore.toISOString(),
        notAfter: s.notAfter.toISOString(),
      })),
      ...foreignSigners,
    ],
    revokedUciHashes: revoked.map((r) => r.h),
  };
}

/** The verifier state, cached for {@link TRUST_CACHE_MS} (per database). */
export async function verifierState(db: DbOrTx): Promise<VerifierState> {
  if (stateCache && stateCache.db === db && Date.now() - stateCache.at < TRUST_CACHE_MS)
    return stateCache.state;
  const published = await publishedTrustList(db);
  const trustList: TrustListEntry[] = published.signers.map((s) => ({
    kid: s.kid,
    country: s.country,
    certificateDer: new Uint8Array(Buffer.from(s.certificate, 'base64')),
  }));
  const state = { trustList, revokedUciHashes: new Set(published.revokedUciHashes) };
  stateCache = { state, at: Date.now(), db };
  return state;
}
