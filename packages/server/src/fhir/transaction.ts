/**
 * Inbound transaction Bundles (lab results from a hospital or lab): all entries in ONE database
 * transaction, all or nothing. A `Patient` entry goes through record linkage (`ingestPersons`, as
 * every other source); an `Observation` (a SARS-CoV-2 test result) is registered, its specimen
 * collected and its result entered through the same seams as the UI — `register`,
 * `collectSpecimen`, `enterResult` → `storeResult` → `applyTestResult` — so a positive result makes
 * or updates the case and proposes its contacts in this transaction. The test site is the active
 * site of the organisation owning the API key. A `Specimen` entry gives the barcode (an existing
 * specimen of the key's jurisdiction is resulted instead of a new one). An `Immunization` (a dose)
 * goes through `recordDose` like the vaccination UI (fhir/immunization.ts).
 */
import { AppError } from '@epilink/core';
import type { Language, TestOutcome } from '@epilink/core';
import type { Bundle, BundleEntry, Observation, Patient, Reference, Specimen } from '@medplum/fhirtypes';
import { and, eq, inArray } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { resolveJurisdiction } from '../auth/users.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import type { AppDeps } from '../deps.ts';
import { apiKeys, specimens, testSites } from '../db/schema/index.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import { collectSpecimen } from '../testing/collect.ts';
import { register } from '../testing/register.ts';
import { enterResult } from '../testing/results.ts';
import { recordImmunization } from './immunization.ts';
import { storeInboundResults } from './resultBatch.ts';
import type { InboundResult } from './resultBatch.ts';
import { resolveSubjects } from './subjects.ts';
import { validateResource } from './schema.ts';
import { OUTCOME_SNOMED, SYSTEMS, TEST_LOINC } from './systems.ts';

const bad = (path: string, key: string, params: Record<string, string> = {}) =>
  new AppError('VALIDATION_FAILED', { details: [{ path, messageKey: `fhir.errors.${key}`, params }] });

/** Check every entry against the R4 schema before anything is written. */
function checkSchema(bundle: Bundle): void {
  const problems = validateResource(bundle);
  const first = problems[0];
  if (first)
    throw bad(first.path || 'Bundle', 'schema', { problem: `${first.path} ${first.message}`.trim() });
  if (bundle.type !== 'transaction') throw bad('Bundle.type', 'notTransaction');
}

function testTypeOf(o: Observation, path: string): 'rtPcr' | 'rapidAntigen' {
  for (const c of o.code.coding ?? []) {
    if (c.system !== SYSTEMS.loinc) continue;
    if (c.code === TEST_LOINC.rtPcr.code) return 'rtPcr';
    if (c.code === TEST_LOINC.rapidAntigen.code) return 'rapidAntigen';
  }
  throw bad(`${path}.code`, 'unknownTest');
}

function outcomeOf(o: Observation, path: string): TestOutcome {
  for (const c of o.valueCodeableConcept?.coding ?? []) {
    if (c.system !== SYSTEMS.snomed) continue;
    for (const [outcome, code] of Object.entries(OUTCOME_SNOMED))
      if (c.code === code.code) return outcome as TestOutcome;
  }
  throw bad(`${path}.valueCodeableConcept`, 'unknownOutcome');
}

function ctOf(o: Observation): number | null {
  const c = o.component?.find((x) =>
    x.code.coding?.some((k) => k.system === SYSTEMS.epilink && k.code === 'ct'),
  );
  return c?.valueQuantity?.value ?? null;
}

/** The organisation's active test site (where inbound tests are registered), in one statement. */
async function siteOf(tx: Tx, access: Access): Promise<string> {
  if (access.actor.kind !== 'apiKey') throw bad('Bundle', 'noOwner');
  const [key] = await tx
    .select({ owner: apiKeys.ownerFacilityId, site: testSites.id })
    .from(apiKeys)
    .leftJoin(
      testSites,
      and(
        eq(testSites.facilityId, apiKeys.ownerFacilityId),
        eq(testSites.active, true),
        scopeFor(access, testSites),
      ),
    )
    .where(eq(apiKeys.id, access.actor.keyId))
    .limit(1);
  if (!key?.owner) throw bad('Bundle', 'noOwner');
  if (!key.site) throw bad('Bundle', 'noTestSite');
  return key.site;
}

