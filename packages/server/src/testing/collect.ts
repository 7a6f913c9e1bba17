/**
 * Collecting a specimen and reading one: a barcode (pre-printed and checked, or a new one) is
 * assigned to a booked registration of the caller's jurisdiction, which becomes `collected`, in the
 * request's transaction with its audit row and outbox event; a specimen read by barcode shows the
 * person by the site rule (access/site.ts), audited per person.
 */
import { AppError, makeBarcode } from '@epilink/core';
import type { Language } from '@epilink/core';
import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { actorId, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { readSiteSubjects } from '../access/site.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { specimenSubject } from './subject.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { specimens, testRegistrations, testResults } from '../db/schema/index.ts';
import { enqueue } from '../outbox/outbox.ts';
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

/** A specimen of the caller's jurisdiction by barcode, with its person's name and its result. */
export async function specimenWithResult(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  barcode: string,
  lang: Language,
) {
  const s = await specimenByBarcode(db, access, barcode, lang);
  // A specimen taken at a site of mine: the site rule (access/site.ts), audited per person; the
  // date of birth and masked identity number tell namesakes apart before a result is entered.
  const person = await specimenSubject(db, access, origin, s, ['specimen', 'result']);
  const [r] = await db.select().from(testResults).where(eq(testResults.specimenId, s.id));
  return { ...s, ...person, result: r ?? null };
}

/** What a specimen's label prints (name and year of birth by the site rule, audited). */
export async function specimenLabelData(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  barcode: string,
  lang: Language,
) {
  const s = await specimenByBarcode(db, access, barcode, lang);
  const p = (
    await readSiteSubjects(
      db,
      access,
      origin,
      { entity: 'specimen', entityId: s.id, fields: ['label', 'fullName', 'yearOfBirth'] },
      [s.personId],
    )
  ).get(s.personId);
  return {
    barcode: s.barcode,
    fullName: p?.fullName ?? '',
    yearOfBirth: p?.yearOfBirth ?? null,
    testType: s.testType,
    collectedAt: s.collectedAt,
  };
}
