/**
 * Reminders reach people (issue #10.9), October 2021: after a first Comirnaty dose on
 * 1/9/2021 the second is due from 22/9. Sending reminders queues them; only a reminder the SMS
 * channel actually sent marks the person reminded; someone without a phone stays pending.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { demoInboxChannel } from '../notify/channels.ts';
import type { Channel, ChannelSet } from '../notify/channels.ts';
import { drainOutbox } from '../outbox/worker.ts';
import { reminderHandler } from './reminders.ts';
import { CLEAR_SCREENING, siteWithLot } from './test-fixtures.ts';

let t: TestApp;
let vaccinator: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ CERT_KEY_SECRET: 'test-certificate-key-secret-0123456789abcdef' });
  vaccinator = (await signInAs(t, 'vaccinator', '83')).headers;
});
afterAll(async () => {
  await t?.close();
});

const channels = (sms: Channel): ChannelSet => ({ sms, email: null, close: () => undefined });
const failing: Channel = {
  name: 'broken-gateway',
  send: () => Promise.reject(new Error('gateway 503')),
};

async function firstDose(fullName: string, phone: string | null): Promise<string> {
  const [p] = await addPeople(t.database, [{ fullName, dateOfBirth: '1980-02-02', sex: 'female', phone }]);
  const { facilityId, lotId } = await siteWithLot(t.database.db);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/vaccination/doses',
    headers: vaccinator,
    payload: {
      personId: p!.personId,
      facilityId,
      lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-01',
      screening: CLEAR_SCREENING,
    },
  });
  expect(res.statusCode).toBe(201);
  return p!.personId;
}

const reminded = async (personId: string) =>
  (
    await queryRows<{ last_reminder_for: number | null }>(
      t.database.db,
      sql`select last_reminder_for from vaccination_status where person_id = ${personId}`,
    )
  )[0]!.last_reminder_for;

const remind = () =>
  t.app.inject({
    method: 'POST',
    url: '/api/vaccination/reminders',
    headers: vaccinator,
    payload: { asOf: '2021-10-01' },
  });

describe('dose reminders in October 2021', () => {
  it('marks nobody when queuing; a failed SMS leaves the person pending; a sent one marks them, once', async () => {
    const lan = await firstDose('Trần Thị Lan', '0912000111');
    const queued = await remind();
    expect(queued.statusCode).toBe(200);
    expect(queued.json<{ queued: number }>().queued).toBeGreaterThanOrEqual(1);
    expect(await reminded(lan)).toBeNull();
    // A second click while they wait queues nothing twice.
    const again = await remind();
    const pending = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where topic = 'vaccination.dose_due' and payload->>'personId' = ${lan}`,
    );
    expect(pending[0]!.n).toBe(1);
    expect(again.json<{ queued: number }>().queued).toBe(0);

    // The SMS gateway is down: the event is retried later and Lan is still not reminded.
    await drainOutbox(t.database.db, { 'vaccination.dose_due': reminderHandler(channels(failing)) });
    expect(await reminded(lan)).toBeNull();

    // The gateway is back: the message goes out in both languages and Lan is marked for dose 2.
    await t.database.db.execute(
      sql`update outbox set available_at = now() where topic = 'vaccination.dose_due'`,
    );
    await drainOutbox(t.database.db, { 'vaccination.dose_due': reminderHandler(channels(demoInboxChannel)) });
    expect(await reminded(lan)).toBe(2);
    const [sms] = await queryRows<{ recipient: string; body: string }>(
      t.database.db,
      sql`select recipient, body from demo_messages where recipient = '0912000111'`,
    );
    expect(sms!.body).toContain('Bạn đến hạn tiêm mũi 2');
    expect(sms!.body).toContain('22/09/2021');
    expect(sms!.body).toContain('your COVID-19 vaccine dose 2 is due from 22/09/2021');
    // Reminded for dose 2: the next round does not queue her again.
    expect((await remind()).json<{ queued: number }>().queued).toBe(0);
  });

  it('leaves a person without a phone pending (not marked reminded)', async () => {
    const tam = await firstDose('Lê Thị Tâm', null);
    await remind();
    await drainOutbox(t.database.db, { 'vaccination.dose_due': reminderHandler(channels(demoInboxChannel)) });
    expect(await reminded(tam)).toBeNull();
  });

  it('has a consumer for the dose_due topic in the product’s outbox handlers', async () => {
    const { outboxHandlers } = await import('../workers.ts');
    const h = outboxHandlers({ config: t.config, database: t.database });
    expect(Object.keys(h.handlers)).toContain('vaccination.dose_due');
    h.close();
  });
});
