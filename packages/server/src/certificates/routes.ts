import { AppError, translate } from '@epilink/core';
import {
  decodeCwt,
  decodeCose,
  decompress,
  base45Decode,
  unprefix,
  trustListEntryFromBase64,
  parseSignerCertificate,
} from '@epilink/dcc';
import type { HealthCertificate } from '@epilink/dcc';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { citizenPersonIds, scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { dccForeignSigners, dccSigners, issuedCertificates, persons } from '../db/schema/index.ts';
import type { DbOrTx } from '../db/client.ts';
import { defineRoute } from '../http/route.ts';
import {
  certificatesOf,
  issueRecoveryCertificate,
  issueTestCertificate,
  issueVaccinationCertificate,
  revokeCertificate,
} from './issue.ts';
import { invalidateCaches, publishedTrustList, rotateSigner, verifierState } from './keys.ts';
import { certificatePdf } from './pdf.ts';
import { verifyWithState } from './verifier.ts';

const certificateSummary = z.object({
  id: z.string(),
  personId: z.string(),
  type: z.enum(['v', 't', 'r']),
  uvci: z.string(),
  summary: z.string(),
  qr: z.string(),
  issuedAt: z.date(),
  expiresAt: z.date(),
  superseded: z.boolean(),
  revoked: z.boolean(),
});

type CertRow = typeof issuedCertificates.$inferSelect;
const present = (c: CertRow) => ({
  ...c,
  superseded: c.supersededBy !== null,
  revoked: c.revokedAt !== null,
});

function payloadOf(qr: string): HealthCertificate {
  return decodeCwt(decodeCose(decompress(base45Decode(unprefix(qr)))).payload)
    .hcert as unknown as HealthCertificate;
}

async function pdfOf(db: DbOrTx, row: CertRow): Promise<Buffer> {
  return certificatePdf({
    qr: row.qr,
    hcert: payloadOf(row.qr),
    uvci: row.uvci,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    issuer:
      payloadOf(row.qr).v?.[0]?.is ?? payloadOf(row.qr).t?.[0]?.is ?? payloadOf(row.qr).r?.[0]?.is ?? '',
  });
}

const verifyResponse = z.object({
  valid: z.boolean(),
  reasonKey: z.string(),
  reason: z.string(),
  failedStep: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  kid: z.string().nullable(),
  certificate: z.unknown().nullable(),
});

const personParams = z.strictObject({ id: z.uuid() });

async function personInScope(db: DbOrTx, access: Parameters<typeof scopeFor>[0], id: string) {
  const [person] = await db
    .select()
    .from(persons)
    .where(and(eq(persons.id, id), isNull(persons.mergedInto), scopeFor(access, persons)));
  if (!person) throw new AppError('NOT_FOUND');
  return person;
}

export const certificateRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/certificates/verify',
    summary:
      'Verify an EU DCC (HC1) code: validity, the failing step and what it certifies (public, rate-limited)',
    tags: ['certificates'],
    auth: { kind: 'public' },
    personalData: false,
    rateLimit: { max: 120, perSeconds: 60 },
    body: z.strictObject({ qr: z.string().min(1).max(8000) }),
    response: verifyResponse,
    async handler({ deps, body, lang }) {
      const state = await verifierState(deps.database.db);
      const r = await verifyWithState(body.qr.trim(), state, new Date());
      return {
        valid: r.valid,
        reasonKey: r.reasonKey,
        reason: translate(lang, `vaccination.${r.reasonKey}`),
        failedStep: r.failedStep ?? null,
        issuer: r.issuer ?? null,
        issuedAt: r.issuedAt ?? null,
        expiresAt: r.expiresAt ?? null,
        kid: r.kid ?? null,
        certificate: r.certificate ?? null,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/certificates/trust-list',
    summary:
      'The trust list for offline verifiers: signer certificates (own and imported) and revoked UVCI hashes',
    tags: ['certificates'],
    auth: { kind: 'public' },
    personalData: false,
    response: z.object({
      generatedAt: z.date(),
      signers: z.array(
        z.object({
          kid: z.string(),
          country: z.string(),
          certificate: z.string(),
          source: z.enum(['own', 'foreign']),
          notAfter: z.string().nullable(),
        }),
      ),
      revokedUciHashes: z.array(z.string()),
    }),
    async handler({ deps }) {
      return { generatedAt: new Date(), ...(await publishedTrustList(deps.database.db)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/certificates/signers',
    summary: "The province's signer keys (no private parts) and imported foreign signers",
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'certificate:manage' },
    personalData: false,
    response: z.object({
      own: z.array(z.object({ kid: z.string(), state: z.string(), notBefore: z.date(), notAfter: z.date() })),
      foreign: z.array(
        z.object({ id: z.string(), kid: z.string(), country: z.string(), active: z.string() }),
      ),
    }),
    async handler({ deps }) {
      const { db } = deps.database;
      return { own: await db.select().from(dccSigners), foreign: await db.select().from(dccForeignSigners) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/certificates/signers/rotate',
    summary:
      'Key rotation: a new signer key becomes the issuing one; older ones stay trusted until they expire',
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'certificate:manage' },
    personalData: false,
    successStatus: 201,
    response: z.object({ kid: z.string() }),
    async handler({ deps, access, origin }) {
      return deps.database.db.transaction(async (tx) => {
        const r = await rotateSigner(tx, deps.config);
        await writeAudit(tx, access, origin, { action: 'create', entity: 'dcc_signer', entityId: r.kid });
        return r;
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/certificates/foreign-signers',
    summary: 'Import a foreign signer certificate (base64 DER) into the trust list',
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'certificate:manage' },
    personalData: false,
    successStatus: 201,
    body: z.strictObject({
      certificate: z
        .string()
        .min(100)
        .max(10_000)
        .regex(/^[A-Za-z0-9+/=\s]+$/u),
      country: z.string().regex(/^[A-Z]{2}$/u),
    }),
    response: z.object({ id: z.string(), kid: z.string() }),
    async handler({ deps, access, origin, body }) {
      const b64 = body.certificate.replace(/\s+/gu, '');
      let kid: string;
      try {
        parseSignerCertificate(new Uint8Array(Buffer.from(b64, 'base64')));
        kid = (await trustListEntryFromBase64(b64, body.country)).kid;
      } catch {
        throw new AppError('VALIDATION_FAILED', {
          details: [{ path: 'body.certificate', messageKey: 'errors.field.invalidFormat' }],
        });
      }
      return deps.database.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(dccForeignSigners)
          .values({
            kid,
            country: body.country,
            certificateDer: b64,
            addedBy: access.actor.kind === 'user' ? access.actor.userId : null,
          })
          .onConflictDoUpdate({ target: dccForeignSigners.certificateDer, set: { active: 'yes' } })
          .returning({ id: dccForeignSigners.id });
        await writeAudit(tx, access, origin, {
          action: 'create',
          entity: 'dcc_foreign_signer',
          entityId: row!.id,
        });
        invalidateCaches();
        return { id: row!.id, kid };
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id/certificates',
    summary: "A person's certificates (within your jurisdiction)",
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    params: personParams,
    response: z.object({ items: z.array(certificateSummary) }),
    async handler({ deps, access, params, origin }) {
      const { db } = deps.database;
      const person = await personInScope(db, access, params.id);
      const items = (await certificatesOf(db, [person.id])).map(present);
      await writeAudit(db, access, origin, {
        action: 'read',
        entity: 'certificate',
        personId: person.id,
        fields: ['certificates'],
      });
      return { items };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/persons/:id/certificates',
    summary: 'Issue or reissue a certificate: vaccination (from the dose records), test or recovery',
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'certificate:issue' },
    personalData: true,
    successStatus: 201,
    params: personParams,
    body: z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('v') }),
      z.strictObject({
        type: z.literal('t'),
        testType: z.enum(['naat', 'rapidAntigen']),
        result: z.enum(['notDetected', 'detected']),
        sampledAt: z.coerce.date(),
        testName: z.string().max(80).optional(),
        deviceId: z.string().max(20).optional(),
        centre: z.string().max(80).optional(),
      }),
      z.strictObject({
        type: z.literal('r'),
        firstPositive: z.iso.date(),
        validFrom: z.iso.date(),
        validUntil: z.iso.date(),
      }),
    ]),
    response: z.object({ id: z.string(), uvci: z.string() }),
    async handler({ deps, access, params, body }) {
      return deps.database.db.transaction(async (tx) => {
        const person = await personInScope(tx, access, params.id);
        if (body.type === 'v') {
          const r = await issueVaccinationCertificate(tx, deps, access, person, { doseId: null });
          if (!r) throw new AppError('NOT_FOUND');
          return r;
        }
        if (body.type === 't') {
          const { type: _t, testType, ...rest } = body;
          return issueTestCertificate(tx, deps, access, person, { type: testType, ...rest });
        }
        const { type: _r, ...rec } = body;
        return issueRecoveryCertificate(tx, deps, access, person, rec);
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/certificates/:id/revoke',
    summary: 'Revoke a certificate (its UVCI hash joins the published revocation list)',
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'certificate:issue' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ reason: z.string().trim().min(1).max(300) }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ deps, access, params, body }) {
      return deps.database.db.transaction(async (tx) => {
        const [c] = await tx
          .select()
          .from(issuedCertificates)
          .where(and(eq(issuedCertificates.id, params.id), scopeFor(access, issuedCertificates)));
        if (!c) throw new AppError('NOT_FOUND');
        if (!c.revokedAt) await revokeCertificate(tx, access, c, body.reason);
        return { ok: true as const };
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/certificates/:id/pdf',
    summary: 'The printable certificate (PDF, bilingual) of a person in your jurisdiction',
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: null,
    async handler({ deps, access, params, reply, origin }) {
      const { db } = deps.database;
      const [c] = await db
        .select()
        .from(issuedCertificates)
        .where(and(eq(issuedCertificates.id, params.id), scopeFor(access, issuedCertificates)));
      if (!c) throw new AppError('NOT_FOUND');
      await writeAudit(db, access, origin, {
        action: 'export',
        entity: 'certificate',
        entityId: c.id,
        personId: c.personId,
        fields: ['certificate'],
      });
      await reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${c.id}.pdf"`)
        .send(await pdfOf(db, c));
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/certificates',
    summary: 'My certificates (and those of household members I am guardian of)',
    tags: ['certificates', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    response: z.object({ items: z.array(certificateSummary) }),
    async handler({ deps, access, origin }) {
      const ids = citizenPersonIds(access);
      if (ids.length === 0) return { items: [] };
      const { db } = deps.database;
      const items = (await certificatesOf(db, ids)).map(present);
      await writeAudit(db, access, origin, {
        action: 'read',
        entity: 'certificate',
        fields: ['certificates'],
      });
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/certificates/:id/pdf',
    summary: 'Download one of my certificates as a PDF',
    tags: ['certificates', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: null,
    async handler({ deps, access, params, reply, origin }) {
      const ids = citizenPersonIds(access);
      const { db } = deps.database;
      const [c] =
        ids.length === 0
          ? []
          : await db
              .select()
              .from(issuedCertificates)
              .where(and(eq(issuedCertificates.id, params.id), inArray(issuedCertificates.personId, ids)));
      if (!c) throw new AppError('NOT_FOUND');
      await writeAudit(db, access, origin, {
        action: 'export',
        entity: 'certificate',
        entityId: c.id,
        personId: c.personId,
        fields: ['certificate'],
      });
      await reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${c.id}.pdf"`)
        .send(await pdfOf(db, c));
      return undefined;
    },
  }),
];
