/**
 * The flag of a declaration from triage to result: the suggested test (a site of the commune, or
 * else of its district, with the next slot that has a place), its confirmation in one tap (a real
 * test registration through testing's `register`), and its closing when a result arrives on that
 * registration (called from `applyTestResults`, in the result's transaction).
 */
import { AppError } from '@epilink/core';
import type { RegistrationReason } from '@epilink/core';
import { eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { citizenPersonIds, systemAccess } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { MicroBatcher } from '../db/microBatch.ts';
import { queryNamed } from '../db/named.ts';
import { declarations, testRegistrations, testSessions, testSites } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue, enqueueMany } from '../outbox/outbox.ts';
import { register } from '../testing/register.ts';
import { declarationOfToken } from './token.ts';

/** The prefilled test: where and when, for the citizen to confirm. */
export interface SuggestedTest {
  siteId: string;
  siteName: string;
  address: string | null;
  sessionId: string | null;
  startsAt: string | null;
  testType: 'rtPcr';
  reason: RegistrationReason;
}

/** The registration reason a triage's reasons call for. */
export function testReason(reasons: readonly string[]): RegistrationReason {
  if (reasons.some((r) => r.startsWith('symptoms') || r === 'caseContactWithSymptoms')) return 'symptoms';
  if (reasons.includes('caseContact') || reasons.includes('sickContact')) return 'contact';
  if (reasons.includes('arrival') || reasons.some((r) => r.startsWith('origin'))) return 'travel';
  return 'screening';
}

/** A row of the suggestions statement: the `n`-th place's site and its next slot with a place. */
interface SuggestionRow {
  n: number;
  id: string;
  name: string;
  address: string | null;
  session_id: string | null;
  /** The slot's start in whole milliseconds since the epoch (null: no slot with a place). */
  starts_ms: number | null;
}

/** Where a flagged declaration's test is looked for. */
export interface TestPlace {
  districtCode: string | null;
  communeCode: string | null;
}

/**
 * The suggestion for each place (null when no active site serves it): the active site of the
 * commune, or else of its district (by name, then id), and its next slot that has a place. One
 * named statement for any number of places (parsed and planned once per connection): the submit
 * path asks it for the flagged declarations arriving together ({@link suggestTestGrouped}).
 */
async function suggestionsFor(db: DbOrTx, places: readonly TestPlace[]): Promise<(SuggestionRow | null)[]> {
  // A null code matches no site (`= null` is never true), as the commune-or-district rule reads.
  const rows = await queryNamed<SuggestionRow>(
    db,
    'epilink_suggest_tests',
    sql`select p.n::int as n, s.id, s.name, s.address, slot.id as session_id, slot.starts_ms
      from unnest(${sql.param(places.map((p) => p.communeCode))}::text[],
        ${sql.param(places.map((p) => p.districtCode))}::text[]) with ordinality as p(commune, district, n)
      cross join lateral (
        select s.id, s.name, s.address from ${testSites} s
        where s.active = true and (s.commune_code = p.commune or s.district_code = p.district)
        order by (s.commune_code = coalesce(p.commune, '')) desc, s.name asc, s.id asc
        limit 1) s
      left join lateral (
        select ts.id, floor(extract(epoch from ts.starts_at) * 1000)::float8 as starts_ms
        from ${testSessions} ts
        where ts.site_id = s.id and ts.ends_at > ${new Date().toISOString()}::timestamptz
          and ts.booked < ts.capacity
        order by ts.starts_at asc
        limit 1) slot on true`,
  );
  const byPlace: (SuggestionRow | null)[] = places.map(() => null);
  for (const row of rows) byPlace[row.n - 1] = row;
  return byPlace;
}

function suggestionOf(site: SuggestionRow | null, reasons: readonly string[]): SuggestedTest | null {
  if (!site) return null;
  return {
    siteId: site.id,
    siteName: site.name,
    address: site.address,
    sessionId: site.session_id ?? null,
    startsAt: site.starts_ms === null ? null : new Date(site.starts_ms).toISOString(),
    testType: 'rtPcr',
    reason: testReason(reasons),
  };
}

/** The test suggested for a flagged declaration (null when no active site serves its place). */
export async function suggestTest(
  db: DbOrTx,
  place: TestPlace,
  reasons: readonly string[],
): Promise<SuggestedTest | null> {
  const [site] = await suggestionsFor(db, [
    { districtCode: place.districtCode, communeCode: place.communeCode },
  ]);
  return suggestionOf(site ?? null, reasons);
}

const suggesters = new WeakMap<object, MicroBatcher<TestPlace, SuggestionRow | null>>();

/**
 * {@link suggestTest} on the submit path: the flagged declarations answered at the same time share
 * one statement (a tenth of the declarations are flagged; at 800 per second one statement each
 * was about 80 round trips a second).
 */
export function suggestTestGrouped(
  database: Database,
  place: TestPlace,
  reasons: readonly string[],
): Promise<SuggestedTest | null> {
  const key: object = database.pool ?? database.pglite ?? database.db;
  let batcher = suggesters.get(key);
  if (!batcher) {
    batcher = new MicroBatcher((places: TestPlace[]) => suggestionsFor(database.db, places), {
      maxInFlight: 1,
      maxItems: 200,
    });
    suggesters.set(key, batcher);
  }
  return batcher
    .submit({ districtCode: place.districtCode, communeCode: place.communeCode })
    .then((site) => suggestionOf(site, reasons));
}

