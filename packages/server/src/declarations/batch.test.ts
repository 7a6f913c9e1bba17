/**
 * Group commit of declarations (batch.ts) on a real database (PGlite and PostgreSQL): submissions
 * arriving together are stored by one transaction — each with its own person (by record id or
 * through record linkage), audit row (its caller's IP), outbox event and, when flagged, live
 * event — and a batch holding a retry of a stored submission falls back to one transaction per
 * submission: the retry answers with the first declaration, links nobody again, and the other
 * submission of that batch is stored all the same.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLARATION_CODES } from '@epilink/core';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { ANONYMOUS } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { subscribe } from '../events/hub.ts';
import type { LiveEvent } from '../events/publish.ts';
import { HOME } from '../testing/test-fixtures.ts';
import { checkForGroup, groupCommitStats, submitGrouped } from './batch.ts';
import type { SubmitInput } from './submit.ts';

let t: TestApp;
let healthId = '';

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ method: 'GET', url: '/api/declarations/questionnaires' });
  healthId = res.json<{ items: { id: string; kind: string }[] }>().items.find((i) => i.kind === 'health')!.id;
});
afterAll(async () => {
  await t?.close();
});

const coding = (c: string) => ({ valueCoding: { system: DECLARATION_CODES, code: c } });
function answers(flagged: boolean) {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      {
        linkId: 'symptoms',
        item: [
          { linkId: 'symptoms.has', answer: [{ valueBoolean: flagged }] },
          ...(flagged ? [{ linkId: 'symptoms.list', answer: [coding('fever')] }] : []),
        ],
      },
      {
        linkId: 'exposure',
        item: [
          { linkId: 'exposure.caseContact', answer: [{ valueBoolean: flagged }] },
          { linkId: 'exposure.outbreakArea', answer: [{ valueBoolean: false }] },
        ],
      },
      { linkId: 'travel', item: [{ linkId: 'travel.any', answer: [{ valueBoolean: false }] }] },
    ],
  };
}

function input(flagged: boolean, extra: Partial<SubmitInput>): SubmitInput {
  return {
    submissionId: randomUUID(),
    questionnaireId: healthId,
    communeCode: HOME.communeCode,
    response: answers(flagged),
    ...extra,
  };
}

/** Check every submission first, then hand them all to the group commit in one turn. */
async function together(sent: { access: Access; ip: string; input: SubmitInput }[]) {
  const db = t.database.db;
  const items = await Promise.all(
    sent.map((s) => checkForGroup(db, s.access, { ip: s.ip }, HOME.provinceCode, s.input)),
  );
  return Promise.all(items.map((item) => submitGrouped(t.database, item)));
}

