/**
 * Issuing EU DCC certificates for people: vaccination from their dose records, test and recovery
 * from an official's entry; reissue supersedes, revocation publishes the UVCI hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, catalogueOn, findProduct } from '@epilink/core';
import {
  IssueError,
  buildRecoveryCertificate,
  buildTestCertificate,
  buildVaccinationCertificate,
  doseEncoding,
  issueHc1,
  makeUvci,
} from '@epilink/dcc';
import type { HealthCertificate, Holder, RecoveryInput, TestInput, VaccineProductCode } from '@epilink/dcc';
import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AppDeps } from '../deps.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, dccRevocations, issuedCertificates, vaccinationDoses } from '../db/schema/index.ts';
import { enqueue } from '../outbox/outbox.ts';
import { invalidateCaches, issuingSigner } from './keys.ts';

/** Certificates are valid for a year, and never beyond their signer certificate. */
export const CERTIFICATE_VALIDITY_DAYS = 365;

/** The person fields a certificate needs. */
export interface CertificatePerson {
  id: string;
  fullName: string;
  dateOfBirth: string | null;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}

/** Vietnamese names are family name first: "Nguyễn Văn Đức" → family "Nguyễn", given "Văn Đức". */
export function holderOf(person: Pick<CertificatePerson, 'fullName' | 'dateOfBirth'>): Holder {
  const parts = person.fullName.trim().split(/\s+/u);
  const familyName = parts[0] ?? person.fullName;
  return { familyName, givenName: parts.slice(1).join(' '), dateOfBirth: person.dateOfBirth ?? '' };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A new UVCI: URN:UVCI:01:VN:EL<province>/<16 random characters>#check. */
export function newUvci(provinceCode: string): string {
  const bytes = randomBytes(16);
  let id = '';
  for (const b of bytes) id += ALPHABET.charAt(b % ALPHABET.length);
  return makeUvci(`EL${provinceCode}/${id}`);
}

/** EU revocation hash of a UVCI: base64 of the first 16 bytes of SHA-256. */
export function uciHash(uvci: string): string {
  return createHash('sha256').update(uvci).digest().subarray(0, 16).toString('base64');
}

const issuerNames = new Map<string, string>();

async function issuerName(db: DbOrTx, provinceCode: string): Promise<string> {
  const cached = issuerNames.get(provinceCode);
  if (cached) return cached;
  const [row] = await db
    .select({ name: adminUnits.name })
    .from(adminUnits)
    .where(eq(adminUnits.code, provinceCode))
    .limit(1);
  const name = `Sở Y tế ${row?.name ?? provinceCode}`;
  issuerNames.set(provinceCode, name);
  return name;
}

function summaryOf(hcert: HealthCertificate): string {
  const v = hcert.v?.[0];
  if (v) return `${v.mp} ${v.dn}/${v.sd} ${v.dt}`;
  const t = hcert.t?.[0];
  if (t) return `test ${t.tt} ${t.tr} ${t.sc}`;
  const r = hcert.r?.[0];
  return r ? `recovery ${r.fr} ${r.df}..${r.du}` : '';
}

/** The request field (as free entry names it) of a payload field a content rule points at. */
const BODY_FIELD: Record<string, string> = {
  sc: 'body.sampledAt',
  tr: 'body.result',
  fr: 'body.firstPositive',
  df: 'body.validFrom',
  du: 'body.validUntil',
};

/** An issuing failure as the one error vocabulary: a broken rule is named on its field. */
function issueErrorToApp(e: IssueError): AppError {
  if (e.problem === 'signerExpired' || e.problem === 'signerNotYetValid')
    return new AppError('SIGNING_NOT_CONFIGURED');
  if (e.problem)
    return new AppError('VALIDATION_FAILED', {
      details: [
        { path: BODY_FIELD[e.field ?? ''] ?? 'body', messageKey: `vaccination.dcc.invalid.${e.problem}` },
      ],
    });
  return new AppError('VALIDATION_FAILED', {
    details: e.schemaErrors.map((s) => ({
      path: `certificate${s.path}`,
      messageKey: 'errors.field.invalidValue',
    })),
  });
}

/** Sign and store one certificate for a person (superseding earlier ones of the same type). */
export async function storeCertificate(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  person: CertificatePerson,
  build: (common: { issuerName: string; uvci: string }) => HealthCertificate,
  sourceId: string | null,
): Promise<{ id: string; uvci: string }> {
  const signer = await issuingSigner(tx, deps.config);
  const uvci = newUvci(deps.config.provinceCode);
  const hcert = build({ issuerName: await issuerName(tx, deps.config.provinceCode), uvci });
  const type = hcert.v ? 'v' : hcert.t ? 't' : 'r';
  const issuedAt = new Date();
  const expiresAt = new Date(
    Math.min(issuedAt.getTime() + CERTIFICATE_VALIDITY_DAYS * 86_400_000, signer.notAfter.getTime()),
  );
  let qr: string;
  try {
    qr = await issueHc1({ hcert, issuer: 'VN', issuedAt, expiresAt, signer });
  } catch (e) {
    if (e instanceof IssueError) throw issueErrorToApp(e);
    throw e;
  }
  const [row] = await tx
    .insert(issuedCertificates)
    .values({
      uvci,
      personId: person.id,
      type,
      sourceId,
      kid: signer.kid,
      qr,
      summary: summaryOf(hcert),
      issuedAt,
      expiresAt,
      provinceCode: person.provinceCode,
      districtCode: person.districtCode,
      communeCode: person.communeCode,
      issuedBy: actorId(access),
    })
    .returning({ id: issuedCertificates.id });
  await tx
    .update(issuedCertificates)
    .set({ supersededBy: row!.id })
    .where(
      and(
        eq(issuedCertificates.personId, person.id),
        eq(issuedCertificates.type, type),
        isNull(issuedCertificates.supersededBy),
        isNull(issuedCertificates.revokedAt),
        ne(issuedCertificates.id, row!.id),
      ),
    );
  await writeAudit(
    tx,
    access,
    { ip: null },
    {
      action: 'create',
      entity: 'certificate',
      entityId: row!.id,
      personId: person.id,
      fields: ['certificate'],
    },
  );
  await enqueue(tx, 'certificate.issued', { personId: person.id, certificateId: row!.id, type });
  return { id: row!.id, uvci };
}

/** Revoke a certificate by id (publishes its UVCI hash in the trust list). */
export async function revokeCertificate(
  tx: DbOrTx,
  access: Access,
  certificate: { id: string; uvci: string; personId: string },
  reason: string,
): Promise<void> {
  await tx
    .update(issuedCertificates)
    .set({ revokedAt: new Date(), revokeReason: reason })
    .where(eq(issuedCertificates.id, certificate.id));
  await tx
    .insert(dccRevocations)
    .values({ uciHash: uciHash(certificate.uvci), country: 'VN', reason, revokedBy: actorId(access) })
    .onConflictDoNothing();
  await writeAudit(
    tx,
    access,
    { ip: null },
    {
      action: 'update',
      entity: 'certificate',
      entityId: certificate.id,
      personId: certificate.personId,
      fields: ['revoked'],
      details: { reason },
    },
  );
  invalidateCaches();
}

/**
 * Issue (or reissue) the vaccination certificate of a person's latest valid dose. With
 * `revokeReason`, the person's current vaccination certificates are revoked first (a dose voided).
 */
export async function issueVaccinationCertificate(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  person: CertificatePerson,
  options: { doseId: string | null; revokeReason?: string },
): Promise<{ id: string; uvci: string } | null> {
  if (options.revokeReason) {
    const current = await tx
      .select({
        id: issuedCertificates.id,
        uvci: issuedCertificates.uvci,
        personId: issuedCertificates.personId,
      })
      .from(issuedCertificates)
      .where(
        and(
          eq(issuedCertificates.personId, person.id),
          eq(issuedCertificates.type, 'v'),
          isNull(issuedCertificates.revokedAt),
        ),
      );
    for (const c of current) await revokeCertificate(tx, access, c, options.revokeReason);
  }
  const doses = await tx
    .select()
    .from(vaccinationDoses)
    .where(and(eq(vaccinationDoses.personId, person.id), isNull(vaccinationDoses.voidedAt)))
    .orderBy(asc(vaccinationDoses.date), asc(vaccinationDoses.createdAt));
  const latest = options.doseId ? doses.find((d) => d.id === options.doseId) : doses[doses.length - 1];
  if (!latest) return null;
  // dn/sd by the EU rule, from the primary series the person began (Janssen first: a booster is 2/1).
  const first = doses[0]!;
  const primary = findProduct(first.productCode, catalogueOn(first.date))?.schedule.primaryDoses ?? 2;
  const { dn, sd } = doseEncoding(latest.doseNumber, primary);
  return storeCertificate(
    tx,
    deps,
    access,
    person,
    (common) =>
      buildVaccinationCertificate(holderOf(person), {
        ...common,
        product: latest.productCode as VaccineProductCode,
        doseNumber: dn,
        totalDoses: sd,
        date: latest.date,
      }),
    latest.id,
  );
}

/** Issue a test certificate (callers: `sources.ts`, from a stored result or an audited free entry). */
export function issueTestCertificate(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  person: CertificatePerson,
  test: Omit<TestInput, 'issuerName' | 'uvci'>,
  sourceId: string | null,
): Promise<{ id: string; uvci: string }> {
  return storeCertificate(
    tx,
    deps,
    access,
    person,
    (c) => buildTestCertificate(holderOf(person), { ...test, ...c }),
    sourceId,
  );
}

/** Issue a recovery certificate (callers: `sources.ts`, from a confirmed case or an audited free entry). */
export function issueRecoveryCertificate(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  person: CertificatePerson,
  rec: Omit<RecoveryInput, 'issuerName' | 'uvci'>,
  sourceId: string | null,
): Promise<{ id: string; uvci: string }> {
  return storeCertificate(
    tx,
    deps,
    access,
    person,
    (c) => buildRecoveryCertificate(holderOf(person), { ...rec, ...c }),
    sourceId,
  );
}

/** The latest certificates of a person (newest first). */
export function certificatesOf(db: DbOrTx, personIds: string[]) {
  return db
    .select()
    .from(issuedCertificates)
    .where(inArray(issuedCertificates.personId, personIds))
    .orderBy(desc(issuedCertificates.issuedAt));
}
