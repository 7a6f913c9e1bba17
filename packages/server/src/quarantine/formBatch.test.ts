/**
 * Group commit of link forms (issue #16, forms_per_s): three forms arriving together are recorded
 * by one batch — a plain one, one with SpO2 93 % (its alert raised in the same statement) and one
 * for an order already released (refused on its own, nothing stored for it); every stored form and
 * alert has its audit row naming it.
 */
import { addDays, today } from '@epilink/core';
import type { HealthReadings } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { ANONYMOUS } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { recordLinkForms } from './formBatch.ts';

const calm: HealthReadings = {
  symptoms: [],
  temperatureC: 36.8,
  spo2: 98,
  pulse: 80,
  respiratoryRate: 16,
  systolic: null,
  diastolic: null,
};

describe('health forms sent through links at the same time', () => {
  let t: TestApp;
  let active: string;
  let released: string;

  beforeAll(async () => {
    t = await createTestApp();
    const rows = await queryRows<{ id: string; status: string }>(
      t.database.db,
      sql`with p as (
            insert into persons (full_name, name_key, date_of_birth, province_code, district_code, commune_code, source)
            select 'Người ' || g, 'nguoi ' || g, date '1980-01-01', '86', '831', '28756', 'test'
            from generate_series(1, 2) g returning id, full_name)
          insert into quarantine_orders (person_id, disease_code, role, kind, status, start_date, quarantine_end,
            end_date, forms_per_day, province_code, district_code, commune_code)
          select id, 'COVID-19', 'F1', 'home_quarantine', case when full_name = 'Người 1' then 'active' else 'released' end,
            ${addDays(today(), -1)}::date, ${addDays(today(), 5)}::date, ${addDays(today(), 5)}::date, 2,
            '86', '831', '28756' from p returning id, status`,
    );
    active = rows.find((r) => r.status === 'active')!.id;
    released = rows.find((r) => r.status === 'released')!.id;
  });
  afterAll(() => t?.close());

  it('stores the batch in one go, raises the alert, refuses the released order alone', async () => {
    const at = new Date();
    const form = (orderId: string, readings: HealthReadings, ip = '192.0.2.1') => ({
      orderId,
      readings,
      access: ANONYMOUS,
      origin: { ip },
      at,
    });
    // On the pool, as the batcher sends it (the alert's batch writes in one transaction); two
    // phones' addresses, each kept on its own audit rows.
    const answers = await recordLinkForms(t.database.db, [
      form(active, calm),
      form(active, { ...calm, spo2: 93 }, '198.51.100.7'),
      form(released, calm),
    ]);
    expect(answers[0]).toMatchObject({ outcome: { signs: [], alertId: null } });
    expect(answers[1]).toMatchObject({ outcome: { signs: [{ code: 'spo2', value: 93 }] } });
    expect(answers[2]).toMatchObject({ error: { code: 'QUARANTINE_LINK_INVALID' } });
    const forms = await queryRows<{ id: string; order_id: string; spo2: number }>(
      t.database.db,
      sql`select id::text, order_id::text, spo2 from quarantine_forms order by id`,
    );
    expect(forms.map((f) => [f.order_id, f.spo2])).toEqual([
      [active, 98],
      [active, 93],
    ]);
    const alertId = 'outcome' in answers[1]! ? answers[1].outcome.alertId : null;
    const [alert] = await queryRows<{ form_id: string; level: string }>(
      t.database.db,
      sql`select form_id, level from quarantine_alerts where id = ${alertId}::uuid`,
    );
    expect(alert).toEqual({ form_id: forms[1]!.id, level: 'commune' });
    const audit = await queryRows<{ entity: string; entity_id: string; ip: string }>(
      t.database.db,
      sql`select entity, entity_id, ip from audit_log where entity in ('quarantine_form', 'quarantine_alert')
          order by entity, entity_id`,
    );
    expect(audit).toEqual([
      { entity: 'quarantine_alert', entity_id: alertId, ip: '198.51.100.7' },
      ...[
        { entity: 'quarantine_form', entity_id: forms[0]!.id, ip: '192.0.2.1' },
        { entity: 'quarantine_form', entity_id: forms[1]!.id, ip: '198.51.100.7' },
      ].sort((a, b) => (a.entity_id < b.entity_id ? -1 : 1)),
    ]);
  });
});
