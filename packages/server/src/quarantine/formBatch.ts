/**
 * Group commit of the health forms sent through the signed link (issue #16 item 3, the
 * `forms_per_s` target): concurrent forms of this process are collected (db/microBatch.ts, no
 * timer: sent at the next turn of the event loop, batches grow with the load) and recorded by TWO
 * statements whatever their number — one read (the orders, `= any`, the warning-sign rule's
 * versions and the forms' ids from their sequence), then every form, its alert when it shows a
 * warning sign and their audit rows in one data-modifying statement, which is its own transaction
 * (no begin/commit round trips); a batch that raises alerts writes that statement and the alerts'
 * live events in one transaction — instead of four statements and a commit (a WAL flush) per form. The rules are the same as `submitForm`'s (an
 * order active on the day, core `warningSigns` by the rule in force, children's bands by age).
 *
 * Durability is unchanged: a caller is answered after the transaction holding its form commits.
 * A form whose link no longer opens an active order gets its own refusal; if the batch fails, its
 * forms are retried one by one (the batcher), so one bad form never fails the others.
 */
import { AppError, ageOn, localDay, warningSigns } from '@epilink/core';
import type { HealthReadings } from '@epilink/core';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { auditInsertGroups } from '../audit/audit.ts';
import type { AuditEntry, AuditOrigin } from '../audit/audit.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { MicroBatcher } from '../db/microBatch.ts';
import { persons, quarantineAlerts, quarantineForms, quarantineOrders } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { policyInForceFromJson, policyRowsJson } from '../policy/store.ts';
import type { FormOutcome } from './forms.ts';

/** One form sent through a link: the order its token opened, the readings, who and when. */
export interface LinkForm {
  orderId: string;
  readings: HealthReadings;
  access: Access;
  origin: AuditOrigin;
  at: Date;
}

type Answer = { outcome: FormOutcome } | { error: AppError };

const DEFAULT_HOTLINES = { advice: '1022', emergency: '115' };

/** What the batch reads of an order (json_build_object in `readBatch`). */
interface OrderRow {
  id: string;
  status: string;
  startDate: string;
  endDate: string;
  diseaseCode: string;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
  personId: string;
  dateOfBirth: string | null;
}

/**
 * Everything a batch reads, in ONE statement: its orders (only the fields the rules need, with the
 * person's date of birth), the warning-sign rule's versions (once, not once per order) and the
 * forms' ids drawn from their sequence (so their alerts and audit rows can name them).
 */
async function readBatch(db: DbOrTx, orderIds: readonly string[], count: number) {
  const [row] = await queryRows<{ orders: OrderRow[]; rules: Record<string, unknown>[]; ids: string[] }>(
    db,
    sql`select ${policyRowsJson('quarantine.warningSigns')} as rules,
        array(select nextval('quarantine_forms_id_seq')::text from generate_series(1, ${count}::int)) as ids,
        coalesce((select json_agg(json_build_object('id', o.id, 'status', o.status, 'startDate', o.start_date,
            'endDate', o.end_date, 'diseaseCode', o.disease_code, 'provinceCode', o.province_code,
            'districtCode', o.district_code, 'communeCode', o.commune_code, 'personId', o.person_id,
            'dateOfBirth', p.date_of_birth))
          from ${quarantineOrders} o join ${persons} p on p.id = o.person_id
          where o.id = any(${`{${orderIds.join(',')}}`}::uuid[])), '[]'::json) as orders`,
  );
  return row!;
}

/**
 * Record a batch of link forms: one read (`readBatch`), then the forms, their alerts and audit rows
 * in one data-modifying statement — its own transaction when `db` is the pool (a single statement
 * commits or rolls back whole). A batch that raises alerts adds their live events, so its write and
 * the events go in one transaction (a savepoint when `db` is already a transaction).
 */
