/**
 * A decision's degree update ends in ONE statement (cases/epiPublish.ts, issue #11 item 2): the
 * changed epi-status rows, the decision's live events followed by one `epiStatus` event per
 * changed person, the outbox rows followed by `epi.status_changed`, and the notification. What it
 * stores and what listeners hear must be what the two statements before it stored and sent.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import type { LiveEvent } from '../events/publish.ts';
import { subscribe } from '../events/hub.ts';
import { storeEpiRowsAndPublish } from './epiPublish.ts';
import type { EpiRow } from './graph.ts';
import { COMMUNE_A } from './test-fixtures.ts';

describe('the epi-status write and the live events in one statement', () => {
  let t: TestApp;
  let people: string[];
  const heard: LiveEvent[] = [];
  let stop: () => Promise<void>;
  const place = { provinceCode: '83', districtCode: '829', communeCode: '28756' };
  const contactEvent = (id: string): LiveEvent => ({ kind: 'contact', id, personId: id, caseId: id, place });
  const f1 = (personId: string, degree: number): EpiRow => ({
    person_id: personId,
    degree,
    proposed_degree: degree,
    exposed_on: '2022-03-02',
    status: 'f1',
  });
  /** Publish in one transaction; the events stored, the outbox rows and the status events returned. */
  const publish = async (rows: EpiRow[], events: LiveEvent[]) => {
    const [{ mark }] = (await queryRows<{ mark: string }>(
      t.database.db,
      sql`select coalesce(max(id), 0)::text as mark from live_events`,
    )) as [{ mark: string }];
    const [{ outboxMark }] = (await queryRows<{ outboxMark: string }>(
      t.database.db,
      sql`select coalesce(max(id), 0)::text as "outboxMark" from outbox`,
    )) as [{ outboxMark: string }];
    const status = await t.database.db.transaction((tx) =>
      storeEpiRowsAndPublish(tx, 'COVID-19', rows, {
        events,
        outbox: [{ topic: 'contact.decided', payload: { contactId: events[0]!.id, decision: 'confirm' } }],
      }),
    );
    const stored = await queryRows<{ id: string; event: LiveEvent }>(
      t.database.db,
      sql`select id::text, event from live_events where id > ${mark}::bigint order by live_events.id`,
    );
    const queued = await queryRows<{ topic: string; payload: unknown }>(
      t.database.db,
      sql`select topic, payload from outbox where id > ${outboxMark}::bigint order by id`,
    );
    return { status, stored, queued };
  };
  /** Every stored event reaches the listener, in order, with its id. */
  const expectHeard = async (stored: { id: string; event: LiveEvent }[]) => {
    const want = stored.map((s) => ({ ...s.event, eventId: s.id }));
    for (let i = 0; i < 200 && !want.every((w) => heard.some((h) => h.eventId === w.eventId)); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(heard.filter((h) => want.some((w) => w.eventId === h.eventId))).toEqual(want);
  };

  beforeAll(async () => {
    t = await createTestApp();
    people = (
      await addPeople(t.database, [
        { fullName: 'Phan Văn Một' },
        { fullName: 'Phan Thị Hai' },
        { fullName: 'Phan Ba' },
      ])
    ).map((o) => o.personId);
    stop = await subscribe(t.database, (e) => heard.push(e));
  });
  afterAll(async () => {
    await stop();
  });

  it('stores the rows, the events in order and the outbox rows, and notifies them once', async () => {
    const [one, two] = people as [string, string];
    const { status, stored, queued } = await publish([f1(one, 1), f1(two, 2)], [contactEvent(one)]);
    const epi = (id: string) => ({ kind: 'epiStatus', id, personId: id, place: COMMUNE_A });
    expect(status).toEqual([epi(one), epi(two)]);
    expect(stored.map((s) => s.event)).toEqual([contactEvent(one), epi(one), epi(two)]);
    expect(queued).toEqual([
      { topic: 'contact.decided', payload: { contactId: one, decision: 'confirm' } },
      { topic: 'epi.status_changed', payload: { personIds: [one, two] } },
    ]);
    const rows = await queryRows<{ degree: number; commune_code: string }>(
      t.database.db,
      sql`select degree, commune_code from person_epi_status where person_id in (${one}, ${two}) order by degree`,
    );
    expect(rows).toEqual([
      { degree: 1, commune_code: '28756' },
      { degree: 2, commune_code: '28756' },
    ]);
    await expectHeard(stored);

    // The same rows again change nothing: no status event, no `epi.status_changed`.
    const again = await publish([f1(one, 1)], [contactEvent(one)]);
    expect(again.status).toEqual([]);
    expect(again.stored.map((s) => s.event)).toEqual([contactEvent(one)]);
    expect(again.queued.map((q) => q.topic)).toEqual(['contact.decided']);
    await expectHeard(again.stored);
  });

  it('events too many for one notification are stored the same and heard in several', async () => {
    const three = people[2]!;
    const many = Array.from({ length: 60 }, (_, i) =>
      contactEvent(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
    );
    const { status, stored } = await publish([f1(three, 3)], many);
    expect(status.map((e) => e.id)).toEqual([three]);
    expect(stored.map((s) => s.event.id)).toEqual([...many.map((e) => e.id), three]);
    await expectHeard(stored);
  });
});
