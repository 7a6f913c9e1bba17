/**
 * The fix of an accepted correction request (#17 item 3), made through the SAME service the
 * owning module's own screens use, in the decision's transaction, each audit row naming the
 * request:
 * - a dose's date or lot → `correctDose` (vaccination);
 * - a result's outcome, Ct or sample day → `amendResult` (testing; the case follows);
 * - a check-in's time, or a check-in that was not the person's voided → `correctCheckin`;
 * - a case's onset date → `updateCase` (the infectious window moves, contacts are searched);
 * - "a record is missing": the official records the dose (`recordDose` as a historical entry: no
 *   screening answer invented, today's stock untouched) or the result (the inbound results path,
 *   `applyTestResults` → a positive makes the case) for the request's person.
 * A fix must be of the kind the request is about and the unit owns (a site: doses; a test site:
 * results; a commune: check-ins, cases and missing records); other kinds (declarations, contacts,
 * orders, forms, certificates, AEFI) are answered, not fixed here. Refused fixes change nothing.
 */
import { AppError, localDay, localDayStart, provinceTimeZone } from '@epilink/core';
import type { Language, TestOutcome } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { hasPermission } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { updateCase } from '../cases/update.ts';
import { correctCheckin } from '../checkin/correct.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { correctionRequests } from '../db/schema/index.ts';
import { vaccineLots } from '../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { storeInboundResults } from '../fhir/resultBatch.ts';
import { amendResult } from '../testing/amend.ts';
import { siteInScope } from '../testing/scope.ts';
import { correctDose } from '../vaccination/correct.ts';
import { recordDose } from '../vaccination/doses.ts';

/** A fix, by the kind of record it changes or creates. */
export type CorrectionFix =
  | { kind: 'dose'; date?: string | undefined; lotNumber?: string | undefined }
  | {
      kind: 'testResult';
      outcome?: TestOutcome | undefined;
      ct?: number | null | undefined;
      sampledOn?: string | undefined;
    }
  | { kind: 'checkin'; checkedInAt?: string | undefined; void?: boolean | undefined }
  | { kind: 'case'; onsetDate: string | null }
  | { kind: 'missingDose'; siteId: string; productCode: string; lotNumber: string; date: string }
  | {
      kind: 'missingResult';
      siteId: string;
      testType: 'rtPcr' | 'rapidAntigen';
      outcome: TestOutcome;
      ct: number | null;
      sampledOn: string;
    };

/** The record kinds whose requests are fixed here (a fix is required to accept them). */
export const FIXABLE_KINDS = ['dose', 'testResult', 'checkin', 'case'] as const;

type Request = typeof correctionRequests.$inferSelect;

function refuse(key: string, path = 'body.fix'): AppError {
  return new AppError('VALIDATION_FAILED', { details: [{ path, messageKey: key }] });
}

/** The fix kinds a request may take: its record's kind, or a missing record the commune records. */
function allowedKinds(req: Request): readonly CorrectionFix['kind'][] {
  if (req.recordKind === null) return req.ownerKind === 'commune' ? ['missingDose', 'missingResult'] : [];
  const owns: Record<Request['ownerKind'], readonly string[]> = {
    facility: ['dose'],
    testSite: ['testResult'],
    commune: ['testResult', 'checkin', 'case'],
  };
  return owns[req.ownerKind].includes(req.recordKind) ? [req.recordKind as CorrectionFix['kind']] : [];
}

const PERMISSION = {
  dose: 'vaccination:write',
  missingDose: 'vaccination:write',
  testResult: 'testing:write',
  missingResult: 'testing:write',
  checkin: 'person:write',
  case: 'case:write',
} as const;

