/**
 * Certificates of people: issue (vaccination from the dose records, test from a stored result,
 * recovery from a confirmed case, free entry under its own audited permission), revoke, PDF, and
 * the citizen's own certificates.
 */
import { AppError } from '@epilink/core';
import { base45Decode, decodeCose, decodeCwt, decompress, unprefix } from '@epilink/dcc';
import type { HealthCertificate } from '@epilink/dcc';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { citizenPersonIds } from '../access/context.ts';
import { issuedCertificates, persons } from '../db/schema/index.ts';
import type { RequestData } from '../http/data.ts';
import { defineRoute } from '../http/route.ts';
import { certificateOfPersons } from './citizen-reads.ts';
import { certificatesOf, issueVaccinationCertificate, revokeCertificate } from './issue.ts';
import { certificatePdf } from './pdf.ts';
import {
  issueRecoveryFromCase,
  issueRecoveryFromFreeEntry,
  issueTestFromFreeEntry,
  issueTestFromResult,
} from './sources.ts';

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

async function pdfOf(row: CertRow): Promise<Buffer> {
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

const personParams = z.strictObject({ id: z.uuid() });

/** A (not merged) person inside the caller's jurisdiction, or NOT_FOUND. */
async function personInScope(data: RequestData, id: string) {
  const [person] = await data.persons(and(eq(persons.id, id), isNull(persons.mergedInto)));
  if (!person) throw new AppError('NOT_FOUND');
  return person;
}

/** A certificate of a person inside the caller's jurisdiction, or NOT_FOUND. */
async function certificateInScope(data: RequestData, id: string) {
  const [c] = await data.select(issuedCertificates, eq(issuedCertificates.id, id));
  if (!c) throw new AppError('NOT_FOUND');
  return c;
}

const evidence = z.string().trim().min(3).max(300);
const country = z
  .string()
  .regex(/^[A-Z]{2}$/u)
  .optional();

/**
 * What a certificate is issued from: `v` the dose records, `t` a stored test result, `r` a
 * confirmed case; `tFreeEntry` / `rFreeEntry` typed-in data (e.g. a foreign result), which needs
 * `certificate:issue_unverified` and names its evidence for the audit row.
 */
const issueBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('v') }),
  z.strictObject({ type: z.literal('t'), testResultId: z.uuid() }),
  z.strictObject({ type: z.literal('r'), caseId: z.uuid() }),
  z.strictObject({
    type: z.literal('tFreeEntry'),
    testType: z.enum(['naat', 'rapidAntigen']),
    result: z.enum(['notDetected', 'detected']),
    sampledAt: z.coerce.date(),
    testName: z.string().max(80).optional(),
    deviceId: z.string().max(20).optional(),
    centre: z.string().max(80).optional(),
    country,
    evidence,
  }),
  z.strictObject({
    type: z.literal('rFreeEntry'),
    firstPositive: z.iso.date(),
    validFrom: z.iso.date(),
    validUntil: z.iso.date(),
    country,
    evidence,
  }),
]);

/** The person and citizen certificate routes (part of `certificateRoutes`). */
export const certificatePersonRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id/certificates',
    summary: "A person's certificates (within your jurisdiction)",
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    params: personParams,
    response: z.object({ items: z.array(certificateSummary) }),
    async handler({ data, tx, audit, params }) {
      const person = await personInScope(data, params.id);
      const items = (await certificatesOf(tx, [person.id])).map(present);
      await audit({
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
    summary:
      'Issue or reissue a certificate: vaccination from the dose records, test from a stored result, recovery from a confirmed case; free entry needs certificate:issue_unverified (audited)',
    tags: ['certificates'],
    auth: { kind: 'user', permission: 'certificate:issue' },
    personalData: true,
    successStatus: 201,
    params: personParams,
    body: issueBody,
    response: z.object({ id: z.string(), uvci: z.string() }),
    async handler({ deps, data, tx, access, params, body, origin }) {
      const person = await personInScope(data, params.id);
      switch (body.type) {
        case 'v': {
          const r = await issueVaccinationCertificate(tx, deps, access, person, { doseId: null });
          if (!r) throw new AppError('NOT_FOUND');
          return r;
        }
        case 't':
          return issueTestFromResult(tx, deps, access, person, body.testResultId);
        case 'r':
          return issueRecoveryFromCase(tx, deps, access, person, body.caseId);
        case 'tFreeEntry': {
          const { type: _t, ...entry } = body;
          return issueTestFromFreeEntry(tx, deps, access, origin, person, entry);
        }
        case 'rFreeEntry': {
          const { type: _r, ...entry } = body;
          return issueRecoveryFromFreeEntry(tx, deps, access, origin, person, entry);
        }
      }
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
    async handler({ data, tx, access, params, body }) {
      const c = await certificateInScope(data, params.id);
      if (!c.revokedAt) await revokeCertificate(tx, access, c, body.reason);
      return { ok: true as const };
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
    async handler({ data, audit, params, reply }) {
      const c = await certificateInScope(data, params.id);
      await audit({
        action: 'export',
        entity: 'certificate',
        entityId: c.id,
        personId: c.personId,
        fields: ['certificate'],
      });
      await reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${c.id}.pdf"`)
        .send(await pdfOf(c));
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
    async handler({ tx, access, audit }) {
      const ids = citizenPersonIds(access);
      if (ids.length === 0) return { items: [] };
      const items = (await certificatesOf(tx, ids)).map(present);
      // One row per person whose certificates were read (self and wards: a handful).
      await audit(
        ids.map((personId) => ({
          action: 'read' as const,
          entity: 'certificate',
          personId,
          fields: ['certificates'],
        })),
      );
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
    async handler({ tx, access, audit, params, reply }) {
      const c = await certificateOfPersons(tx, citizenPersonIds(access), params.id);
      if (!c) throw new AppError('NOT_FOUND');
      await audit({
        action: 'export',
        entity: 'certificate',
        entityId: c.id,
        personId: c.personId,
        fields: ['certificate'],
      });
      await reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${c.id}.pdf"`)
        .send(await pdfOf(c));
      return undefined;
    },
  }),
];