describe('declarations arriving together are stored by one transaction', () => {
  it('stores each with its person, audit, outbox and live event; a retry in a batch falls back one by one', async () => {
    const [citizenPerson] = await addPeople(t.database, [{ fullName: 'Lê Thị Hoa', phone: '0912000001' }]);
    const citizen: Access = {
      actor: {
        kind: 'citizen',
        citizenId: randomUUID(),
        personId: citizenPerson!.personId,
        personIds: [citizenPerson!.personId],
      },
    };
    const guest = (name: string, phone: string) => ({ fullName: name, dateOfBirth: '1990-02-03', phone });
    const before = groupCommitStats(t.database);
    const sent = [
      { access: citizen, ip: '203.0.113.1', input: input(false, { personId: citizenPerson!.personId }) },
      {
        access: ANONYMOUS,
        ip: '203.0.113.2',
        input: input(true, { person: guest('Phạm Văn An', '0912000002') }),
      },
      {
        access: ANONYMOUS,
        ip: '203.0.113.3',
        input: input(false, { person: guest('Đỗ Thị Mai', '0912000003') }),
      },
    ];
    const heard: LiveEvent[] = [];
    const unsubscribe = await subscribe(t.database, (e) => heard.push(e));
    const outs = await together(sent);
    // One batch, one transaction for the three.
    expect(groupCommitStats(t.database)).toEqual({ batches: before.batches + 1, items: before.items + 3 });
    expect(outs.map((o) => [o.replayed, o.flagged, o.flagStatus])).toEqual([
      [false, false, 'none'],
      [false, true, 'open'],
      [false, false, 'none'],
    ]);
    expect(outs[0]!.personId).toBe(citizenPerson!.personId);
    const stored = await queryRows<{
      id: string;
      full_name: string;
      ip: string;
      xact: string;
      outbox: number;
    }>(
      t.database.db,
      sql`select d.id::text, p.full_name, a.ip, a.xact::text as xact,
            (select count(*)::int from outbox o where o.payload->>'declarationId' = d.id::text) as outbox
          from declarations d join persons p on p.id = d.person_id
          join audit_log a on a.entity = 'declaration' and a.entity_id = d.id::text and a.action = 'create'
          where d.submission_id in (${sql.join(
            sent.map((s) => sql`${s.input.submissionId}::uuid`),
            sql`, `,
          )})
          order by a.ip`,
    );
    expect(stored.map((r) => [r.id, r.full_name, r.ip, r.outbox])).toEqual([
      [outs[0]!.id, 'Lê Thị Hoa', '203.0.113.1', 1],
      [outs[1]!.id, 'Phạm Văn An', '203.0.113.2', 1],
      [outs[2]!.id, 'Đỗ Thị Mai', '203.0.113.3', 1],
    ]);
    expect(new Set(stored.map((r) => r.xact)).size).toBe(1);
    const [live] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from live_events where event->>'kind' = 'declaration' and event->>'id' = ${outs[1]!.id}`,
    );
    expect(live!.n).toBe(1);
    // ...and notified on commit: the commune's open screens hear the flagged one.
    await expect
      .poll(() => heard.filter((e) => e.kind === 'declaration').map((e) => e.id), { timeout: 10_000 })
      .toEqual([outs[1]!.id]);
    await unsubscribe();
    // Linkage's own writes (the new people's blocking keys, their audit rows) are in the same
    // transaction as the declarations naming them.
    const [linkage] = await queryRows<{ keys: number; audits: number; xacts: string[] }>(
      t.database.db,
      sql`with p as (select id from persons where full_name in ('Phạm Văn An', 'Đỗ Thị Mai'))
        select (select count(*)::int from person_blocking_keys k where k.person_id in (select id from p)) as keys,
          (select count(*)::int from audit_log a where a.entity = 'person' and a.action = 'create'
            and a.entity_id in (select id::text from p)) as audits,
          (select array_agg(distinct a.xact::text) from audit_log a where a.entity = 'person'
            and a.entity_id in (select id::text from p)) as xacts`,
    );
    expect(linkage!.keys).toBeGreaterThan(0);
    expect(linkage!.audits).toBe(2);
    expect(linkage!.xacts).toEqual([stored[0]!.xact]);
    // ...and so is linkage's event (written by the declarations' storing statement).
    const [created] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox o where o.topic = 'person.created'
        and o.xmin = (select xmin from declarations where id = ${outs[0]!.id})`,
    );
    expect(created!.n).toBe(1);

    // A retry of the second (its answer lost on the way) arrives with a new submission.
    const mid = groupCommitStats(t.database);
    const [retry, other] = await together([
      { access: ANONYMOUS, ip: '203.0.113.2', input: sent[1]!.input },
      {
        access: ANONYMOUS,
        ip: '203.0.113.4',
        input: input(false, { person: guest('Vũ Văn Nam', '0912000004') }),
      },
    ]);
    // The batch rolled back (a submission stored already), then each went alone.
    expect(groupCommitStats(t.database)).toEqual({ batches: mid.batches + 3, items: mid.items + 2 });
    expect(retry).toMatchObject({ id: outs[1]!.id, replayed: true, flagged: true });
    expect(other).toMatchObject({ replayed: false, flagged: false });
    const [counts] = await queryRows<{ an: number; nam: number; declarations: number }>(
      t.database.db,
      sql`select (select count(*)::int from persons where full_name = 'Phạm Văn An') as an,
            (select count(*)::int from persons where full_name = 'Vũ Văn Nam') as nam,
            (select count(*)::int from declarations where submission_id = ${sent[1]!.input.submissionId}) as declarations`,
    );
    expect(counts).toEqual({ an: 1, nam: 1, declarations: 1 });
  });

  it('a batch whose declarants match people already known stores the merge and the review queue entry with the declarations', async () => {
    const [known, namesake] = await addPeople(t.database, [
      { fullName: 'Trần Văn Bình', dateOfBirth: '1984-07-12', cccd: '083084001122' },
      { fullName: 'Nguyễn Văn Đức', dateOfBirth: null, sex: 'male' },
    ]);
    const [outMerged, outReviewed, outNew] = await together([
      {
        access: ANONYMOUS,
        ip: '203.0.113.5',
        input: input(false, { person: { fullName: 'TRAN VAN BINH', idNumber: '083084001122' } }),
      },
      {
        access: ANONYMOUS,
        ip: '203.0.113.6',
        input: input(false, { person: { fullName: 'NGUYEN VAN DUC', sex: 'male' } }),
      },
      {
        access: ANONYMOUS,
        ip: '203.0.113.7',
        input: input(false, { person: { fullName: 'Hồ Thị Thu', dateOfBirth: '2001-09-30' } }),
      },
    ]);
    // The certain match declares as the known person; the namesake is a new person queued for review.
    expect(outMerged!.personId).toBe(known!.personId);
    expect(outReviewed!.personId).not.toBe(namesake!.personId);
    const [row] = await queryRows<{ merges: number; reviews: number; statements: string[] }>(
      t.database.db,
      sql`select
          (select count(*)::int from person_merges m where m.survivor_id = ${known!.personId}) as merges,
          (select count(*)::int from linkage_reviews r where r.person_a = ${namesake!.personId}
            and r.person_b = ${outReviewed!.personId}) as reviews,
          (select array_agg(distinct x) from (
            select xmin::text || '/' || cmin::text as x from person_merges where survivor_id = ${known!.personId}
            union all select xmin::text || '/' || cmin::text from linkage_reviews where person_b = ${outReviewed!.personId}
            union all select xmin::text || '/' || cmin::text from persons
              where id in (${outReviewed!.personId}, ${outNew!.personId})
            union all select xmin::text || '/' || cmin::text from declarations
              where id in (${outMerged!.id}, ${outReviewed!.id}, ${outNew!.id})
          ) a) as statements`,
    );
    expect(row).toMatchObject({ merges: 1, reviews: 1 });
    // One statement of one transaction wrote them all: rows share their transaction's id (xmin)
    // and the number of the statement within it (cmin).
    expect(row!.statements).toHaveLength(1);
  });
});
