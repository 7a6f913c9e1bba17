/**
 * Pooled RT-PCR (core/testing/pool.ts): a pool takes collected PCR specimens up to the policy's
 * `testing.poolMaxSize`, only specimens registered for a reason in `testing.poolEligibleReasons`
 * (not symptoms, not contacts); its result is applied to every member in one transaction — negative:
 * each member gets an individual negative result (source `pool`, through the case seam);
 * positive or invalid: each member's specimen is recalled, a new `recall` registration is booked
 * at the site and the person is told by SMS.
 */
import { AppError, localDate, makeBarcode, poolEffect, poolRefusal, today, translate } from '@epilink/core';
import type { Language, TestOutcome } from '@epilink/core';
import { randomInt } from 'node:crypto';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { actorId, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AuditEntry, AuditOrigin } from '../audit/audit.ts';
import { readSiteSubjects } from '../access/site.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { persons, specimens, testPools, testRegistrations, testSites } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { enqueueNotification } from '../notify/notify.ts';
import { enqueue } from '../outbox/outbox.ts';
import { policyInForce } from '../policy/store.ts';
import { checkCt, storeResult } from './results.ts';
import { poolInScope, siteInScope, specimenByBarcode } from './scope.ts';

/** The largest pool the policy in force allows. */
export async function poolMaxSize(db: DbOrTx, diseaseCode: string): Promise<number> {
  const rule = await policyInForce(db, 'testing.poolMaxSize', today(), diseaseCode);
  return rule?.value ?? 10;
}

/** Number of specimens in each pool. */
export async function poolSizes(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: specimens.poolId, n: count() })
    .from(specimens)
    .where(inArray(specimens.poolId, ids))
    .groupBy(specimens.poolId);
  return new Map(rows.map((r) => [r.id ?? '', r.n]));
}

/** Open a pool at a site of the caller's jurisdiction, with a new pool barcode. */
export async function createPool(tx: DbOrTx, access: Access, origin: AuditOrigin, siteId: string) {
  const site = await siteInScope(tx, access, siteId);
  let row: { id: string; barcode: string } | undefined;
  for (let i = 0; !row && i < 8; i++)
    [row] = await tx
      .insert(testPools)
      .values({
        barcode: makeBarcode('pool', randomInt(0, 1_000_000_000)),
        siteId: site.id,
        provinceCode: site.provinceCode,
        districtCode: site.districtCode,
        communeCode: site.communeCode,
        createdBy: actorId(access),
      })
      .onConflictDoNothing()
      .returning({ id: testPools.id, barcode: testPools.barcode });
  if (!row) throw new AppError('CONFLICT');
  await writeAudit(tx, access, origin, { action: 'create', entity: 'test_pool', entityId: row.id });
  return row;
}

/** Add a specimen (by barcode) to an open pool, within the policy's size. */
export async function addToPool(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  poolId: string,
  barcode: string,
  lang: Language,
): Promise<{ size: number; max: number }> {
  const pool = await poolInScope(tx, access, poolId, true);
  const s = await specimenByBarcode(tx, access, barcode, lang, true);
  const [first] = await tx
    .select({ diseaseCode: specimens.diseaseCode })
    .from(specimens)
    .where(eq(specimens.poolId, pool.id))
    .limit(1);
  const size = (await poolSizes(tx, [pool.id])).get(pool.id) ?? 0;
  const max = await poolMaxSize(tx, s.diseaseCode);
  const eligible = await policyInForce(
    tx,
    'testing.poolEligibleReasons',
    localDate(new Date()),
    s.diseaseCode,
  );
  const [registration] = s.registrationId
    ? await tx
        .select({ reason: testRegistrations.reason })
        .from(testRegistrations)
        .where(eq(testRegistrations.id, s.registrationId))
    : [];
  const refusal = poolRefusal(
    { status: pool.status, size, diseaseCode: first?.diseaseCode ?? null },
    { ...s, reason: registration?.reason ?? null },
    max,
    eligible?.value ?? null,
  );
  if (refusal)
    throw new AppError('POOL_REFUSED', {
      params: { reason: translate(lang, `testing.pool.refusal.${refusal}`, { max }) },
      details: [{ path: 'barcode', messageKey: `testing.pool.refusal.${refusal}`, params: { max } }],
    });
  await tx.update(specimens).set({ poolId: pool.id }).where(eq(specimens.id, s.id));
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'specimen',
    entityId: s.id,
    personId: s.personId,
    fields: ['pool'],
    details: { poolId: pool.id },
  });
  return { size: size + 1, max };
}

