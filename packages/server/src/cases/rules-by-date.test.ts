/**
 * Case and contact rules as the Ministry wrote them, each story at a date of its period (issue 10,
 * items 1, 2 and 4), on PGlite and PostgreSQL: a case before any confirmation rule is flagged, not
 * confirmed by a later rule; in August 2021 only RT-PCR confirms and an F1 is followed 28 days
 * (5599/BYT-MT); in March 2022 an F1's positive rapid test confirms them (the graph supplies the
 * epidemiological link), a stranger's stays suspected, follow-up lasts 10 days (762/BYT-DP), and
 * the F0's recovery does not clear the F1.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { systemAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { recomputeComponent } from './graph.ts';
import { applyTestResult } from './intake.ts';
import { COMMUNE_A, household } from './test-fixtures.ts';

let t: TestApp;
let tracer: Record<string, string>;
let official: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  tracer = (await signInAs(t, 'tracer', COMMUNE_A.communeCode)).headers;
  official = (await signInAs(t, 'commune_officer', COMMUNE_A.communeCode)).headers;
});
afterAll(async () => {
  await t?.close();
});

/** A lab result reaching the case module at a given sample time (as testing would call it). */
async function result(
  personId: string,
  testType: 'rtPcr' | 'rapidAntigen',
  sampledAt: string,
  symptomatic: boolean | null = null,
) {
  return t.database.db.transaction((tx) =>
    applyTestResult(
      tx,
      systemAccess('test'),
      {
        resultId: randomUUID(),
        personId,
        diseaseCode: 'COVID-19',
        testType,
        outcome: 'positive',
        ct: testType === 'rtPcr' ? 22 : null,
        sampledAt: new Date(sampledAt),
        symptomatic,
      },
      { ip: null },
    ),
  );
}

async function caseOf(caseId: string) {
  const [row] = await queryRows<{ classification: string; missing_rules: string[]; document: string | null }>(
    t.database.db,
    sql`select c.classification, c.missing_rules, r.source->>'document' as document
      from cases c left join policy_rules r on r.id = c.rule_id where c.id = ${caseId}`,
  );
  return row!;
}

async function contactOf(caseId: string, personId: string) {
  const [row] = await queryRows<{ id: string; monitoring_until: string | null; followups: number }>(
    t.database.db,
    sql`select c.id, to_char(c.monitoring_until, 'YYYY-MM-DD') as monitoring_until,
        (select count(*)::int from contact_followups f where f.contact_id = c.id) as followups
      from contacts c where c.case_id = ${caseId} and c.person_id = ${personId}`,
  );
  return row!;
}