export async function recordLinkForms(db: DbOrTx, forms: readonly LinkForm[]): Promise<Answer[]> {
  const read = await readBatch(db, [...new Set(forms.map((f) => f.orderId))], forms.length);
  const byId = new Map(read.orders.map((o) => [o.id, o]));
  const drawn = read.ids;
  /** The rule in force, per day and disease, computed once per batch. */
  const rules = new Map<string, ReturnType<typeof policyInForceFromJson<'quarantine.warningSigns'>>>();
  const ruleOn = (day: string, disease: string) => {
    const key = `${day}\u0000${disease}`;
    if (!rules.has(key))
      rules.set(key, policyInForceFromJson(db, 'quarantine.warningSigns', read.rules, day, disease));
    return rules.get(key);
  };
  const answers: Answer[] = [];
  const formRows: Record<string, unknown>[] = [];
  const alertRows: Record<string, unknown>[] = [];
  const audits = new Map<string, { access: Access; origin: AuditOrigin; entries: AuditEntry[] }>();
  const events: Parameters<typeof publishEvents>[1][number][] = [];
  // The province's day of each form: computed twice per batch when its forms all fall on one day
  // (the days of the earliest and the latest are the same, so every day between is that day too).
  const times = forms.map((f) => f.at.getTime());
  const first = localDay(new Date(Math.min(...times)));
  const oneDay = first === localDay(new Date(Math.max(...times)));
  for (const f of forms) {
    const o = byId.get(f.orderId);
    const day = oneDay ? first : localDay(f.at);
    if (!o || o.status !== 'active' || day > o.endDate || day < o.startDate) {
      answers.push({ error: new AppError('QUARANTINE_LINK_INVALID') });
      continue;
    }
    const { dateOfBirth } = o;
    const rule = ruleOn(day, o.diseaseCode);
    const r = f.readings;
    const signs = rule ? warningSigns(rule.value, r, dateOfBirth ? ageOn(dateOfBirth, day) : null) : [];
    const formId = drawn[answers.length]!;
    const alertId = signs.length > 0 ? randomUUID() : null;
    const at = f.at.toISOString();
    const place = { provinceCode: o.provinceCode, districtCode: o.districtCode, communeCode: o.communeCode };
    formRows.push({
      id: formId,
      order_id: o.id,
      province_code: o.provinceCode,
      district_code: o.districtCode,
      commune_code: o.communeCode,
      submitted_at: at,
      symptoms: [...r.symptoms],
      temperature_c: r.temperatureC,
      spo2: r.spo2,
      pulse: r.pulse,
      respiratory_rate: r.respiratoryRate,
      systolic: r.systolic,
      diastolic: r.diastolic,
      warning_signs: signs,
    });
    const key = `${f.origin.ip ?? ''}\u0000${f.origin.purpose ?? ''}`;
    const group = audits.get(key) ?? { access: f.access, origin: f.origin, entries: [] };
    group.entries.push({
      action: 'create',
      entity: 'quarantine_form',
      entityId: formId,
      personId: o.personId,
      fields: ['readings'],
      details: { orderId: o.id, filledBy: 'person', signs: signs.length },
    });
    if (alertId) {
      alertRows.push({
        id: alertId,
        form_id: formId,
        order_id: o.id,
        person_id: o.personId,
        ...place,
        signs,
        at,
      });
      group.entries.push({
        action: 'create',
        entity: 'quarantine_alert',
        entityId: alertId,
        personId: o.personId,
        fields: ['level'],
        details: { kind: 'warningSign', level: 'commune', signs: signs.map((s) => s.code) },
      });
      events.push({ kind: 'quarantineAlert', id: alertId, personId: o.personId, place });
    }
    audits.set(key, group);
    answers.push({ outcome: { formId, signs, alertId, hotlines: rule?.value.hotlines ?? DEFAULT_HOTLINES } });
  }
  if (formRows.length > 0) {
    const alerts =
      alertRows.length > 0
        ? sql`, a as (insert into ${quarantineAlerts} (id, order_id, person_id, province_code, district_code,
              commune_code, kind, form_id, signs, dedup_key, level_since, raised_at)
            select x.id, x.order_id, x.person_id, x."provinceCode", x."districtCode", x."communeCode", 'warningSign',
              x.form_id::text, x.signs, 'form:' || x.form_id, x.at, x.at
            from jsonb_to_recordset(${JSON.stringify(alertRows)}::jsonb) as x(id uuid, form_id text, order_id uuid,
              person_id uuid, "provinceCode" text, "districtCode" text, "communeCode" text, signs jsonb, at timestamptz)
            where x.form_id::bigint in (select id from f))`
        : sql``;
    // Every form's audit rows, whatever its phone's address, in one insert (not one per address).
    const audited = sql`, au as (${auditInsertGroups([...audits.values()])})`;
    const write = sql`with f as (insert into ${quarantineForms} (id, order_id, province_code, district_code, commune_code,
            submitted_at, filled_by, worker_id, symptoms, temperature_c, spo2, pulse, respiratory_rate,
            systolic, diastolic, warning_signs)
          select x.id, x.order_id, x.province_code, x.district_code, x.commune_code, x.submitted_at, 'person', null,
            x.symptoms, x.temperature_c, x.spo2, x.pulse, x.respiratory_rate, x.systolic, x.diastolic, x.warning_signs
          from jsonb_to_recordset(${JSON.stringify(formRows)}::jsonb) as x(id bigint, order_id uuid, province_code text,
            district_code text, commune_code text, submitted_at timestamptz, symptoms jsonb, temperature_c real,
            spo2 real, pulse int, respiratory_rate int, systolic int, diastolic int, warning_signs jsonb)
          returning id)
        ${alerts}${audited}
        select count(*) from f`;
    if (events.length === 0) await db.execute(write);
    else
      await db.transaction(async (tx) => {
        await tx.execute(write);
        await publishEvents(tx, events);
      });
  }
  return answers;
}

/** One batcher per database (its pool, or the PGlite instance). */
const batchers = new WeakMap<object, MicroBatcher<LinkForm, Answer>>();

/**
 * Submit a form through the link with the other forms arriving at the same time (group commit).
 * Answers with the form's outcome once its batch has committed; a refused form throws its error.
 */
export async function submitLinkForm(database: Database, form: LinkForm): Promise<FormOutcome> {
  const key: object = database.pool ?? database.pglite ?? database.db;
  let batcher = batchers.get(key);
  if (!batcher) {
    batcher = new MicroBatcher<LinkForm, Answer>((items) => recordLinkForms(database.db, items), {
      maxInFlight: 2,
      maxItems: 200,
    });
    batchers.set(key, batcher);
  }
  const answer = await batcher.submit(form);
  if ('error' in answer) throw answer.error;
  return answer.outcome;
}