/** Ingest the bundle's Patient entries through record linkage; fullUrl → person id. */
async function linkPatients(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  entries: BundleEntry[],
): Promise<Map<string, string>> {
  const patients = entries.filter((e) => e.resource?.resourceType === 'Patient');
  if (patients.length === 0) return new Map();
  if (access.actor.kind !== 'apiKey' && access.actor.kind !== 'user') throw new AppError('FORBIDDEN');
  const home = await resolveJurisdiction(tx, access.actor.jurisdiction.code);
  const incoming = patients.map((e) => {
    const p = e.resource as Patient;
    const id = (system: string) => p.identifier?.find((i) => i.system === system)?.value ?? null;
    const unit = p.address?.[0]?.extension?.find((x) => x.url === SYSTEMS.adminUnit)?.valueCode;
    const sex = p.gender === 'male' || p.gender === 'female' ? p.gender : null;
    return {
      source: 'fhir',
      fullName:
        p.name?.[0]?.text ?? [p.name?.[0]?.family, ...(p.name?.[0]?.given ?? [])].filter(Boolean).join(' '),
      dateOfBirth: p.birthDate ?? null,
      sex,
      cccd: id(SYSTEMS.cccd),
      cmnd: id(SYSTEMS.cmnd),
      passport: id(SYSTEMS.passport),
      phone: p.telecom?.find((t) => t.system === 'phone')?.value ?? null,
      address: p.address?.[0]?.text ?? null,
      communeCode: unit && unit.length === 5 ? unit : home.place.communeCode,
      districtCode: home.place.districtCode,
      provinceCode: home.place.provinceCode,
    };
  });
  const outcomes = await ingestPersons(tx, access, origin, incoming, { within: access });
  const byUrl = new Map<string, string>();
  patients.forEach((e, i) => {
    const o = outcomes[i]!;
    // A duplicate of a known person is the known person (unless they live outside the key's reach).
    const id = o.decision === 'merged' && o.matchedId && !o.foreign ? o.matchedId : o.personId;
    if (e.fullUrl) byUrl.set(e.fullUrl, id);
  });
  return byUrl;
}

/** What one entry produced, for the transaction-response. */
interface EntryResult {
  status: string;
  location?: string;
}

/**
 * Process a transaction Bundle (see the module comment); returns the transaction-response. In the
 * request's transaction (the route's `tx`) the Bundle runs in it directly — all or nothing with
 * the request, no savepoint; given the database, it opens its own transaction.
 */
export async function processTransaction(
  db: DbOrTx,
  deps: AppDeps,
  access: Access,
  origin: AuditOrigin,
  bundle: Bundle,
  lang: Language,
): Promise<Bundle> {
  checkSchema(bundle);
  if (db instanceof PgTransaction) return processChecked(db as Tx, deps, access, origin, bundle, lang);
  return db.transaction((tx) => processChecked(tx, deps, access, origin, bundle, lang));
}