/** Apply `fix` to the request's record (see the module comment); returns what changed. */
export async function applyCorrectionFix(
  tx: Tx,
  deps: AppDeps,
  access: Access,
  origin: AuditOrigin,
  lang: Language,
  req: Request,
  fix: CorrectionFix,
): Promise<Record<string, unknown>> {
  const allowed = allowedKinds(req);
  if (allowed.length === 0) throw refuse('corrections.refusal.notFixable');
  if (!allowed.includes(fix.kind)) throw refuse('corrections.refusal.wrongKind', 'body.fix.kind');
  if (!hasPermission(access, PERMISSION[fix.kind])) throw refuse('corrections.refusal.notYours');
  const link = { correctionRequestId: req.id };
  const recordId = req.recordId ?? '';
  switch (fix.kind) {
    case 'dose':
      return { ...(await correctDose(tx, deps, access, origin, recordId, fix, link)) };
    case 'testResult':
      return { ...(await amendResult(tx, access, origin, recordId, fix, lang, link)) };
    case 'checkin': {
      const change = fix.void
        ? { void: true as const }
        : fix.checkedInAt
          ? { checkedInAt: fix.checkedInAt }
          : null;
      if (!change) throw refuse('corrections.refusal.noChange');
      return { ...(await correctCheckin(tx, access, origin, recordId, change, link)) };
    }
    case 'case':
      await updateCase(tx, access, origin, recordId, { onsetDate: fix.onsetDate }, link);
      return { entity: 'case', entityId: recordId, fields: ['onsetDate'] };
    case 'missingDose': {
      const [lot] = await tx
        .select({ id: vaccineLots.id })
        .from(vaccineLots)
        .where(and(eq(vaccineLots.productCode, fix.productCode), eq(vaccineLots.lotNumber, fix.lotNumber)));
      if (!lot) throw refuse('vaccination.lot.wrongProduct', 'body.fix.lotNumber');
      const dose = await recordDose(
        tx,
        deps,
        access,
        origin,
        {
          personId: req.personId,
          facilityId: fix.siteId,
          productCode: fix.productCode,
          lotId: lot.id,
          date: fix.date,
          // Given in the past: no screening answer invented, today's stock not touched.
          historical: true,
        },
        link,
      );
      return { entity: 'vaccination_dose', entityId: dose.doseId, fields: ['dose'], created: true };
    }
    case 'missingResult': {
      await siteInScope(tx, access, fix.siteId);
      // The paper slip gives the day: the sample is put at 08:00 local time that day.
      const start = localDayStart(fix.sampledOn).getTime();
      if (Number.isNaN(start) || fix.sampledOn > localDay(new Date()))
        throw refuse('errors.field.invalidValue', 'body.fix.sampledOn');
      const sampledAt = new Date(Math.min(start + 8 * 3_600_000, Date.now()));
      const [resultId] = await storeInboundResults(
        tx,
        access,
        origin,
        fix.siteId,
        [
          {
            personId: req.personId,
            testType: fix.testType,
            outcome: fix.outcome,
            ct: fix.ct,
            collectedAt: sampledAt,
            resultedAt: sampledAt,
            barcode: null,
          },
        ],
        lang,
      );
      // The inbound path audits the result it creates; this row names the request it settles.
      await writeAudit(tx, access, origin, {
        action: 'update',
        entity: 'test_result',
        entityId: resultId!,
        personId: req.personId,
        fields: ['correctionRequest'],
        details: link,
      });
      return { entity: 'test_result', entityId: resultId, fields: ['result'], created: true };
    }
  }
}

type Facts = Record<string, string | number | boolean | null>;

/** The record's current facts the official corrects from (null when it is gone). */
export async function recordFacts(tx: DbOrTx, kind: string, id: string): Promise<Facts | null> {
  const uuid = /^[0-9a-f-]{36}$/iu.test(id);
  let rows: Facts[] = [];
  if (kind === 'dose' && uuid)
    rows = await queryRows<Facts>(
      tx,
      sql`select d.date::text as date, l.lot_number as "lotNumber", d.product_code as product, d.dose_number as "doseNumber"
        from vaccination_doses d left join vaccine_lots l on l.id = d.lot_id where d.id = ${id}::uuid`,
    );
  else if (kind === 'testResult' && uuid)
    rows = await queryRows<Facts>(
      tx,
      sql`select test_type as "testType", outcome, ct::float8 as ct,
          (sampled_at at time zone ${provinceTimeZone()})::date::text as "sampledOn"
        from test_results where id = ${id}::uuid`,
    );
  else if (kind === 'checkin' && /^\d{1,18}$/u.test(id))
    rows = await queryRows<Facts>(
      tx,
      sql`select v.name as venue, to_char(c.checked_in_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "checkedInAt"
        from checkins c left join venues v on v.id = c.venue_id where c.id = ${id}::bigint`,
    );
  else if (kind === 'case' && uuid)
    rows = await queryRows<Facts>(
      tx,
      sql`select disease_code as disease, classification, onset_date::text as "onsetDate",
          sample_date::text as "sampleDate" from cases where id = ${id}::uuid`,
    );
  return rows[0] ?? null;
}
