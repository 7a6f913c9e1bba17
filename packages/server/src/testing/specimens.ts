/**
 * Collecting a specimen: a barcode (pre-printed and checked, or a new one) is assigned to the
 * registration, which becomes `collected`; the label prints as PDF. A walk-in is registered and
 * collected in the same transaction.
 */
import { REGISTRATION_REASONS, SPECIMEN_TEST_TYPES } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { collectSpecimen, specimenLabelData, specimenWithResult } from './collect.ts';
import { labelPdf } from './label.ts';
import { register } from './register.ts';

const specimenSchema = z.object({
  id: z.string(),
  barcode: z.string(),
  personId: z.string(),
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  yearOfBirth: z.string().nullable(),
  resident: z.boolean(),
  testType: z.string(),
  diseaseCode: z.string(),
  collectedAt: z.date(),
  status: z.string(),
  poolId: z.string().nullable(),
  result: z.object({ outcome: z.string(), ct: z.number().nullable(), resultedAt: z.date() }).nullable(),
});

export const specimenRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/testing/specimens',
    summary:
      'Collect a specimen: for a booked registration, or a walk-in (registered here); assigns the barcode',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    successStatus: 201,
    body: z.union([
      z.strictObject({
        registrationId: z.uuid(),
        barcode: z.string().max(40).nullable().optional(),
      }),
      z.strictObject({
        personId: z.uuid(),
        siteId: z.uuid(),
        testType: z.enum(SPECIMEN_TEST_TYPES),
        reason: z.enum(REGISTRATION_REASONS),
        barcode: z.string().max(40).nullable().optional(),
      }),
    ]),
    response: z.object({ id: z.string(), barcode: z.string(), registrationId: z.string() }),
    async handler({ tx, access, origin, body, lang }) {
      const registrationId =
        'registrationId' in body ? body.registrationId : (await register(tx, access, origin, body)).id;
      const s = await collectSpecimen(tx, access, origin, { registrationId, barcode: body.barcode }, lang);
      return { ...s, registrationId };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/specimens/:barcode',
    summary: 'A specimen by its barcode (scan), with its person and result',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: true,
    params: z.strictObject({ barcode: z.string().max(40) }),
    response: z.object({ specimen: specimenSchema }),
    async handler({ tx, access, origin, params, lang }) {
      return { specimen: await specimenWithResult(tx, access, origin, params.barcode, lang) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/testing/specimens/:barcode/label.pdf',
    summary: 'The printable label of a specimen (PDF, 70 × 30 mm, QR barcode)',
    tags: ['testing'],
    auth: { kind: 'user', permission: 'testing:write' },
    personalData: true,
    params: z.strictObject({ barcode: z.string().max(40) }),
    response: null,
    async handler({ tx, access, origin, params, lang, reply }) {
      const label = await specimenLabelData(tx, access, origin, params.barcode, lang);
      const pdf = await labelPdf([label], lang);
      const s = label;
      await reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="label-${s.barcode}.pdf"`)
        .send(pdf);
      return undefined;
    },
  }),
];