/** What recording a pool result did. */
export interface PoolResultSummary {
  outcome: TestOutcome;
  cleared: number;
  recalled: number;
  caseIds: string[];
}

/** Record a pool's result and apply it to every member (see the module comment). */
export async function recordPoolResult(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  poolId: string,
  input: { outcome: TestOutcome; ct: number | null; resultedAt: Date },
  lang: Language,
): Promise<PoolResultSummary> {
  const pool = await poolInScope(tx, access, poolId, true);
  if (pool.status !== 'open' && pool.status !== 'closed') throw new AppError('RESULT_EXISTS');
  checkCt('rtPcr', input.ct, lang);
  const members = await tx
    .select()
    .from(specimens)
    .where(eq(specimens.poolId, pool.id))
    .orderBy(asc(specimens.barcode))
    .for('update');
  if (members.length === 0)
    throw new AppError('POOL_REFUSED', {
      params: { reason: translate(lang, 'testing.pool.refusal.notCollected') },
    });
  await tx
    .update(testPools)
    .set({ status: input.outcome, ct: input.ct, resultedAt: input.resultedAt })
    .where(eq(testPools.id, pool.id));
  const effect = poolEffect(input.outcome);
  const summary: PoolResultSummary = { outcome: input.outcome, cleared: 0, recalled: 0, caseIds: [] };
  const audit: AuditEntry[] = [
    {
      action: 'update',
      entity: 'test_pool',
      entityId: pool.id,
      fields: ['result'],
      details: { outcome: input.outcome },
    },
  ];
  const [site] = pool.siteId
    ? await tx.select({ name: testSites.name }).from(testSites).where(eq(testSites.id, pool.siteId))
    : [];
  for (const m of members) {
    if (m.status !== 'collected') continue;
    if (effect.kind === 'clear') {
      const r = await storeResult(tx, access, origin, m, {
        outcome: effect.memberOutcome,
        ct: null,
        resultedAt: input.resultedAt,
        source: 'pool',
        poolId: pool.id,
      });
      if (r.caseId) summary.caseIds.push(r.caseId);
      summary.cleared++;
      continue;
    }
    await tx.update(specimens).set({ status: 'recalled' }).where(eq(specimens.id, m.id));
    const [reg] = await tx
      .insert(testRegistrations)
      .values({
        personId: m.personId,
        siteId: m.siteId ?? pool.siteId!,
        testType: 'rtPcr',
        diseaseCode: m.diseaseCode,
        reason: 'recall',
        status: 'booked',
        registeredVia: 'staff',
        recallOfSpecimenId: m.id,
        provinceCode: m.provinceCode,
        districtCode: m.districtCode,
        communeCode: m.communeCode,
        createdBy: actorId(access),
      })
      .returning({ id: testRegistrations.id });
    const [person] = await tx
      .select({ fullName: persons.fullName, phone: persons.phone })
      .from(persons)
      .where(eq(persons.id, m.personId));
    if (person?.phone)
      await enqueueNotification(tx, {
        channel: 'sms',
        to: person.phone,
        subject: null,
        body: translate('vi', 'testing.sms.recall', { name: person.fullName, site: site?.name ?? '' }),
      });
    await enqueue(tx, 'testing.recalled', {
      personId: m.personId,
      specimenId: m.id,
      registrationId: reg!.id,
      poolId: pool.id,
      reason: effect.reason,
      communeCode: m.communeCode,
    });
    audit.push({
      action: 'create',
      entity: 'test_registration',
      entityId: reg!.id,
      personId: m.personId,
      fields: ['recall'],
      details: { poolId: pool.id, specimenId: m.id },
    });
    summary.recalled++;
  }
  await writeAudit(tx, access, origin, audit);
  await enqueue(tx, 'testing.pool_resulted', {
    poolId: pool.id,
    outcome: input.outcome,
    members: members.length,
    communeCode: pool.communeCode,
  });
  return summary;
}