/**
 * Confirm the suggested test of an open flag in one tap: registers the person (the caller's own
 * record or one in their care when signed in; the holder of the declaration's QR otherwise) and
 * moves the flag to `testRegistered`. A second tap answers with the same registration.
 */
export async function confirmSuggestedTest(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  declarationId: string,
): Promise<{ registrationId: string; suggestion: SuggestedTest }> {
  const [d] = await tx.select().from(declarations).where(eq(declarations.id, declarationId)).for('update');
  if (!d) throw new AppError('NOT_FOUND');
  if (access.actor.kind === 'citizen' && !citizenPersonIds(access).includes(d.personId))
    throw new AppError('NOT_FOUND');
  const suggestion = await suggestTest(tx, d, d.reasons);
  if (d.flagStatus === 'testRegistered' && d.testRegistrationId && suggestion)
    return { registrationId: d.testRegistrationId, suggestion };
  if (d.flagStatus !== 'open') throw new AppError('TEST_REGISTRATION_CLOSED');
  if (!suggestion) throw new AppError('NOT_FOUND');
  const registrar =
    access.actor.kind === 'citizen' ? access : systemAccess('declarations: one-tap test from a declaration');
  const { id } = await register(tx, registrar, origin, {
    personId: d.personId,
    siteId: suggestion.siteId,
    sessionId: suggestion.sessionId,
    testType: suggestion.testType,
    reason: suggestion.reason,
  });
  // The citizen confirmed it (signed in or holding the QR): not staff.
  await tx.update(testRegistrations).set({ registeredVia: 'citizen' }).where(eq(testRegistrations.id, id));
  await tx
    .update(declarations)
    .set({ flagStatus: 'testRegistered', testRegistrationId: id })
    .where(eq(declarations.id, d.id));
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'declaration',
    entityId: d.id,
    personId: d.personId,
    fields: ['flagStatus', 'testRegistrationId'],
  });
  const place = { provinceCode: d.provinceCode, districtCode: d.districtCode, communeCode: d.communeCode };
  await enqueue(tx, 'declaration.flag_changed', {
    declarationId: d.id,
    flagStatus: 'testRegistered',
    registrationId: id,
  });
  await publishEvents(tx, [{ kind: 'declaration', id: d.id, personId: d.personId, place }]);
  return { registrationId: id, suggestion };
}

/**
 * Results reached the case module (`applyTestResults`, same transaction): a negative result on a
 * declaration's suggested registration clears its flag, a positive one closes it as positive (the
 * case module takes over); an invalid result leaves it waiting for a retest. Set-based: one
 * statement closes the flags of every result given (a flag two results reach is closed by the
 * first, as one result at a time would), then one audit insert, one outbox insert and one live
 * event statement for all the closed flags.
 */
export async function closeDeclarationFlags(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  results: readonly { resultId: string; outcome: 'positive' | 'negative' | 'invalid' }[],
): Promise<void> {
  const closing = results.filter((r) => r.outcome !== 'invalid');
  if (closing.length === 0) return;
  const ids = `{${closing.map((r) => r.resultId).join(',')}}`;
  const statuses = `{${closing.map((r) => (r.outcome === 'negative' ? 'cleared' : 'positive')).join(',')}}`;
  const closed = await queryRows<{
    id: string;
    person_id: string;
    province_code: string;
    district_code: string | null;
    commune_code: string | null;
    flag_status: 'cleared' | 'positive';
    result_id: string;
  }>(
    tx,
    sql`with x as (select * from unnest(${ids}::uuid[], ${statuses}::text[]) with ordinality as x(result_id, status, n)),
        m as (select distinct on (d.id) d.id, x.status, x.result_id
          from x join test_results r on r.id = x.result_id join specimens s on s.id = r.specimen_id
          join declarations d on d.test_registration_id = s.registration_id
          where s.registration_id is not null and d.flag_status in ('open', 'testRegistered')
          order by d.id, x.n)
        update declarations d set flag_status = m.status, flag_closed_at = now() from m where d.id = m.id
        returning d.id, d.person_id, d.province_code, d.district_code, d.commune_code, d.flag_status,
          m.result_id::text as result_id`,
  );
  if (closed.length === 0) return;
  await writeAudit(
    tx,
    access,
    origin,
    closed.map((d) => ({
      action: 'update' as const,
      entity: 'declaration',
      entityId: d.id,
      personId: d.person_id,
      fields: ['flagStatus'],
      details: { flagStatus: d.flag_status },
    })),
  );
  await enqueueMany(
    tx,
    closed.map((d) => ({
      topic: 'declaration.flag_changed' as const,
      payload: { declarationId: d.id, flagStatus: d.flag_status, resultId: d.result_id },
    })),
  );
  await publishEvents(
    tx,
    closed.map((d) => ({
      kind: 'declaration' as const,
      id: d.id,
      personId: d.person_id,
      place: { provinceCode: d.province_code, districtCode: d.district_code, communeCode: d.commune_code },
    })),
  );
}

/** What the holder of a declaration's QR sees: its triage and, while flagged, the suggested test. */
export async function holderView(db: DbOrTx, token: string) {
  const id = await declarationOfToken(db, token);
  if (!id) throw new AppError('NOT_FOUND');
  const [d] = await db.select().from(declarations).where(eq(declarations.id, id));
  if (!d) throw new AppError('NOT_FOUND');
  const suggestedTest = d.flagStatus === 'open' ? await suggestTest(db, d, d.reasons) : null;
  return {
    id: d.id,
    kind: d.kind,
    day: d.day,
    action: d.action,
    reasons: d.reasons,
    flagStatus: d.flagStatus,
    suggestedTest,
  };
}
