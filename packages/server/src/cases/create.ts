/**
 * A case opened by an official without a test result yet (a suspected case: symptoms, an
 * epidemiological link). Results reaching it later through `applyTestResult` classify it.
 */
import { AppError, localDate } from '@epilink/core';
import { and, eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { cases, diseases, outbreaks, persons } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';

/** What an official gives to open a suspected case. */
export interface NewCase {
  personId: string;
  diseaseCode: string;
  symptomatic: boolean | null;
  onsetDate: string | null;
  outbreakId: string | null;
  note: string | null;
}

/** Open a suspected case for a person of the caller's jurisdiction (one open case per disease). */
export async function createCase(
  database: Db,
  access: Access,
  origin: AuditOrigin,
  input: NewCase,
): Promise<string> {
  return database.transaction(async (tx) => {
    const [person] = await tx
      .select()
      .from(persons)
      .where(and(eq(persons.id, input.personId), scopeFor(access, persons)));
    if (!person) throw new AppError('NOT_FOUND');
    if (person.mergedInto) throw new AppError('ALREADY_MERGED');
    const [disease] = await tx
      .select({ code: diseases.code })
      .from(diseases)
      .where(eq(diseases.code, input.diseaseCode));
    if (!disease) throw new AppError('UNKNOWN_CODE', { params: { code: input.diseaseCode } });
    if (input.outbreakId) {
      const [o] = await tx
        .select({ id: outbreaks.id })
        .from(outbreaks)
        .where(eq(outbreaks.id, input.outbreakId));
      if (!o) throw new AppError('UNKNOWN_CODE', { params: { code: input.outbreakId } });
    }
    const [open] = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(
        and(
          eq(cases.personId, person.id),
          eq(cases.diseaseCode, input.diseaseCode),
          eq(cases.status, 'open'),
        ),
      );
    if (open)
      throw new AppError('CONFLICT', { details: [{ path: 'personId', messageKey: 'errors.conflict' }] });
    const [row] = await tx
      .insert(cases)
      .values({
        personId: person.id,
        diseaseCode: input.diseaseCode,
        outbreakId: input.outbreakId,
        classification: 'suspected',
        symptomatic: input.symptomatic,
        onsetDate: input.onsetDate,
        sampleDate: null,
        note: input.note,
        provinceCode: person.provinceCode,
        districtCode: person.districtCode,
        communeCode: person.communeCode,
      })
      .returning({ id: cases.id });
    const caseId = row!.id;
    await writeAudit(tx, access, origin, {
      action: 'create',
      entity: 'case',
      entityId: caseId,
      personId: person.id,
      fields: ['classification', 'symptomatic', 'onsetDate'],
      details: { opened: localDate(new Date()) },
    });
    await enqueue(tx, 'case.created', { caseId, personId: person.id, classification: 'suspected' });
    await publishEvents(tx, [
      {
        kind: 'case',
        id: caseId,
        personId: person.id,
        caseId,
        place: {
          provinceCode: person.provinceCode,
          districtCode: person.districtCode,
          communeCode: person.communeCode,
        },
      },
    ]);
    return caseId;
  });
}
