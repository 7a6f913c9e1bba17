/**
 * Declarations without an account (PGlite and PostgreSQL): an anonymous declarant is linked
 * through record linkage and a checkpoint scans their QR; bad answers are refused in the caller's
 * language with nothing stored; a questionnaire version is published by the policy role; a travel
 * route through a blockaded zone is flagged. The signed-in flow is in declarations.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { checkRollups } from '../indicators/check.ts';
import { zoneUnits, zones } from '../db/schema/index.ts';
import { HOME } from '../testing/test-fixtures.ts';
import { code, healthAnswers, healthQuestionnaireId } from './test-fixtures.ts';
import type { Answer } from './test-fixtures.ts';

let t: TestApp;
let healthId = '';

beforeAll(async () => {
  t = await createTestApp();
  healthId = await healthQuestionnaireId(t);
});
afterAll(async () => {
  await t?.close();
});

describe('anonymous declarations, checkpoints and refusals', () => {
  it('links an anonymous declarant through record linkage; a checkpoint scans the QR and records the passage', async () => {
    const payload = {
      submissionId: randomUUID(),
      questionnaireId: healthId,
      communeCode: HOME.communeCode,
      person: { fullName: 'Trần Văn Bình', dateOfBirth: '1975-01-09', phone: '0987000222' },
      response: healthAnswers({ fever: false, contact: false }),
    };
    // Sent twice at once (a retry racing the first): one declaration, one person, both answered.
    const [res, twin] = await Promise.all(
      [0, 1].map(() => t.app.inject({ method: 'POST', url: '/api/declarations', payload })),
    );
    expect([res!.statusCode, twin!.statusCode]).toEqual([201, 201]);
    const d = res!.json<Answer>();
    expect(d).toMatchObject({ action: 'none', flagged: false, flagStatus: 'none', suggestedTest: null });
    expect(twin!.json<Answer>().id).toBe(d.id);
    expect([d.replayed, twin!.json<Answer>().replayed].sort()).toEqual([false, true]);
    const [p] = await queryRows<{ full_name: string; commune_code: string; records: number }>(
      t.database.db,
      sql`select p.full_name, p.commune_code,
            (select count(*)::int from persons where full_name = p.full_name) as records
          from declarations d join persons p on p.id = d.person_id where d.submission_id = ${payload.submissionId}`,
    );
    expect(p).toEqual({ full_name: 'Trần Văn Bình', commune_code: HOME.communeCode, records: 1 });

    const guard = await signInAs(t, 'quarantine_officer', HOME.districtCode);
    const scan = await t.app.inject({
      method: 'POST',
      url: '/api/declarations/checkpoint-scan',
      headers: guard.headers,
      payload: { token: d.token, checkpoint: 'Chốt cầu Rạch Miễu' },
    });
    expect(scan.statusCode).toBe(200);
    expect(scan.json()).toMatchObject({
      declaration: { id: d.id, action: 'none', person: { fullName: 'Trần Văn Bình', birthYear: 1975 } },
    });
    const forged = `${d.token.slice(0, -2)}AA`;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/declarations/checkpoint-scan',
      headers: guard.headers,
      payload: { token: forged, checkpoint: 'Chốt cầu Rạch Miễu' },
    });
    expect(bad.statusCode).toBe(404);
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${d.id}`,
      headers: guard.headers,
    });
    expect(read.json<{ passages: { checkpoint: string }[] }>().passages.map((x) => x.checkpoint)).toEqual([
      'Chốt cầu Rạch Miễu',
    ]);
    // The situation room's declarations per day, recounted from the declarations: no difference.
    expect(await checkRollups(t.database.db)).toEqual({ differences: 0, sample: [] });
  });

  it('refuses bad answers with a translated message and stores nothing; 404 outside the jurisdiction', async () => {
    const submissionId = randomUUID();
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      headers: { 'accept-language': 'en' },
      payload: {
        submissionId,
        questionnaireId: healthId,
        communeCode: HOME.communeCode,
        person: { fullName: 'Lê Văn Cường' },
        response: {
          resourceType: 'QuestionnaireResponse',
          item: [{ linkId: 'symptoms', item: [{ linkId: 'symptoms.list', answer: [code('fever')] }] }],
        },
      },
    });
    expect(bad.statusCode).toBe(400);
    const messages = bad
      .json<{ error: { details: { message: string }[] } }>()
      .error.details.map((x) => x.message);
    expect(messages).toContain('Question "symptoms.has" is required.');
    expect(messages).toContain(
      'Question "symptoms.list" does not apply given the earlier answers and must not be answered.',
    );
    const [n] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from declarations where submission_id = ${submissionId}`,
    );
    expect(n!.n).toBe(0);
    const unknownCommune = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: {
        submissionId,
        questionnaireId: healthId,
        communeCode: '99999',
        person: { fullName: 'Lê Văn Cường' },
        response: healthAnswers({ fever: false, contact: false }),
      },
    });
    expect(unknownCommune.statusCode).toBe(422);

    const mine = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: {
        submissionId,
        questionnaireId: healthId,
        communeCode: HOME.communeCode,
        person: { fullName: 'Lê Văn Cường' },
        response: healthAnswers({ fever: true, contact: false }),
      },
    });
    const { id } = mine.json<Answer>();
    const elsewhere = await signInAs(t, 'commune_officer', '28759');
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${id}`,
      headers: elsewhere.headers,
    });
    expect(read.statusCode).toBe(404);
  });

  it('an official with the policy role publishes a new version; a malformed one is refused in their language', async () => {
    const epi = await signInAs(t, 'provincial_epidemiologist', HOME.provinceCode);
    const q = await t.app.inject({ method: 'GET', url: `/api/declarations/questionnaires/${healthId}` });
    const resource = q.json<{ resource: Record<string, unknown> }>().resource;
    const day = new Date(Date.now() + 86_400_000 * 3).toISOString().slice(0, 10);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/declarations/questionnaires',
      headers: epi.headers,
      payload: { kind: 'health', effectiveFrom: day, resource: { ...resource, version: '2026.1' } },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'health', version: '2026.1', effectiveFrom: day });
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/declarations/questionnaires',
      headers: { ...epi.headers, 'accept-language': 'vi' },
      payload: {
        kind: 'health',
        effectiveFrom: day,
        resource: {
          ...resource,
          version: '2026.2',
          item: [
            {
              linkId: 'a',
              type: 'boolean',
              text: 'A',
              enableWhen: [{ question: 'zz', operator: 'exists', answerBoolean: true }],
            },
          ],
        },
      },
    });
    expect(malformed.statusCode).toBe(400);
    expect(
      malformed.json<{ error: { details: { message: string }[] } }>().error.details.map((x) => x.message),
    ).toContain('Mục "a": điều kiện hiển thị tham chiếu câu hỏi không tồn tại "zz".');
    const officer = await signInAs(t, 'commune_officer', HOME.communeCode);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/declarations/questionnaires',
      headers: officer.headers,
      payload: { kind: 'health', effectiveFrom: day, resource: { ...resource, version: '2026.3' } },
    });
    expect(refused.statusCode).toBe(403);
    // Every version is listed for officials with policy:read: the one in force and the one to come.
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/declarations/questionnaires/versions',
      headers: officer.headers,
    });
    expect(all.json<{ items: { id: string }[] }>().items.map((v) => v.id)).toEqual(
      expect.arrayContaining([healthId, ok.json<{ id: string }>().id]),
    );
  });

  it('a travel declaration whose route crosses an active blockaded zone is flagged for a test', async () => {
    const [zone] = await t.database.db
      .insert(zones)
      .values({
        kind: 'blockade',
        name: 'Vùng phong tỏa thử',
        reason: 'ổ dịch',
        decisionRef: '01/QĐ-UBND',
        startsOn: '2021-07-01',
        drawnBy: 'units',
        ...HOME,
        communeCode: '28759',
      })
      .returning({ id: zones.id });
    await t.database.db
      .insert(zoneUnits)
      .values({ zoneId: zone!.id, communeCode: '28759', districtCode: HOME.districtCode });
    const list = await t.app.inject({ method: 'GET', url: '/api/declarations/questionnaires' });
    const travelId = list
      .json<{ items: { id: string; kind: string }[] }>()
      .items.find((i) => i.kind === 'travel')!.id;
    const trip = (from: string) => ({
      resourceType: 'QuestionnaireResponse',
      item: [
        {
          linkId: 'trip',
          item: [
            { linkId: 'trip.fromUnit', answer: [{ valueString: from }] },
            { linkId: 'trip.toUnit', answer: [{ valueString: HOME.communeCode }] },
            { linkId: 'trip.vehicle', answer: [code('motorbike')] },
            { linkId: 'trip.departDate', answer: [{ valueDate: '2021-07-20' }] },
            { linkId: 'trip.purpose', answer: [code('family')] },
          ],
        },
        { linkId: 'symptoms', item: [{ linkId: 'symptoms.has', answer: [{ valueBoolean: false }] }] },
        {
          linkId: 'exposure',
          item: [
            { linkId: 'exposure.caseContact', answer: [{ valueBoolean: false }] },
            { linkId: 'exposure.outbreakArea', answer: [{ valueBoolean: false }] },
          ],
        },
      ],
    });
    const send = (from: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/declarations',
        payload: {
          submissionId: randomUUID(),
          questionnaireId: travelId,
          communeCode: HOME.communeCode,
          person: { fullName: 'Phạm Văn Đi' },
          response: trip(from),
        },
      });
    const through = await send('28759');
    expect(through.statusCode).toBe(201);
    expect(through.json<Answer>()).toMatchObject({
      action: 'test',
      flagged: true,
      reasons: ['blockadedZone'],
    });
    const around = await send('28756');
    expect(around.json<Answer>()).toMatchObject({ action: 'none', flagged: false });
  });
});
