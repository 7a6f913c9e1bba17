/**
 * Inbound results of a transaction Bundle, set-based: what `register` → `collectSpecimen` →
 * `enterResult` → `storeResult` write one result at a time, written for all new specimens of the
 * Bundle at once, in the Bundle's transaction — one insert each for registrations, specimens and
 * results (named statements, the rows as one JSON parameter: db/bulk.ts#preparedBulkInsert), the same audit
 * entries, outbox events (topics and payloads) and indicator live events as the seams write. The
 * same checks run first (person live and in the key's jurisdiction, Ct valid for the test,
 * resulted not before collected, a given barcode valid and free). Then all results go through
 * `applyTestResults` — the cases seam itself (the UI's single result is its batch of one), in
 * order — so a positive makes or updates the case and proposes its contacts as from the UI, and
 * the negatives of people without a case cost three statements for the whole Bundle. The audit
 * rows, outbox and live events of both (the results' first, then the seam's, in the order they
 * were written) are sent once at the end (db/deferred.ts): one audit insert, one statement for
 * the live events and outbox rows, one for the notifications.
 */
import { AppError, makeBarcode } from '@epilink/core';
import type { Language, TestOutcome } from '@epilink/core';
import { randomInt, randomUUID } from 'node:crypto';
import { and, inArray, isNull } from 'drizzle-orm';
import { actorId, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { auditInsertGroups, writeAudit } from '../audit/audit.ts';
import type { AuditEntry, AuditOrigin } from '../audit/audit.ts';
import { applyTestResults } from '../cases/intake.ts';
import { preparedBulkInsert } from '../db/bulk.ts';
import type { Tx } from '../db/client.ts';
import { deferWrites } from '../db/deferred.ts';
import type { DeferredWrites } from '../db/deferred.ts';
import { queryNamed } from '../db/named.ts';
import { persons, specimens, testRegistrations, testResults } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueueMany } from '../outbox/outbox.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';
import { checkedBarcode } from '../testing/scope.ts';
import { checkCt } from '../testing/results.ts';

/** One inbound result on a new specimen. */
export interface InboundResult {
  personId: string;
  testType: 'rtPcr' | 'rapidAntigen';
  outcome: TestOutcome;
  ct: number | null;
  collectedAt: Date;
  resultedAt: Date;
  /** The barcode the Bundle gave (free in the database, once in the Bundle), else one is made. */
  barcode: string | null;
}

const DISEASE = 'COVID-19';

// The three inserts, each one named statement with the rows as one JSON parameter (db/bulk.ts).
const registrationInsert = preparedBulkInsert(testRegistrations, [
  'id',
  'personId',
  'siteId',
  'sessionId',
  'testType',
  'reason',
  'status',
  'registeredVia',
  'provinceCode',
  'districtCode',
  'communeCode',
  'createdBy',
  'updatedAt',
]);
const specimenInsert = preparedBulkInsert(
  specimens,
  [
    'id',
    'barcode',
    'personId',
    'registrationId',
    'testType',
    'diseaseCode',
    'collectedAt',
    'siteId',
    'status',
    'provinceCode',
    'districtCode',
    'communeCode',
    'collectedBy',
  ],
  'on conflict do nothing returning id::text as id',
);
const resultInsert = preparedBulkInsert(testResults, [
  'id',
  'specimenId',
  'personId',
  'testType',
  'diseaseCode',
  'outcome',
  'ct',
  'sampledAt',
  'resultedAt',
  'source',
  'provinceCode',
  'districtCode',
  'communeCode',
  'enteredBy',
]);

/** Insert specimens; random barcodes that collide are drawn again (as collectSpecimen does). */
async function insertSpecimens(
  tx: Tx,
  rows: (typeof specimens.$inferInsert & { given: boolean })[],
): Promise<void> {
  let pending = rows;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === 8) throw new AppError('CONFLICT');
    // The rows go as they are: `given` is no column of the record set, so it is not read.
    const stored = await specimenInsert.run<{ id: string }>(tx, pending);
    const done = new Set(stored.map((s) => s.id));
    pending = pending.filter((r) => !done.has(r.id!));
    if (pending.some((r) => r.given)) throw new AppError('BARCODE_TAKEN');
    for (const r of pending) r.barcode = makeBarcode('specimen', randomInt(0, 1_000_000_000));
  }
}

/**
 * Store the results (see the module comment); returns each result's id, in input order. A
 * person not live in the key's jurisdiction → NOT_FOUND, as `register` would; nothing is kept
 * (the Bundle's transaction rolls back).
 */
export async function storeInboundResults(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  siteId: string,
  items: readonly InboundResult[],
  lang: Language,
): Promise<string[]> {
  if (items.length === 0) return [];
  for (const it of items) {
    checkCt(it.testType, it.ct, lang);
    if (it.resultedAt.getTime() < it.collectedAt.getTime() - 60_000)
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: 'resultedAt', messageKey: 'testing.rowReason.beforeCollection' }],
      });
  }
  const people = await tx
    .select({
      id: persons.id,
      provinceCode: persons.provinceCode,
      districtCode: persons.districtCode,
      communeCode: persons.communeCode,
    })
    .from(persons)
    .where(
      and(
        inArray(persons.id, [...new Set(items.map((i) => i.personId))]),
        isNull(persons.mergedInto),
        scopeFor(access, persons),
      ),
    );
  const place = new Map(people.map((p) => [p.id, p]));
  const by = actorId(access);
  const via = access.actor.kind === 'citizen' ? ('citizen' as const) : ('staff' as const);
  const rows = items.map((it) => {
    const p = place.get(it.personId);
    if (!p) throw new AppError('NOT_FOUND');
    const where = { provinceCode: p.provinceCode, districtCode: p.districtCode, communeCode: p.communeCode };
    return {
      it,
      where,
      registrationId: randomUUID(),
      specimenId: randomUUID(),
      resultId: randomUUID(),
      barcode: it.barcode ? checkedBarcode(it.barcode, 'specimen', lang) : null,
    };
  });
  const now = new Date();
  // The audit rows, outbox events and live events of the results and of the cases seam below are
  // collected and written at the end, in three statements (db/deferred.ts; nothing reads them back).
  await deferWrites(
    tx,
    () => storeAndApply(tx, access, origin, siteId, rows, { by, via, now }),
    (writes) => flushWrites(tx, writes),
  );
  return rows.map((r) => r.resultId);
}