const POOL_KEY: KeyPart[] = [
  { column: testPools.createdAt, type: 'timestamptz' },
  { column: testPools.id, type: 'uuid' },
];

/** A page of the pools of the caller's jurisdiction (of one status, if given), newest first, with their sizes. */
export async function listPools(
  db: DbOrTx,
  access: Access,
  input: { status?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const [k0, k1] = keyText(POOL_KEY);
  const rows = await db
    .select({ pool: testPools, k0: k0!, k1: k1! })
    .from(testPools)
    .where(
      and(
        input.status ? eq(testPools.status, input.status as 'open') : undefined,
        scopeFor(access, testPools),
        afterCursor(POOL_KEY, input.cursor, 'desc'),
      ),
    )
    .orderBy(...orderByKey(POOL_KEY, 'desc'))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (r) => [r.k0, r.k1]);
  const sizes = await poolSizes(
    db,
    page.items.map((r) => r.pool.id),
  );
  return {
    items: page.items.map((r) => ({ ...r.pool, size: sizes.get(r.pool.id) ?? 0 })),
    nextCursor: page.nextCursor,
  };
}

/** A pool of the caller's jurisdiction with its member specimens (people by the site rule, audited). */
export async function poolDetail(db: DbOrTx, access: Access, origin: AuditOrigin, poolId: string) {
  const pool = await poolInScope(db, access, poolId);
  const rows = await db
    .select({
      id: specimens.id,
      barcode: specimens.barcode,
      personId: specimens.personId,
      status: specimens.status,
      collectedAt: specimens.collectedAt,
    })
    .from(specimens)
    .where(eq(specimens.poolId, pool.id))
    .orderBy(asc(specimens.barcode));
  // Specimens pooled at a site of mine: the site rule (access/site.ts), audited per person.
  const subjects = await readSiteSubjects(
    db,
    access,
    origin,
    { entity: 'test_pool', entityId: pool.id, fields: ['members', 'fullName'] },
    rows.map((m) => m.personId),
  );
  const members = rows.map((m) => ({ ...m, fullName: subjects.get(m.personId)?.fullName ?? '' }));
  return {
    pool: { ...pool, size: members.length },
    maxSize: await poolMaxSize(db, pool.diseaseCode),
    members,
  };
}

/** Close an open pool of the caller's jurisdiction (no more specimens; it goes to the lab). */
export async function closePool(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  poolId: string,
): Promise<void> {
  const pool = await poolInScope(tx, access, poolId, true);
  if (pool.status === 'open')
    await tx.update(testPools).set({ status: 'closed' }).where(eq(testPools.id, pool.id));
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'test_pool',
    entityId: pool.id,
    fields: ['status'],
  });
}

/** {@link addToPool} in a savepoint of the request's transaction (the route's `tx`). */
export function addToPoolIn(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  poolId: string,
  barcode: string,
  lang: Language,
): Promise<{ size: number; max: number }> {
  return tx.transaction((sp) => addToPool(sp, access, origin, poolId, barcode, lang));
}

/** {@link recordPoolResult} in a savepoint of the request's transaction (the route's `tx`). */
export function recordPoolResultIn(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  poolId: string,
  input: { outcome: TestOutcome; ct: number | null; resultedAt: Date },
  lang: Language,
): Promise<PoolResultSummary> {
  return tx.transaction((sp) => recordPoolResult(sp, access, origin, poolId, input, lang));
}