async function processChecked(
  tx: Tx,
  deps: AppDeps,
  access: Access,
  origin: AuditOrigin,
  bundle: Bundle,
  lang: Language,
): Promise<Bundle> {
  const entries = bundle.entry ?? [];
  entries.forEach((e, i) => {
    const type = e.resource?.resourceType;
    if (type !== 'Patient' && type !== 'Observation' && type !== 'Specimen' && type !== 'Immunization')
      throw bad(`Bundle.entry[${i}]`, 'unsupportedEntry');
  });
  const linked = await linkPatients(tx, access, origin, entries);
  const specimenByUrl = new Map<string, Specimen>();
  for (const e of entries)
    if (e.fullUrl && e.resource?.resourceType === 'Specimen') specimenByUrl.set(e.fullUrl, e.resource);
  // Every subject of the Bundle in one statement, every given barcode's specimen in another.
  const subjectRefs = entries.flatMap((e) => {
    const r = e.resource;
    const ref =
      r?.resourceType === 'Observation' ? r.subject : r?.resourceType === 'Immunization' ? r.patient : null;
    return ref?.reference && !linked.has(ref.reference) ? [ref.reference] : [];
  });
  const subjects = await resolveSubjects(tx, access, subjectRefs);
  const resolveSubject = (ref: Reference | undefined, path: string): string => {
    const r = ref?.reference ?? '';
    const id = linked.get(r) ?? subjects.get(r) ?? null;
    if (!id)
      throw new AppError('NOT_FOUND', { details: [{ path, messageKey: 'fhir.errors.subjectNotFound' }] });
    return id;
  };
  const barcodeOf = (o: Observation) =>
    o.specimen?.reference
      ? (specimenByUrl
          .get(o.specimen.reference)
          ?.identifier?.find((x) => x.system === SYSTEMS.specimenBarcode)?.value ?? null)
      : null;
  const barcodes = entries.flatMap((e) =>
    e.resource?.resourceType === 'Observation' ? [barcodeOf(e.resource)].filter((b) => b !== null) : [],
  );
  const knownRows = barcodes.length
    ? await tx
        .select()
        .from(specimens)
        .where(and(inArray(specimens.barcode, barcodes), scopeFor(access, specimens)))
        .for('update')
    : [];
  const known = new Map(knownRows.map((k) => [k.barcode, k]));
  const once = (b: string) => barcodes.indexOf(b) === barcodes.lastIndexOf(b);
  let siteId: string | null = null;
  const results: EntryResult[] = [];
  const batch: { index: number; item: InboundResult }[] = [];
  const oneByOne: { index: number; o: Observation; personId: string; barcode: string | null }[] = [];
  for (const [i, e] of entries.entries()) {
    const path = `Bundle.entry[${i}].resource`;
    if (e.resource?.resourceType === 'Patient') {
      results.push({ status: '200 OK', location: `Patient/${linked.get(e.fullUrl ?? '') ?? ''}` });
      continue;
    }
    if (e.resource?.resourceType === 'Immunization') {
      const personId = resolveSubject(e.resource.patient, `${path}.patient`);
      const doseId = await recordImmunization(tx, deps, access, origin, e.resource, personId, path);
      results.push({ status: '201 Created', location: `Immunization/${doseId}` });
      continue;
    }
    results.push({ status: '200 OK' });
    if (e.resource?.resourceType !== 'Observation') continue;
    const o = e.resource;
    const testType = testTypeOf(o, path);
    const outcome = outcomeOf(o, path);
    if (!o.effectiveDateTime) throw bad(`${path}.effectiveDateTime`, 'missingDate');
    const personId = resolveSubject(o.subject, `${path}.subject`);
    const barcode = barcodeOf(o);
    // A new specimen (no barcode, or one neither stored nor repeated in the Bundle): set-based.
    if (barcode === null || (!known.has(barcode) && once(barcode)))
      batch.push({
        index: i,
        item: {
          personId,
          testType,
          outcome,
          ct: ctOf(o),
          collectedAt: new Date(o.effectiveDateTime),
          resultedAt: o.issued ? new Date(o.issued) : new Date(),
          barcode,
        },
      });
    else oneByOne.push({ index: i, o, personId, barcode });
  }
  if (batch.length) {
    siteId ??= await siteOf(tx, access);
    const ids = await storeInboundResults(
      tx,
      access,
      origin,
      siteId,
      batch.map((b) => b.item),
      lang,
    );
    batch.forEach(
      (b, k) => (results[b.index] = { status: '201 Created', location: `Observation/${ids[k]!}` }),
    );
  }
  // A stored specimen (or a barcode repeated in the Bundle): through the seams one by one.
  for (const { index, o, personId, barcode } of oneByOne) {
    let specimen = barcode ? known.get(barcode) : undefined;
    if (!specimen && barcode) {
      [specimen] = await tx
        .select()
        .from(specimens)
        .where(and(eq(specimens.barcode, barcode), scopeFor(access, specimens)))
        .for('update');
    }
    if (!specimen) {
      siteId ??= await siteOf(tx, access);
      const reg = await register(tx, access, origin, {
        personId,
        siteId,
        testType: testTypeOf(o, ''),
        reason: 'screening',
      });
      const collected = await collectSpecimen(
        tx,
        access,
        origin,
        { registrationId: reg.id, barcode, collectedAt: new Date(o.effectiveDateTime!) },
        lang,
      );
      [specimen] = await tx.select().from(specimens).where(eq(specimens.id, collected.id));
    } else if (specimen.personId !== personId) throw new AppError('CONFLICT');
    const stored = await enterResult(
      tx,
      access,
      origin,
      specimen!,
      { outcome: outcomeOf(o, ''), ct: ctOf(o), resultedAt: o.issued ? new Date(o.issued) : new Date() },
      lang,
    );
    results[index] = {
      status: stored.unchanged ? '200 OK' : '201 Created',
      location: `Observation/${stored.resultId}`,
    };
  }
  return {
    resourceType: 'Bundle',
    type: 'transaction-response',
    timestamp: new Date().toISOString(),
    entry: results.map((r) => ({
      response: { status: r.status, ...(r.location ? { location: r.location } : {}) },
    })),
  };
}
