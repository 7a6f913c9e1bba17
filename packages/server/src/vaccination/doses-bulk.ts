/**
 * Recording many doses at once (an import batch): the same checks and effects as `recordDose`
 * (doses.ts) — jurisdiction, lot expiry and recall, stock, screening, schedule; the dose row,
 * stock, the person's status, the coverage rollup, audit, outbox events, live indicator events and
 * the certificate — but set-based: every look-up is one statement for the whole batch, the
 * schedule is evaluated in memory dose after dose (in the order given, each dose seeing the ones
 * before it), and every write is one statement for the batch. A refused dose changes nothing
 * (neither stock nor the person's schedule), as a rolled-back `recordDose` would.
 *
 * Differences, by design: the indicator event is one per place and batch (dashboards refetch
 * anyway), and with a signing key a person gets one certificate for their last dose of the batch
 * (the intermediate ones `recordDose` would issue and supersede at once are not made).
 * A `historical` input (an imported record of a dose given before) is `recordDose`'s historical
 * dose: no stock taken today, screening stored as not recorded.
 */
import {
  AppError,
  ageBand,
  ageInYears,
  checkDoseOn,
  coverageDeltas,
  eligibilityGroups,
  evaluateSchedule,
  evaluateScreening,
  outcomeAllowsAt,
} from '@epilink/core';
import type { GivenDose, ScheduleEvaluation, ScreeningAnswers, VaccineProduct } from '@epilink/core';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { placeWithin, scopeFor } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { issueVaccinationCertificate } from '../certificates/issue.ts';
import { arrayInsert, bulkInsert } from '../db/bulk.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { outbox, persons, vaccinationDoses } from '../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { publishEvents } from '../events/publish.ts';
import type { LiveEvent } from '../events/publish.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';
import { productOn } from './catalogue.ts';
import { UNKNOWN_COMMUNE } from './coverage.ts';
import { NOT_RECORDED } from './doses.ts';
import { saveStatuses } from './doses-bulk-status.ts';
import type { PersonRow } from './doses-bulk-status.ts';
import { loadVaccinationRules, rulesOn } from './rules.ts';

/** One dose to record. */
export type BulkDoseInput = {
  personId: string;
  facilityId: string;
  productCode: string;
  lotId: string;
  date: string;
  /** When set, a dose whose number would differ is refused (`mismatch`) and changes nothing. */
  expectDoseNumber?: number;
} & (
  | { screening: ScreeningAnswers; historical?: false }
  /** A dose given before and recorded now (as `recordDose`'s `historical`). */
  | { screening?: undefined; historical: true }
);

/** What became of one input. */
export type BulkDoseResult =
  | { ok: true; doseId: string; doseNumber: number }
  | { ok: false; error: AppError }
  | { ok: false; mismatch: true };

interface Place {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}

function refuse(reason: string, params: Record<string, string | number> = {}): AppError {
  return new AppError('DOSE_REFUSED', {
    params: { reason },
    details: [{ path: 'body', messageKey: `vaccination.refusal.${reason}`, params }],
  });
}

function lotUnusable(key: string, params: Record<string, string>): AppError {
  return new AppError('LOT_UNUSABLE', {
    params: { reason: key },
    details: [{ path: 'body.lotId', messageKey: `vaccination.lot.${key}`, params }],
  });
}

const uuids = (ids: Iterable<string>) => sql.param([...new Set(ids)]);

