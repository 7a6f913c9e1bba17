/**
 * The one seam between testing and cases (docs/tracing.md): an individual test result reaches
 * the case module inside the transaction that stores it.
 */
import { classifyCase, infectiousWindow, localDate } from '@epilink/core';
import type { TestEvidence } from '@epilink/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { auditInsertGroups, writeAudit } from '../audit/audit.ts';
import { holdCheckins } from '../checkin/overlap.ts';
import type { Tx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { deferWrites } from '../db/deferred.ts';
import { cases } from '../db/schema/index.ts';
import type { LiveEvent } from '../events/publish.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { updateDegreesAroundF0, updateDegreesFrom } from './graphIncremental.ts';
import { caseRule, epidemiologicalLinkOn } from './policy.ts';
import { proposeCheckinContacts, proposeHousehold, today } from './proposals.ts';
import { proposeForCase } from '../quarantine/propose.ts';
import { closeDeclarationFlags } from '../declarations/flags.ts';

/** An individual test result as the case module needs it. */
/** A result as the case keeps it in its evidence list. */
export function storedEvidence(intake: ResultIntake): StoredEvidence {
  return {
    resultId: intake.resultId,
    testType: intake.testType,
    outcome: intake.outcome,
    ct: intake.ct,
    sampledAt: intake.sampledAt.toISOString(),
  };
}

export interface ResultIntake {
  /** test_results.id */
  resultId: string;
  personId: string;
  /** 'COVID-19' */
  diseaseCode: string;
  testType: 'rtPcr' | 'rapidAntigen';
  outcome: 'positive' | 'negative' | 'invalid';
  /** RT-PCR only. */
  ct: number | null;
  /** Specimen collection time. */
  sampledAt: Date;
  /** From the registration (reason 'symptoms') when known. */
  symptomatic: boolean | null;
}

/** A stored piece of evidence: the test plus the result it came from. */
export type StoredEvidence = TestEvidence & { resultId: string };

/** The case's place: its person's jurisdiction columns (after following a merge). */
interface CasePerson {
  id: string;
  province_code: string;
  district_code: string | null;
  commune_code: string | null;
}

/** Each asked person id → its survivor's place (one statement for them all). */
async function personsOf(tx: Tx, personIds: readonly string[]): Promise<Map<string, CasePerson>> {
  const rows = await queryRows<CasePerson & { asked: string }>(
    tx,
    sql`select p.id::text as asked, s.id, s.province_code, s.district_code, s.commune_code from persons p
      join persons s on s.id = coalesce(p.merged_into, p.id)
      where p.id = any(${`{${[...new Set(personIds)].join(',')}}`}::uuid[])`,
  );
  return new Map(rows.map(({ asked, ...p }) => [asked, p]));
}

type CaseRow = typeof cases.$inferSelect;

/** The open case of a person for a disease, locked. */
async function openCaseOf(tx: Tx, personId: string, diseaseCode: string): Promise<CaseRow | undefined> {
  const [open] = await tx
    .select()
    .from(cases)
    .where(and(eq(cases.personId, personId), eq(cases.diseaseCode, diseaseCode), eq(cases.status, 'open')))
    .for('update');
  return open;
}

/**
 * The cases seam for the results stored in one transaction, in order (each result sees the ones
 * before it): THE seam — the UI's single result goes through it as a batch of one, an inbound
 * Bundle or a batch entry with all its results. Set-based where nothing depends on order:
 * declaration flags are closed for all results at once, the persons (after merges) and their open
 * cases (locked, in id order) are read in one statement each. A negative or invalid result of a
 * person with no open case and no positive in the batch changes nothing more (the common case,
 * done then). Every other result — a positive, or any result of a person with an open case or a
 * positive in the batch — goes through the one-result path below, in order, in this transaction.
 * The audit rows, outbox events and live events of all of it are written once at the end
 * (db/deferred.ts): the same rows, two statements.
 */
export async function applyTestResults(
  tx: Tx,
  access: Access,
  intakes: readonly ResultIntake[],
  origin: AuditOrigin,
): Promise<{ caseId: string | null }[]> {
  if (intakes.length === 0) return [];
  // The audit rows, outbox and live events of every step are written at the end, in two statements.
  return deferWrites(
    tx,
    () => applyInOrder(tx, access, intakes, origin),
    async ({ audit, outbox, events }) => {
      if (audit.length > 0) await tx.execute(auditInsertGroups(audit));
      await publishEvents(tx, events, outbox);
    },
  );
}

async function applyInOrder(
  tx: Tx,
  access: Access,
  intakes: readonly ResultIntake[],
  origin: AuditOrigin,
): Promise<{ caseId: string | null }[]> {
  // A result on a declaration's suggested test closes its flag (issue #15), whatever the case does.
  await closeDeclarationFlags(tx, access, origin, intakes);
  const people = await personsOf(
    tx,
    intakes.map((i) => i.personId),
  );
  const key = (personId: string, disease: string) => `${personId}|${disease}`;
  const survivors = [...new Set([...people.values()].map((p) => p.id))];
  const openRows = survivors.length
    ? await tx
        .select()
        .from(cases)
        .where(
          and(
            sql`${cases.personId} = any(${`{${survivors.join(',')}}`}::uuid[])`,
            inArray(cases.diseaseCode, [...new Set(intakes.map((i) => i.diseaseCode))]),
            eq(cases.status, 'open'),
          ),
        )
        .orderBy(cases.id)
        .for('update')
    : [];
  const open = new Map(openRows.map((c) => [key(c.personId, c.diseaseCode), c]));
  // Persons whose results the case module acts on: an open case, or a positive in the batch.
  const touched = new Set(open.keys());
  for (const i of intakes) {
    const p = people.get(i.personId);
    if (p && i.outcome === 'positive') touched.add(key(p.id, i.diseaseCode));
  }
  const seen = new Set<string>();
  const out: { caseId: string | null }[] = [];
  for (const intake of intakes) {
    const person = people.get(intake.personId);
    const k = person ? key(person.id, intake.diseaseCode) : '';
    if (!person || !touched.has(k)) {
      out.push({ caseId: null });
      continue;
    }
    // The first result of a person uses the case read above; a later one reads it again.
    const current = seen.has(k) ? await openCaseOf(tx, person.id, intake.diseaseCode) : open.get(k);
    seen.add(k);
    out.push(await applyToCase(tx, access, intake, origin, person, current));
  }
  return out;
}

/**
 * Called by testing in the SAME transaction that stores an individual result (never for a pool
 * result). Creates or updates the person's open case by the confirmation rule in force; a case
 * that becomes confirmed gets its contact proposals (household, check-in overlap in the
 * infectious window) in this transaction; a negative result or a Ct above the rule's threshold
 * ends the infectious window. Degrees of the component are recomputed, the change is audited,
 * outbox events enqueued and live events published (delivered on commit).
 * A negative or invalid result for someone without an open case changes nothing.
 * The batch of one of {@link applyTestResults}: the same rules whatever the number of results.
 */
export async function applyTestResult(
  tx: Tx,
  access: Access,
  intake: ResultIntake,
  origin: AuditOrigin,
): Promise<{ caseId: string | null }> {
  const [out] = await applyTestResults(tx, access, [intake], origin);
  return out!;
}

/** One result of a person with an open case (locked) or a positive result: the case's update. */
async function applyToCase(
  tx: Tx,
  access: Access,
  intake: ResultIntake,
  origin: AuditOrigin,
  person: CasePerson,
  open: CaseRow | undefined,
): Promise<{ caseId: string | null }> {
  if (!open && intake.outcome !== 'positive') return { caseId: null };

  const evidence = storedEvidence(intake);
  const previous = ((open?.evidence ?? []) as StoredEvidence[]).filter((e) => e.resultId !== intake.resultId);
  const tests = [...previous, evidence];
  const sampleDay = localDate(intake.sampledAt);
  const confirmationRule = await caseRule(tx, 'case.confirmationRule', sampleDay, intake.diseaseCode);
  const windowRule = await caseRule(tx, 'case.infectiousWindow', sampleDay, intake.diseaseCode);
  const symptomatic = intake.symptomatic ?? open?.symptomatic ?? null;
  // The caller supplies the epidemiological-link evidence: the person's own F1 status in the graph.
  const epidemiologicalLink = await epidemiologicalLinkOn(tx, person.id, intake.diseaseCode, sampleDay);
  // No rule in force on the sample date: flag the case, never apply another version.
  const missingRules = [
    ...(confirmationRule ? [] : ['case.confirmationRule']),
    ...(windowRule ? [] : ['case.infectiousWindow']),
  ];
  const classification = confirmationRule
    ? classifyCase({ tests, symptomatic, epidemiologicalLink }, confirmationRule.value)
    : 'suspected';
  // Confirmation is never taken back by a later result (a negative ends the window instead).
  const nextClass = open?.classification === 'confirmed' ? 'confirmed' : classification;
  const window = windowRule
    ? infectiousWindow({ tests, symptomatic, onsetDate: open?.onsetDate ?? null }, windowRule.value)
    : null;
  const becameConfirmed = nextClass === 'confirmed' && open?.classification !== 'confirmed';
  // Probable cases are traced too (WHO): contacts are proposed once a case is probable or confirmed.
  const traced = (c: string | undefined) => c === 'confirmed' || c === 'probable';
  const becameTraced = traced(nextClass) && !traced(open?.classification);
  const firstPositive = tests
    .filter((t) => t.outcome === 'positive')
    .map((t) => t.sampledAt)
    .sort()[0];
  const values = {
    classification: nextClass,
    ruleId: confirmationRule?.id ?? null,
    missingRules,
    evidence: tests,
    symptomatic,
    sampleDate: firstPositive ? localDate(new Date(firstPositive)) : (open?.sampleDate ?? sampleDay),
    infectiousFrom: window?.from ?? open?.infectiousFrom ?? null,
    infectiousTo: window ? window.to : (open?.infectiousTo ?? null),
    confirmedAt: becameConfirmed ? new Date() : (open?.confirmedAt ?? null),
    updatedAt: new Date(),
  };
  let caseId: string;
  if (open) {
    await tx.update(cases).set(values).where(eq(cases.id, open.id));
    caseId = open.id;
  } else {
    const [created] = await tx
      .insert(cases)
      .values({
        ...values,
        personId: person.id,
        diseaseCode: intake.diseaseCode,
        provinceCode: person.province_code,
        districtCode: person.district_code,
        communeCode: person.commune_code,
      })
      .returning({ id: cases.id });
    caseId = created!.id;
  }
  const place = {
    provinceCode: person.province_code,
    districtCode: person.district_code,
    communeCode: person.commune_code,
  };
  const events: LiveEvent[] = [{ kind: 'case', id: caseId, personId: person.id, caseId, place }];
  await writeAudit(tx, access, origin, {
    action: open ? 'update' : 'create',
    entity: 'case',
    entityId: caseId,
    personId: person.id,
    fields: ['classification', 'evidence', 'infectiousWindow'],
    details: { resultId: intake.resultId, classification: nextClass },
  });
  await enqueue(tx, open ? 'case.updated' : 'case.created', {
    caseId,
    personId: person.id,
    classification: nextClass,
  });

  if (becameConfirmed) {
    await enqueue(tx, 'case.confirmed', { caseId, personId: person.id, diseaseCode: intake.diseaseCode });
    await proposeForCase(tx, access, origin, caseId, today()); // home isolation (issue #16)
  }
  const proposedPeople: string[] = [];
  if (becameTraced) {
    const edge = { caseId, sourcePersonId: person.id, diseaseCode: intake.diseaseCode };
    const proposed = [
      ...(await proposeHousehold(tx, edge, sampleDay)),
      ...(values.infectiousFrom
        ? await proposeCheckinContacts(
            tx,
            edge,
            { from: values.infectiousFrom, to: values.infectiousTo },
            origin,
          )
        : []),
    ];
    if (proposed.length > 0) {
      await writeAudit(
        tx,
        access,
        origin,
        proposed.map((c) => ({
          action: 'create' as const,
          entity: 'contact',
          entityId: c.id,
          personId: c.personId ?? null,
          fields: ['proposal'],
          details: { caseId },
        })),
      );
      await enqueue(tx, 'contact.proposed', { caseId, contactIds: proposed.map((c) => c.id) });
    }
    events.push(...proposed);
    proposedPeople.push(...proposed.flatMap((c) => (c.personId ? [c.personId] : [])));
    // Keep the case's check-ins past retention while the investigation is open (released at close).
    if (values.infectiousFrom) {
      await holdCheckins(tx, access, {
        personId: person.id,
        from: values.infectiousFrom,
        to: values.infectiousTo ?? new Date(),
        investigation: `case:${caseId}`,
      });
    }
  }
  // A person who was not yet an F0 only adds to the graph (a new seed, new proposals); an F0's
  // window may have shrunk (a negative result): the edges out of it count differently. Both
  // incremental, from the people whose incoming edges changed.
  const statusEvents =
    open?.classification === 'confirmed'
      ? await updateDegreesAroundF0(tx, [person.id], intake.diseaseCode, proposedPeople)
      : await updateDegreesFrom(tx, [person.id, ...proposedPeople], intake.diseaseCode);
  if (statusEvents.length > 0) {
    await enqueue(tx, 'epi.status_changed', { personIds: statusEvents.map((e) => e.id) });
  }
  await publishEvents(tx, [...events, ...statusEvents]);
  return { caseId };
}
