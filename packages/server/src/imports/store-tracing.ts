/**
 * Cases and contacts from a commune's line lists, through the cases module's own paths.
 * - A case row: its person through record linkage, then `createCase` (a suspected case, one open
 *   case per person and disease, audited, `case.created` in the outbox, a live event) in a
 *   savepoint; a person who already has an open case of the disease adds nothing.
 * - A contact row names its case by the case's id or by the CCCD of its person (their latest
 *   open case), within the importer's jurisdiction; the contact person goes through record
 *   linkage and the edge is proposed as the interview's named contacts are (`insertProposals`:
 *   status `proposed` for a tracer to confirm, `contact.proposed` in the outbox, degrees updated
 *   from the people touched, live events). An edge that exists already adds nothing.
 */
import { AppError } from '@epilink/core';
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { createCase } from '../cases/create.ts';
import { updateDegreesFrom } from '../cases/graphIncremental.ts';
import { insertProposals } from '../cases/proposals.ts';
import type { Proposal } from '../cases/proposals.ts';
import type { Tx } from '../db/client.ts';
import { cases, persons } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { ORIGIN, linkPeople, personOf, refusal, text } from './store-common.ts';
import type { Good, Refused, StoreEnv, StoreOutcome } from './store-common.ts';

/** Store a batch of case rows (see the module comment). */
export async function storeCases(tx: Tx, env: StoreEnv, rows: Good[]): Promise<StoreOutcome> {
  const refused: Refused[] = [];
  const unchanged: Good[] = [];
  const dated: Good[] = [];
  for (const g of rows) {
    const onset = text(g.values.onsetDate);
    if (onset !== null && onset > String(g.values.reportDate))
      refused.push(refusal(env, g, 'onsetDate', 'onsetAfterReport'));
    else dated.push(g);
  }
  const { outcomes, reviews } = await linkPeople(tx, env, dated);
  for (const [i, g] of dated.entries()) {
    const onsetDate = text(g.values.onsetDate);
    try {
      await createCase(tx, env.access, ORIGIN, {
        personId: personOf(outcomes[i]!),
        diseaseCode: String(g.values.disease),
        symptomatic: onsetDate === null ? null : true,
        onsetDate,
        outbreakId: null,
        note: null,
      });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.code === 'CONFLICT') unchanged.push(g);
      else refused.push(refusal(env, g, 'disease', 'refused'));
    }
  }
  return { reviews, refused, unchanged };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

interface CaseRef {
  id: string;
  personId: string;
  diseaseCode: string;
}

/** The cases the rows name (by id, or by their person's CCCD: the latest open case), in scope. */
async function casesNamed(tx: Tx, env: StoreEnv, rows: Good[]): Promise<Map<string, CaseRef>> {
  const codes = [...new Set(rows.map((g) => String(g.values.caseCode).trim()))];
  const ids = codes.filter((c) => UUID.test(c)).map((c) => c.toLowerCase());
  const cccds = codes.filter((c) => /^\d{12}$/u.test(c));
  const by: SQL[] = [];
  if (ids.length) by.push(inArray(cases.id, ids));
  if (cccds.length) by.push(and(inArray(persons.cccd, cccds), eq(cases.status, 'open'))!);
  if (by.length === 0) return new Map();
  const found = await tx
    .select({ id: cases.id, personId: cases.personId, diseaseCode: cases.diseaseCode, cccd: persons.cccd })
    .from(cases)
    .innerJoin(persons, eq(persons.id, cases.personId))
    .where(and(scopeFor(env.access, cases), or(...by)))
    .orderBy(desc(cases.createdAt));
  const named = new Map<string, CaseRef>();
  for (const c of found) {
    const ref = { id: c.id, personId: c.personId, diseaseCode: c.diseaseCode };
    if (ids.includes(c.id)) named.set(c.id, ref);
    if (c.cccd && cccds.includes(c.cccd) && !named.has(c.cccd)) named.set(c.cccd, ref);
  }
  return named;
}

/** Store a batch of contact rows (see the module comment). */
export async function storeContacts(tx: Tx, env: StoreEnv, rows: Good[]): Promise<StoreOutcome> {
  const named = await casesNamed(tx, env, rows);
  const caseOf = (g: Good) => {
    const code = String(g.values.caseCode).trim();
    return named.get(UUID.test(code) ? code.toLowerCase() : code);
  };
  const refused: Refused[] = rows
    .filter((g) => !caseOf(g))
    .map((g) => refusal(env, g, 'caseCode', 'noSuchCase'));
  const linked = rows.filter((g) => caseOf(g));
  const { outcomes, reviews } = await linkPeople(tx, env, linked);
  const unchanged: Good[] = [];
  const byCase = new Map<string, { ref: CaseRef; rows: { g: Good; personId: string }[] }>();
  for (const [i, g] of linked.entries()) {
    const ref = caseOf(g)!;
    const personId = personOf(outcomes[i]!);
    if (personId === ref.personId) {
      refused.push(refusal(env, g, 'fullName', 'contactIsCase'));
      continue;
    }
    const entry = byCase.get(ref.id) ?? { ref, rows: [] };
    entry.rows.push({ g, personId });
    byCase.set(ref.id, entry);
  }
  for (const { ref, rows: named } of byCase.values()) {
    const proposals: Proposal[] = named.map(({ g, personId }) => ({
      personId,
      exposureType: 'other',
      exposureDate: String(g.values.lastContactDate),
      durationMinutes: null,
      source: 'manual',
      venueId: null,
    }));
    const edge = { caseId: ref.id, sourcePersonId: ref.personId, diseaseCode: ref.diseaseCode };
    const proposed = await insertProposals(tx, edge, proposals);
    // The first row naming a person makes the edge; an edge there before (or twice) adds nothing.
    const fresh = new Set(proposed.map((c) => c.personId));
    for (const { g, personId } of named) {
      if (fresh.has(personId)) fresh.delete(personId);
      else unchanged.push(g);
    }
    if (proposed.length === 0) continue;
    await writeAudit(
      tx,
      env.access,
      ORIGIN,
      proposed.map((c) => ({
        action: 'create' as const,
        entity: 'contact',
        entityId: c.id,
        personId: c.personId ?? null,
        fields: ['proposal'],
        details: { caseId: ref.id, source: 'import', importJob: env.job.id },
      })),
    );
    await enqueue(tx, 'contact.proposed', { caseId: ref.id, contactIds: proposed.map((c) => c.id) });
    const statusEvents = await updateDegreesFrom(
      tx,
      [ref.personId, ...proposed.flatMap((c) => (c.personId ? [c.personId] : []))],
      ref.diseaseCode,
    );
    await publishEvents(tx, [...proposed, ...statusEvents]);
  }
  return { reviews, refused, unchanged };
}
