/**
 * Collecting a specimen: a barcode (pre-printed and checked, or a new one) is assigned to the
 * registration, which becomes `collected`; the label prints as PDF. A walk-in is registered and
 * collected in the same transaction.
 */
import { AppError, REGISTRATION_REASONS, SPECIMEN_TEST_TYPES, makeBarcode } from '@epilink/core';
import type { Language } from '@epilink/core';
import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { actorId, scopeFor } from '../access/context.ts';
import { readSiteSubjects } from '../access/site.ts';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { specimens, testRegistrations, testResults } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { enqueue } from '../outbox/outbox.ts';
import { labelPdf } from './label.ts';
import { register } from './registrations.ts';
import { checkedBarcode, specimenByBarcode } from './scope.ts';

/** Input of {@link collectSpecimen}. */
export interface CollectInput {
  registrationId: string;
  barcode?: string | null;
  collectedAt?: Date;
}

/** Collect a specimen for a booked registration of the caller's jurisdiction. */
export async function collectSpecimen(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: CollectInput,
  lang: Language = 'vi',
): Promise<{ id: string; barcode: string }> {
  const [reg] = await tx
    .select()
    .from(testRegistrations)
    .where(and(eq(testRegistrations.id, input.registrationId), scopeFor(access, testRegistrations)))
    .for('update');
  if (!reg) throw new AppError('NOT_FOUND');
  if (reg.status !== 'booked') throw new AppError('TEST_REGISTRATION_CLOSED');
  const given = input.barcode ? checkedBarcode(input.barcode, 'specimen', lang) : null;
  let row: { id: string; barcode: string } | undefined;
  for (let attempt = 0; !row && attempt < 8; attempt++) {
    const barcode = given ?? makeBarcode('specimen', randomInt(0, 1_000_000_000));
    [row] = await tx
      .insert(specimens)
      .values({
        barcode,
        personId: reg.personId,
        registrationId: reg.id,
        testType: reg.testType,
        diseaseCode: reg.diseaseCode,
        collectedAt: input.collectedAt ?? new Date(),
        siteId: reg.siteId,
        provinceCode: reg.provinceCode,
        districtCode: reg.districtCode,
        communeCode: reg.communeCode,
        collectedBy: actorId(access),
      })
      .onConflictDoNothing()
      .returning({ id: specimens.id, barcode: specimens.barcode });
    if (!row && given) throw new AppError('BARCODE_TAKEN');
  }
  if (!row) throw new AppError('CONFLICT');
  await tx
    .update(testRegistrations)
    .set({ status: 'collected', updatedAt: new Date() })
    .where(eq(testRegistrations.id, reg.id));
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'specimen',
    entityId: row.id,
    personId: reg.personId,
    fields: ['specimen'],
  });
  await enqueue(tx, 'testing.specimen_collected', {
    specimenId: row.id,
    personId: reg.personId,
    testType: reg.testType,
    communeCode: reg.communeCode,
  });
  return row;
}

const specimenSchema = z.object({
  id: z.string(),
  barcode: z.string(),
  personId: z.string(),
  fullName: z.string(),
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
    async handler({ deps, access, origin, body, lang }) {
      return deps.database.db.transaction(async (tx) => {
        const registrationId =
          'registrationId' in body ? body.registrationId : (await register(tx, access, origin, body)).id;
        const s = await collectSpecimen(tx, access, origin, { registrationId, barcode: body.barcode }, lang);
        return { ...s, registrationId };
      });
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
    async handler({ deps, access, origin, params, lang }) {
      const { db } = deps.database;
      const s = await specimenByBarcode(db, access, params.barcode, lang);
      // A specimen taken at a site of mine: the site rule (access/site.ts), audited per person.
      const p = (
        await readSiteSubjects(
          db,
          access,
          origin,
          { entity: 'specimen', entityId: s.id, fields: ['fullName', 'specimen', 'result'] },
          [s.personId],
        )
      ).get(s.personId);
      const [r] = await db.select().from(testResults).where(eq(testResults.specimenId, s.id));
      return { specimen: { ...s, fullName: p?.fullName ?? '', result: r ?? null } };
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
    async handler({ deps, access, origin, params, lang, reply }) {
      const { db } = deps.database;
      const s = await specimenByBarcode(db, access, params.barcode, lang);
      const p = (
        await readSiteSubjects(
          db,
          access,
          origin,
          { entity: 'specimen', entityId: s.id, fields: ['label', 'fullName', 'yearOfBirth'] },
          [s.personId],
        )
      ).get(s.personId);
      const pdf = await labelPdf(
        [
          {
            barcode: s.barcode,
            fullName: p?.fullName ?? '',
            yearOfBirth: p?.yearOfBirth ?? null,
            testType: s.testType,
            collectedAt: s.collectedAt,
          },
        ],
        lang,
      );
      await reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="label-${s.barcode}.pdf"`)
        .send(pdf);
      return undefined;
    },
  }),
];
