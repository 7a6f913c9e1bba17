/**
 * A person's standing at the vaccination desk (#19 item 3): before a dose is recorded the
 * vaccinator sees whether the person is a case (F0) or in isolation, an F1 under monitoring or in
 * quarantine, or had a positive test recently, and what the rule in force
 * (`vaccination.statusDeferral`) says to do on the session's day. The person is looked up in the
 * caller's jurisdiction (as for a dose: outside it, 404) and the read is audited.
 */
import { AppError, deferralAdvice, localDay, localTime } from '@epilink/core';
import type { DeferralAdvice, VaccinationStanding } from '@epilink/core';
import { and, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { personEpiStatus, persons, quarantineOrders, testResults } from '../db/schema/index.ts';
import { policyInForce } from '../policy/store.ts';

/** COVID-19: the disease of the vaccination catalogue. */
const DISEASE = 'COVID-19';

/** The standing and the advice for a dose on `day`. */
export async function vaccinationStanding(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  personId: string,
  day: string,
): Promise<VaccinationStanding & { day: string; advice: DeferralAdvice; ruleSource: string | null }> {
  const [person] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, personId), isNull(persons.mergedInto), scopeFor(access, persons)));
  if (!person) throw new AppError('NOT_FOUND');
  const [epi] = await db
    .select({ status: personEpiStatus.status })
    .from(personEpiStatus)
    .where(and(eq(personEpiStatus.personId, person.id), eq(personEpiStatus.diseaseCode, DISEASE)));
  const [order] = await db
    .select({ role: quarantineOrders.role, kind: quarantineOrders.kind, endDate: quarantineOrders.endDate })
    .from(quarantineOrders)
    .where(
      and(
        eq(quarantineOrders.personId, person.id),
        eq(quarantineOrders.diseaseCode, DISEASE),
        inArray(quarantineOrders.status, ['proposed', 'active']),
      ),
    )
    .orderBy(desc(quarantineOrders.endDate))
    .limit(1);
  // The latest positive sample up to the end of the dose day (a later one is not known yet).
  const [positive] = await db
    .select({ sampledAt: testResults.sampledAt })
    .from(testResults)
    .where(
      and(
        eq(testResults.personId, person.id),
        eq(testResults.diseaseCode, DISEASE),
        eq(testResults.outcome, 'positive'),
        lte(testResults.sampledAt, localTime(day, 23, 59)),
      ),
    )
    .orderBy(desc(testResults.sampledAt))
    .limit(1);
  const standing: VaccinationStanding = {
    epiStatus: epi?.status ?? null,
    order: order ?? null,
    lastPositiveOn: positive ? localDay(positive.sampledAt) : null,
  };
  const rule = await policyInForce(db, 'vaccination.statusDeferral', day, DISEASE);
  await writeAudit(db, access, origin, {
    action: 'read',
    entity: 'vaccination_standing',
    personId: person.id,
    fields: ['epiStatus', 'quarantineOrder', 'lastPositiveTest'],
  });
  return {
    ...standing,
    day,
    advice: deferralAdvice(standing, rule?.value, day),
    ruleSource: rule?.source.document ?? null,
  };
}
