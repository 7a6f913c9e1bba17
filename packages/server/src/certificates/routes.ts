import { AppError, translate } from '@epilink/core';
import { trustListEntryFromBase64 } from '@epilink/dcc';
import { z } from 'zod';
import { statusColourCatalogue } from '../healthbook/status.ts';
import { publishedStatusKeys } from '../healthbook/statusKey.ts';
import { defineRoute } from '../http/route.ts';
import { invalidateCaches, publishedTrustList, rotateSigner, signerValidity, verifierState } from './keys.ts';
import { certificatePersonRoutes } from './person-routes.ts';
import { importForeignSigner, listSigners } from './signer-admin.ts';
import { verifyWithState } from './verifier.ts';

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

export const certificateRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/certificates/verify',
    summary:
      'Verify an EU DCC (HC1) code: validity, the failing step and what it certifies (public, rate-limited)',
    tags: ['certificates'],
    auth: { kind: 'public' },
    personalData: false,
    // A POST only because the code travels in the body: it writes nothing. In the chain's
    // transaction every verification read the trust list and revocations again (the verifier state
    // is cached per database handle, and each transaction is a new one) and imported the signers' keys
    // again: ~3 ms a verification against ~0.13 ms for the check itself.
    ownTransaction:
      'read-only: a verification writes nothing, and outside a transaction it uses the cached verifier state',
    rateLimit: { max: 120, perSeconds: 60 },
    body: z.strictObject({ qr: z.string().min(1).max(8000) }),
    response: verifyResponse,
    async handler({ deps, body, lang }) {
      const state = await verifierState(deps.system('certificate verifier: trust list and revocations').db);
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
          notBefore: z.string(),
          notAfter: z.string(),
        }),
      ),
      revokedUciHashes: z.array(z.string()),
      /** The status card QR's verification keys and today's colours (#17 item 2). */
      statusKeys: z.array(z.object({ kid: z.string(), publicKey: z.string() })),
      statusColours: z.array(
        z.object({
          colour: z.string(),
          hex: z.string(),
          label: z.object({ vi: z.string(), en: z.string() }),
        }),
      ),
    }),
    async handler({ deps }) {
      const db = deps.system('published trust list (no personal data)').db;
      return {
        generatedAt: new Date(),
        ...(await publishedTrustList(db)),
        statusKeys: await publishedStatusKeys(deps.config),
        statusColours: await statusColourCatalogue(db),
      };
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
        z.object({
          id: z.string(),
          kid: z.string(),
          country: z.string(),
          active: z.string(),
          notBefore: z.string().nullable(),
          notAfter: z.string().nullable(),
        }),
      ),
    }),
    async handler({ tx }) {
      return listSigners(tx);
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
    async handler({ deps, tx, audit }) {
      const r = await rotateSigner(tx, deps.config);
      await audit({ action: 'create', entity: 'dcc_signer', entityId: r.kid });
      return r;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/certificates/foreign-signers',
    summary:
      'Import a foreign signer certificate (base64 DER) into the trust list; answers its kid and validity dates',
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
    response: z.object({ id: z.string(), kid: z.string(), notBefore: z.string(), notAfter: z.string() }),
    async handler({ access, tx, audit, body }) {
      const b64 = body.certificate.replace(/\s+/gu, '');
      let kid: string;
      let validity: { notBefore: string; notAfter: string };
      try {
        validity = signerValidity(b64);
        kid = (await trustListEntryFromBase64(b64, body.country)).kid;
      } catch {
        throw new AppError('VALIDATION_FAILED', {
          details: [{ path: 'body.certificate', messageKey: 'errors.field.invalidFormat' }],
        });
      }
      const id = await importForeignSigner(tx, {
        kid,
        country: body.country,
        certificateDer: b64,
        addedBy: access.actor.kind === 'user' ? access.actor.userId : null,
      });
      await audit({
        action: 'create',
        entity: 'dcc_foreign_signer',
        entityId: id,
        details: { kid, country: body.country, ...validity },
      });
      invalidateCaches();
      return { id, kid, ...validity };
    },
  }),
  ...certificatePersonRoutes,
];