async function confirm(contactId: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/contacts/${contactId}/decision`,
    headers: tracer,
    payload: { decision: 'confirm' },
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function epi(personId: string) {
  const [row] = await queryRows<{ degree: number | null; status: string }>(
    t.database.db,
    sql`select degree, status from person_epi_status where person_id = ${personId}`,
  );
  return row;
}

describe('a case before the first national confirmation rule (March 2021)', () => {
  it('is flagged for review instead of being confirmed by a later rule', async () => {
    const [lan] = await household(t, COMMUNE_A, [{ fullName: 'Võ Thị Lan', dateOfBirth: '1970-01-01' }]);
    const { caseId } = await result(lan!, 'rtPcr', '2021-03-15T02:00:00Z');
    const c = await caseOf(caseId!);
    expect(c.classification).toBe('suspected');
    expect(c.missing_rules).toEqual(['case.confirmationRule']);
    expect(c.document).toBeNull();
    const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: official });
    expect(res.json<{ case: { missingRules: string[] } }>().case.missingRules).toEqual([
      'case.confirmationRule',
    ]);
  });
});

describe('August 2021: RT-PCR only (2022/QĐ-BYT), F1s followed 14 + 14 days (5599/BYT-MT)', () => {
  it('a rapid positive with symptoms is not yet confirmed; the RT-PCR confirms it', async () => {
    const [minh, mai] = await household(t, COMMUNE_A, [
      { fullName: 'Đặng Văn Minh', dateOfBirth: '1965-04-04', sex: 'male' },
      { fullName: 'Đặng Thị Mai', dateOfBirth: '1968-08-08', sex: 'female' },
    ]);
    const { caseId } = await result(minh!, 'rapidAntigen', '2021-08-10T02:00:00Z', true);
    expect((await caseOf(caseId!)).classification).toBe('probable');
    await result(minh!, 'rtPcr', '2021-08-10T09:00:00Z');
    const c = await caseOf(caseId!);
    expect([c.classification, c.document, c.missing_rules]).toEqual(['confirmed', '2022/QĐ-BYT', []]);
    // The wife, a household contact exposed on 10/8/2021, is followed 28 days.
    const contact = await contactOf(caseId!, mai!);
    await confirm(contact.id);
    expect(await contactOf(caseId!, mai!)).toMatchObject({ monitoring_until: '2021-09-07', followups: 28 });
  });
});

describe('March 2022: an F1 with a positive rapid test (11042/BYT-DP), 762/BYT-DP follow-up', () => {
  it('confirms the F1 by the epidemiological link from the graph; a stranger stays suspected', async () => {
    const [an, binh] = await household(t, COMMUNE_A, [
      { fullName: 'Huỳnh Văn An', dateOfBirth: '1980-01-01', sex: 'male' },
      { fullName: 'Huỳnh Thị Bình', dateOfBirth: '1982-02-02', sex: 'female' },
    ]);
    const [chi] = await household(t, COMMUNE_A, [{ fullName: 'Tô Thị Chi', dateOfBirth: '1990-03-03' }]);
    const { caseId } = await result(an!, 'rtPcr', '2022-03-01T02:00:00Z');
    const contact = await contactOf(caseId!, binh!);
    await confirm(contact.id);
    // 762/BYT-DP: 10 days in all (7 + 3 for an unvaccinated contact) from the exposure on 1/3.
    expect(await contactOf(caseId!, binh!)).toMatchObject({ monitoring_until: '2022-03-11', followups: 10 });

    const binhCase = await result(binh!, 'rapidAntigen', '2022-03-05T02:00:00Z', false);
    expect(await caseOf(binhCase.caseId!)).toMatchObject({
      classification: 'confirmed',
      document: '11042/BYT-DP',
    });
    const chiCase = await result(chi!, 'rapidAntigen', '2022-03-05T02:00:00Z', false);
    expect((await caseOf(chiCase.caseId!)).classification).toBe('suspected');
  });

  it('the F0’s recovery leaves the F1 an F1 for their own monitoring period', async () => {
    const [hoa, hung] = await household(t, COMMUNE_A, [
      { fullName: 'Lý Thị Hoa', dateOfBirth: '1975-05-05', sex: 'female' },
      { fullName: 'Lý Văn Hùng', dateOfBirth: '1977-07-07', sex: 'male' },
    ]);
    const { caseId } = await result(hoa!, 'rtPcr', '2022-03-02T02:00:00Z');
    await confirm((await contactOf(caseId!, hung!)).id);
    const close = await t.app.inject({
      method: 'PATCH',
      url: `/api/cases/${caseId}`,
      headers: official,
      payload: { outcome: 'recovered', outcomeDate: '2022-03-09' },
    });
    expect(close.statusCode, close.body).toBe(200);
    expect(await epi(hoa!)).toMatchObject({ degree: 0, status: 'recovered' });
    expect((await epi(hung!))?.degree).toBe(1);
    // Seen on 10/3/2022, inside Hùng's own monitoring (to 12/3): still F1.
    await t.database.db.transaction((tx) => recomputeComponent(tx, [hoa!], 'COVID-19', '2022-03-10'));
    expect(await epi(hung!)).toMatchObject({ degree: 1, status: 'f1' });
    await t.database.db.transaction((tx) => recomputeComponent(tx, [hoa!], 'COVID-19', '2022-03-13'));
    expect(await epi(hung!)).toMatchObject({ degree: 1, status: 'cleared' });
  });
});

describe('today: an F0 who recovers does not clear their F1 (through the API)', () => {
  it('the contact still reads F1 while follow-up calls are due', async () => {
    const [quang, thu] = await household(t, COMMUNE_A, [
      { fullName: 'Mai Văn Quang', dateOfBirth: '1960-06-06', sex: 'male' },
      { fullName: 'Mai Thị Thu', dateOfBirth: '1962-02-02', sex: 'female' },
    ]);
    const { caseId } = await result(quang!, 'rtPcr', new Date(Date.now() - 3_600_000).toISOString());
    await confirm((await contactOf(caseId!, thu!)).id);
    expect((await epi(thu!))?.status).toBe('f1');
    const close = await t.app.inject({
      method: 'PATCH',
      url: `/api/cases/${caseId}`,
      headers: official,
      payload: { outcome: 'recovered' },
    });
    expect(close.statusCode, close.body).toBe(200);
    expect((await epi(quang!))?.status).toBe('recovered');
    expect(await epi(thu!)).toMatchObject({ degree: 1, status: 'f1' });
  });
});

describe('tracing scope follows the window (issue 10, item 5)', () => {
  it('an onset entered after confirmation adds the earlier days to the overlap search and the hold', async () => {
    const { approvedVenue } = await import('../../test/checkin/fixtures.ts');
    const venue = await approvedVenue(t, { name: 'Quán bún Cô Ba' });
    const [sau] = await household(t, COMMUNE_A, [{ fullName: 'Trương Văn Sáu', dateOfBirth: '1972-02-02' }]);
    const [bay] = await household(t, COMMUNE_A, [{ fullName: 'Đỗ Thị Bảy', dateOfBirth: '1974-04-04' }]);
    // Five days ago they ate side by side for half an hour.
    const at = new Date(Date.now() - 5 * 86_400_000);
    for (const [personId, key] of [
      [sau!, 'sau'],
      [bay!, 'bay'],
    ] as const) {
      await t.database.db.execute(
        sql`insert into checkins (venue_id, person_id, visitor_key, method, checked_in_at, checked_out_at,
            province_code, district_code, commune_code)
          values (${venue.id}, ${personId}, ${`test-${key}`}, 'self', ${at.toISOString()}::timestamptz,
            ${new Date(at.getTime() + 30 * 60_000).toISOString()}::timestamptz, '83', '829', '28756')`,
      );
    }
    // Sáu tests positive today with no symptoms known: the window starts 2 days before the sample.
    const { caseId } = await result(sau!, 'rtPcr', new Date(Date.now() - 3_600_000).toISOString());
    const proposedBay = async () =>
      (
        await queryRows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from contacts where case_id = ${caseId} and person_id = ${bay!}`,
        )
      )[0]!.n;
    expect(await proposedBay()).toBe(0);

    // At interview he says his fever began 6 days ago: the window now starts 8 days ago.
    const onset = new Date(Date.now() - 6 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/cases/${caseId}`,
      headers: official,
      payload: { onsetDate: onset, symptomatic: true },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(await proposedBay()).toBe(1);
    const [hold] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from checkin_holds where investigation = ${`case:${caseId}`}
        and released_at is null and from_at <= ${at.toISOString()}::timestamptz`,
    );
    expect(hold!.n).toBe(1);
  });
});