/** Record doses in the caller's transaction (see the module comment); results in input order. */
export async function recordDoses(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  origin: { ip: string | null; purpose?: string | null },
  inputs: readonly BulkDoseInput[],
): Promise<BulkDoseResult[]> {
  if (inputs.length === 0) return [];
  const personRows = await queryRows<PersonRow>(
    tx,
    sql`select id, full_name, date_of_birth::text as date_of_birth, province_code, district_code, commune_code
        from ${persons} where id = any(${uuids(inputs.map((i) => i.personId))}::uuid[])
          and merged_into is null and ${scopeFor(access, persons)}
        order by id for update`,
  );
  const personOf = new Map(personRows.map((p) => [p.id, p]));
  const facilityRows = await queryRows<{
    id: string;
    kind: string;
    unit_code: string;
    province_code: string;
    district_code: string | null;
  }>(
    tx,
    sql`select id, kind, unit_code, province_code, district_code from facilities
        where id = any(${uuids(inputs.map((i) => i.facilityId))}::uuid[])`,
  );
  const facilityOf = new Map(
    facilityRows
      .filter((f) =>
        placeWithin(access, {
          provinceCode: f.province_code,
          districtCode: f.district_code,
          communeCode: f.unit_code.length === 5 ? f.unit_code : null,
        }),
      )
      .map((f) => [f.id, f]),
  );
  const lotRows = await queryRows<{
    id: string;
    product_code: string;
    expiry_date: string;
    recalled: boolean;
  }>(
    tx,
    sql`select id, product_code, expiry_date::text as expiry_date, recalled_at is not null as recalled
        from vaccine_lots where id = any(${uuids(inputs.map((i) => i.lotId))}::uuid[])`,
  );
  const lotOf = new Map(lotRows.map((l) => [l.id, l]));
  const stockRows = await queryRows<{ lot_id: string; facility_id: string; quantity: number }>(
    tx,
    sql`select lot_id, facility_id, quantity from vaccine_stock
        where lot_id = any(${uuids(lotOf.keys())}::uuid[]) and facility_id = any(${uuids(facilityOf.keys())}::uuid[])
        order by lot_id, facility_id for update`,
  );
  const stockLeft = new Map(stockRows.map((s) => [`${s.lot_id}|${s.facility_id}`, s.quantity]));
  const rules = await loadVaccinationRules(tx);
  const existing = await queryRows<{
    person_id: string;
    disease: string;
    date: string;
    product_code: string;
    dose_kind: 'primary' | 'booster';
  }>(
    tx,
    sql`select person_id, disease, date::text as date, product_code, dose_kind from vaccination_doses
        where person_id = any(${uuids(personOf.keys())}::uuid[]) and voided_at is null
        order by person_id, date, created_at`,
  );
  const dosesOf = new Map<string, GivenDose[]>();
  const listOf = (personId: string, disease: string) => {
    const key = `${personId}|${disease}`;
    let list = dosesOf.get(key);
    if (!list) dosesOf.set(key, (list = []));
    return list;
  };
  for (const d of existing)
    listOf(d.person_id, d.disease).push({ date: d.date, productCode: d.product_code, kind: d.dose_kind });
  const evaluate = (list: readonly GivenDose[]): ScheduleEvaluation =>
    evaluateSchedule(list, (code) => productOn(code, list[0]?.date ?? '2021-01-01'));

  const actor = access.actor.kind === 'user' ? access.actor : null;
  const results: BulkDoseResult[] = [];
  const doseRows: (typeof vaccinationDoses.$inferInsert)[] = [];
  const audits: AuditEntry[] = [];
  const events: { topic: OutboxTopic; payload: Record<string, unknown> }[] = [];
  const taken = new Map<string, number>();
  const touched = new Map<string, { person: PersonRow; disease: string }>();
  const coverage = new Map<string, { disease: string; person: PersonRow; day: string; delta: number[] }>();
  const bump = (disease: string, person: PersonRow, day: string, column: number, change: number) => {
    const band = ageBand(person.date_of_birth, day);
    const key = `${disease}|${person.commune_code ?? UNKNOWN_COMMUNE}|${band}|${day}`;
    let c = coverage.get(key);
    if (!c) coverage.set(key, (c = { disease, person, day, delta: [0, 0, 0, 0] }));
    c.delta[column]! += change;
  };
  const lastDoseOf = new Map<string, string>();
  const places = new Map<string, { place: Place; doseId: string }>();

  for (const input of inputs) {
    const person = personOf.get(input.personId);
    const facility = facilityOf.get(input.facilityId);
    if (!person || !facility) {
      results.push({ ok: false, error: new AppError('NOT_FOUND') });
      continue;
    }
    const product: VaccineProduct | undefined = productOn(input.productCode, input.date);
    if (!product) {
      results.push({ ok: false, error: refuse('unknownProduct') });
      continue;
    }
    const lot = lotOf.get(input.lotId);
    if (!lot) {
      results.push({ ok: false, error: new AppError('NOT_FOUND') });
      continue;
    }
    if (lot.product_code !== product.code || lot.recalled || lot.expiry_date < input.date) {
      const problem =
        lot.product_code !== product.code
          ? lotUnusable('wrongProduct', {})
          : lot.recalled
            ? lotUnusable('recalled', {})
            : lotUnusable('expired', { expiry: lot.expiry_date });
      results.push({ ok: false, error: problem });
      continue;
    }
    const inForce = rulesOn(rules, input.date);
    const screening = input.historical ? null : evaluateScreening(input.screening, inForce.screening);
    if (screening && !outcomeAllowsAt(screening.outcome, facility.kind)) {
      results.push({
        ok: false,
        error: new AppError('SCREENING_FAILED', {
          params: { outcome: screening.outcome },
          details:
            screening.outcome === 'refer'
              ? [{ path: 'body.facilityId', messageKey: 'vaccination.refusal.referOnlyAtHospital' }]
              : screening.reasons.map((r) => ({
                  path: `body.screening.${r}`,
                  messageKey: `vaccination.outcome.${screening.outcome}`,
                })),
        }),
      });
      continue;
    }
    const list = listOf(person.id, product.disease);
    const before = evaluate(list);
    const primaryProduct = before.firstDoseOn
      ? productOn(list[0]?.productCode ?? '', before.firstDoseOn)
      : product;
    const check = checkDoseOn(
      before,
      product,
      input.date,
      { ageOn: (d) => ageInYears(person.date_of_birth, d), groups: eligibilityGroups([], primaryProduct) },
      inForce,
    );
    if (!check.ok) {
      const { ok: _ok, reason, ...params } = check;
      results.push({ ok: false, error: refuse(reason, params) });
      continue;
    }
    const stockKey = `${lot.id}|${facility.id}`;
    const left = stockLeft.get(stockKey) ?? 0;
    if (!input.historical && left <= 0) {
      results.push({ ok: false, error: new AppError('OUT_OF_STOCK') });
      continue;
    }
    if (input.expectDoseNumber !== undefined && input.expectDoseNumber !== check.doseNumber) {
      results.push({ ok: false, mismatch: true });
      continue;
    }
    // Accepted: from here on the batch's later doses see this one.
    if (!input.historical) {
      stockLeft.set(stockKey, left - 1);
      taken.set(stockKey, (taken.get(stockKey) ?? 0) + 1);
    }
    list.push({ date: input.date, productCode: product.code, kind: check.kind });
    const after = evaluate(list);
    const id = randomUUID();
    doseRows.push({
      id,
      personId: person.id,
      sessionId: null,
      facilityId: facility.id,
      disease: product.disease,
      productCode: product.code,
      lotId: lot.id,
      doseNumber: check.doseNumber,
      doseKind: check.kind,
      date: input.date,
      vaccinatorId: actor?.userId ?? null,
      vaccinatorName: actor?.username ?? null,
      screening: screening
        ? { answers: input.screening, outcome: screening.outcome }
        : { answers: null, outcome: NOT_RECORDED, historical: true },
      ageBand: ageBand(person.date_of_birth, input.date),
      provinceCode: person.province_code,
      districtCode: person.district_code,
      communeCode: person.commune_code,
    });
    touched.set(`${person.id}|${product.disease}`, { person, disease: product.disease });
    bump(product.disease, person, input.date, 0, 1);
    for (const d of coverageDeltas(before, after))
      bump(product.disease, person, d.date, d.kind === 'first' ? 1 : d.kind === 'full' ? 2 : 3, d.change);
    audits.push({
      action: 'create',
      entity: 'vaccination_dose',
      entityId: id,
      personId: person.id,
      ...(screening
        ? { fields: ['dose', 'screening'] }
        : { fields: ['dose'], details: { historical: true } }),
    });
    events.push({
      topic: 'vaccination.dose_recorded',
      payload: {
        personId: person.id,
        doseId: id,
        disease: product.disease,
        doseNumber: check.doseNumber,
        communeCode: person.commune_code,
      },
    });
    if (after.status !== before.status)
      events.push({
        topic: 'vaccination.status_changed',
        payload: { personId: person.id, disease: product.disease, from: before.status, to: after.status },
      });
    lastDoseOf.set(person.id, id);
    const place = {
      provinceCode: person.province_code,
      districtCode: person.district_code,
      communeCode: person.commune_code,
    };
    places.set(`${place.provinceCode}|${place.districtCode}|${place.communeCode}`, { place, doseId: id });
    results.push({ ok: true, doseId: id, doseNumber: check.doseNumber });
  }
  if (doseRows.length === 0) return results;

  await tx.execute(
    sql`update vaccine_stock s set quantity = s.quantity - x.n, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(
          [...taken].map(([k, n]) => ({ lot: k.split('|')[0], facility: k.split('|')[1], n })),
        )}::jsonb) as x(lot uuid, facility uuid, n int)
        where s.lot_id = x.lot and s.facility_id = x.facility`,
  );
  await arrayInsert(tx, vaccinationDoses, doseRows);
  await saveStatuses(tx, [...touched.values()], (t) => listOf(t.person.id, t.disease), evaluate, rules);
  await tx.execute(
    sql`insert into vaccination_coverage_daily
          (disease, commune_code, age_band, day, district_code, province_code, doses, first_dose, full_schedule, booster)
        select disease, commune_code, age_band, day, district_code, province_code, doses, first_dose, full_schedule, booster
        from jsonb_to_recordset(${JSON.stringify(
          [...coverage.values()].map((c) => ({
            disease: c.disease,
            commune_code: c.person.commune_code ?? UNKNOWN_COMMUNE,
            age_band: ageBand(c.person.date_of_birth, c.day),
            day: c.day,
            district_code: c.person.district_code,
            province_code: c.person.province_code,
            doses: c.delta[0],
            first_dose: c.delta[1],
            full_schedule: c.delta[2],
            booster: c.delta[3],
          })),
        )}::jsonb) as x(disease text, commune_code text, age_band text, day date, district_code text,
          province_code text, doses int, first_dose int, full_schedule int, booster int)
        on conflict (disease, commune_code, age_band, day) do update set
          doses = vaccination_coverage_daily.doses + excluded.doses,
          first_dose = vaccination_coverage_daily.first_dose + excluded.first_dose,
          full_schedule = vaccination_coverage_daily.full_schedule + excluded.full_schedule,
          booster = vaccination_coverage_daily.booster + excluded.booster`,
  );
  await writeAudit(tx, access, origin, audits);
  await bulkInsert(tx, outbox, events);
  const live: LiveEvent[] = [...places.values()].map((p) => ({
    kind: 'indicator',
    id: p.doseId,
    place: p.place,
  }));
  await publishEvents(tx, live);
  if (deps.config.certificates.keySecret)
    for (const [personId, doseId] of lastDoseOf) {
      const p = personOf.get(personId)!;
      await issueVaccinationCertificate(
        tx,
        deps,
        access,
        {
          id: p.id,
          fullName: p.full_name,
          dateOfBirth: p.date_of_birth,
          provinceCode: p.province_code,
          districtCode: p.district_code,
          communeCode: p.commune_code,
        },
        { doseId },
      );
    }
  return results;
}