/** What storeInboundResults writes for one result (its ids, place and checked barcode). */
interface ResultRow {
  it: InboundResult;
  where: { provinceCode: string; districtCode: string | null; communeCode: string | null };
  registrationId: string;
  specimenId: string;
  resultId: string;
  barcode: string | null;
}

/**
 * The deferred writes of a Bundle's results: the audit rows in one insert, the live events and
 * outbox rows in one more (and the notifications in a third when they need several).
 */
async function flushWrites(tx: Tx, { audit, outbox, events }: DeferredWrites): Promise<void> {
  // Named (one text whatever the rows): parsed and planned once per connection.
  if (audit.length > 0) await queryNamed(tx, 'epilink_audit_groups', auditInsertGroups(audit));
  await publishEvents(tx, events, outbox);
}

/** The inserts, their audit rows and events, then the cases seam (writes deferred by the caller). */
async function storeAndApply(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  siteId: string,
  rows: readonly ResultRow[],
  { by, via, now }: { by: string | null; via: 'citizen' | 'staff'; now: Date },
): Promise<void> {
  await registrationInsert.run(
    tx,
    rows.map((r) => ({
      id: r.registrationId,
      personId: r.it.personId,
      siteId,
      sessionId: null,
      testType: r.it.testType,
      reason: 'screening' as const,
      // Registered, collected and resulted in this transaction: stored in its final state.
      status: 'collected' as const,
      registeredVia: via,
      ...r.where,
      createdBy: by,
      updatedAt: now,
    })),
  );
  await insertSpecimens(
    tx,
    rows.map((r) => ({
      id: r.specimenId,
      barcode: r.barcode ?? makeBarcode('specimen', randomInt(0, 1_000_000_000)),
      given: r.barcode !== null,
      personId: r.it.personId,
      registrationId: r.registrationId,
      testType: r.it.testType,
      diseaseCode: DISEASE,
      collectedAt: r.it.collectedAt,
      siteId,
      status: 'resulted' as const,
      ...r.where,
      collectedBy: by,
    })),
  );
  await resultInsert.run(
    tx,
    rows.map((r) => ({
      id: r.resultId,
      specimenId: r.specimenId,
      personId: r.it.personId,
      testType: r.it.testType,
      diseaseCode: DISEASE,
      outcome: r.it.outcome,
      ct: r.it.ct,
      sampledAt: r.it.collectedAt,
      resultedAt: r.it.resultedAt,
      source: 'entry' as const,
      ...r.where,
      enteredBy: by,
    })),
  );
  const audit: AuditEntry[] = rows.flatMap((r) => [
    {
      action: 'create' as const,
      entity: 'test_registration',
      entityId: r.registrationId,
      personId: r.it.personId,
      fields: ['registration'],
    },
    {
      action: 'create' as const,
      entity: 'specimen',
      entityId: r.specimenId,
      personId: r.it.personId,
      fields: ['specimen'],
    },
    {
      action: 'create' as const,
      entity: 'test_result',
      entityId: r.resultId,
      personId: r.it.personId,
      fields: ['outcome', 'ct'],
      details: { source: 'entry' },
    },
  ]);
  await writeAudit(tx, access, origin, audit);
  const events: { topic: OutboxTopic; payload: Record<string, unknown> }[] = rows.flatMap((r) => [
    {
      topic: 'testing.registered' as const,
      payload: {
        registrationId: r.registrationId,
        personId: r.it.personId,
        siteId,
        sessionId: null,
        via,
        communeCode: r.where.communeCode,
      },
    },
    {
      topic: 'testing.specimen_collected' as const,
      payload: {
        specimenId: r.specimenId,
        personId: r.it.personId,
        testType: r.it.testType,
        communeCode: r.where.communeCode,
      },
    },
    {
      topic: 'testing.result_recorded' as const,
      payload: {
        resultId: r.resultId,
        specimenId: r.specimenId,
        personId: r.it.personId,
        diseaseCode: DISEASE,
        testType: r.it.testType,
        outcome: r.it.outcome,
        source: 'entry',
        communeCode: r.where.communeCode,
      },
    },
  ]);
  await enqueueMany(tx, events);
  await publishEvents(
    tx,
    rows.map((r) => ({ kind: 'indicator' as const, id: r.resultId, place: r.where })),
  );
  // The cases seam for all results at once, in order (a person's second result sees the first).
  await applyTestResults(
    tx,
    access,
    rows.map((r) => ({
      resultId: r.resultId,
      personId: r.it.personId,
      diseaseCode: DISEASE,
      testType: r.it.testType,
      outcome: r.it.outcome,
      ct: r.it.ct,
      sampledAt: r.it.collectedAt,
      symptomatic: null, // registered for screening: not 'symptoms'
    })),
    origin,
  );
}
