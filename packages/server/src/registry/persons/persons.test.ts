import { foldText } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { queryRows } from '../../db/client.ts';
import { auditLog, persons } from '../../db/schema/index.ts';

// Phú Khương ward (28756) and Phú Tân ward (28757) are in Bến Tre city (829); An Khánh (28777?) is
// looked up from the unit list below rather than assumed.
const PHU_KHUONG = '28756';
const PHU_TAN = '28757';

describe('the person registry', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signInAs(t, 'province_admin', '83')).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async () =>
    (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(persons))[0]!.n;

  it('folds names in SQL exactly as core does, on this database', async () => {
    const names = [
      'Nguyễn Văn Đức',
      'NGUYỄN THỊ HOÀ',
      'Trần   Thị Hòa ',
      'Lê Quốc Vĩnh',
      'Huỳnh Thị Thủy',
      'ĐẶNG VĂN ĐÔNG',
    ];
    for (const name of [...names, ...names.map((n) => n.normalize('NFD'))]) {
      const [row] = await queryRows<{ f: string }>(
        t.database.db,
        sql`select regexp_replace(trim(lower(unaccent(${name}))), '\\s+', ' ', 'g') as f`,
      );
      expect(row!.f).toBe(foldText(name));
    }
  });

  it('registers a person, stores the name in NFC and finds them by name prefix without tones', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: admin,
      payload: {
        fullName: 'Nguyễn Văn Đức'.normalize('NFD'),
        dateOfBirth: '1985-03-14',
        sex: 'male',
        idNumber: '083085001234',
        phone: '+84 912 345 678',
        communeCode: PHU_KHUONG,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ decision: 'new' });
    const id = res.json<{ personId: string }>().personId;

    const search = await t.app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers: admin,
      payload: { q: 'nguyen van du' },
    });
    expect(search.json<{ items: { id: string; fullName: string }[] }>().items).toEqual([
      expect.objectContaining({
        id,
        fullName: 'Nguyễn Văn Đức'.normalize('NFC'),
        idNumberMasked: '083******234',
        phoneMasked: '091****678',
      }),
    ]);
    for (const q of ['083085001234', '0912345678', '84912345678', 'NGUYEN VAN DUC']) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/persons/search',
        headers: admin,
        payload: { q },
      });
      expect(r.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([id]);
    }
  });

  it('links a second record of the same human instead of creating a new person', async () => {
    const [first] = await addPeople(t.database, [
      {
        fullName: 'Trần Thị Hòa',
        dateOfBirth: '1990-07-02',
        sex: 'female',
        cccd: '083190004567',
        phone: '0987654321',
      },
    ]);
    const [byId, byDetails, stranger] = await addPeople(t.database, [
      { fullName: 'TRAN THI HOA', dateOfBirth: '1990-07-02', sex: 'female', cccd: '083190004567' },
      { fullName: 'Trần Thị Hoà', dateOfBirth: '1990-02-07', sex: 'female', phone: '+84987654321' },
      {
        fullName: 'Trần Thị Hòa',
        dateOfBirth: '1961-11-20',
        sex: 'female',
        phone: '0911111111',
        communeCode: PHU_TAN,
      },
    ]);
    expect(byId).toMatchObject({ decision: 'merged', matchedId: first!.personId });
    expect(byDetails!.decision).not.toBe('new');
    expect(byDetails!.matchedId).toBe(first!.personId);
    expect(stranger).toMatchObject({ decision: 'new' });
  });

  it('merging a reviewed pair keeps both histories and the merged ID keeps resolving', async () => {
    const [a] = await addPeople(t.database, [
      { fullName: 'Phạm Minh Tuấn', dateOfBirth: '1978-05-09', sex: 'male', address: 'Ấp 3' },
    ]);
    const [b] = await addPeople(t.database, [
      { fullName: 'Phạm Tuấn', dateOfBirth: '1978-05-09', sex: 'male', phone: '0909123456' },
    ]);
    expect(b).toMatchObject({ decision: 'review', matchedId: a!.personId });

    const queue = await t.app.inject({ method: 'GET', url: '/api/linkage/reviews', headers: admin });
    const review = queue
      .json<{ items: { id: string; a: { id: string }; b: { id: string } }[] }>()
      .items.find((r) => r.b.id === b!.personId);
    expect(review).toBeDefined();

    const decide = await t.app.inject({
      method: 'POST',
      url: `/api/linkage/reviews/${review!.id}/decide`,
      headers: admin,
      payload: { decision: 'merge', keepId: a!.personId },
    });
    expect(decide.statusCode).toBe(200);

    const viaOld = await t.app.inject({ method: 'GET', url: `/api/persons/${b!.personId}`, headers: admin });
    expect(viaOld.statusCode).toBe(200);
    const page = viaOld.json<{
      resolvedFrom: string;
      person: { id: string; phone: string; mergedFrom: { id: string }[]; history: { action: string }[] };
    }>();
    expect(page.resolvedFrom).toBe(b!.personId);
    expect(page.person.id).toBe(a!.personId);
    expect(page.person.phone).toBe('0909123456'); // the survivor took the phone it lacked
    expect(page.person.mergedFrom.map((m) => m.id)).toEqual([b!.personId]);
    expect(page.person.history.filter((h) => h.action === 'create')).toHaveLength(2); // both records' creation
    expect(page.person.history.some((h) => h.action === 'merge')).toBe(true);

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/linkage/reviews/${review!.id}/decide`,
      headers: admin,
      payload: { decision: 'merge' },
    });
    expect(again.statusCode).toBe(409);
  });

  it("the history lists changes to the record, not other modules' work about the person", async () => {
    const [p] = await addPeople(t.database, [
      { fullName: 'Võ Thị Hạnh', dateOfBirth: '1991-02-14', sex: 'female', phone: '0912000111' },
    ]);
    // A tracer confirmed a contact and a lab collected a specimen: audited against the person.
    await t.database.db.insert(auditLog).values([
      { actorRole: 'tracer', action: 'decide', entity: 'contact', personId: p!.personId, fields: ['status'] },
      {
        actorRole: 'tracer',
        action: 'create',
        entity: 'contact',
        personId: p!.personId,
        fields: ['proposal'],
      },
      {
        actorRole: 'lab_technician',
        action: 'create',
        entity: 'specimen',
        personId: p!.personId,
        fields: [],
      },
    ]);
    const res = await t.app.inject({ method: 'GET', url: `/api/persons/${p!.personId}`, headers: admin });
    expect(res.statusCode).toBe(200);
    const history = res.json<{ person: { history: { action: string; fields: string[] }[] } }>().person
      .history;
    // Only the record's creation: no "duplicate review decided" or "record created" for the others.
    expect(history.map((h) => h.action)).toEqual(['create']);
    expect(history[0]!.fields).toContain('fullName');
  });

  it('flags a CCCD that contradicts the recorded sex and year of birth', async () => {
    const [p] = await addPeople(t.database, [
      { fullName: 'Võ Thị Lan', dateOfBirth: '1992-01-01', sex: 'female', cccd: '083085009999' },
    ]);
    const res = await t.app.inject({ method: 'GET', url: `/api/persons/${p!.personId}`, headers: admin });
    const keys = res
      .json<{ person: { idIssues: { messageKey: string }[] } }>()
      .person.idIssues.map((i) => i.messageKey);
    expect(keys).toEqual(['registry.idIssue.CCCD_SEX_MISMATCH', 'registry.idIssue.CCCD_BIRTH_YEAR_MISMATCH']);
  });

  it('a commune officer finds only people of their commune; others are simply not found', async () => {
    const [mine, theirs] = await addPeople(t.database, [
      { fullName: 'Đỗ Văn Nam', dateOfBirth: '1970-01-01', sex: 'male', communeCode: PHU_KHUONG },
      { fullName: 'Đỗ Văn Nam', dateOfBirth: '1955-12-31', sex: 'male', communeCode: PHU_TAN },
    ]);
    const officer = (await signInAs(t, 'commune_officer', PHU_KHUONG)).headers;
    const search = await t.app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers: officer,
      payload: { q: 'do van nam' },
    });
    expect(search.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([mine!.personId]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/persons/${theirs!.personId}`, headers: officer }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/persons/${mine!.personId}`, headers: officer }))
        .statusCode,
    ).toBe(200);
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: officer,
      payload: { fullName: 'Ai Đó', dateOfBirth: null, sex: null, communeCode: PHU_TAN },
    });
    expect(outside.statusCode).toBe(403);
  });

  it('rejects bad input with a translated message and changes nothing', async () => {
    const before = await count();
    const cases: { payload: unknown; status: number; code: string; lang?: string }[] = [
      {
        payload: { fullName: 42, dateOfBirth: null, sex: null, communeCode: PHU_KHUONG },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        payload: { fullName: 'A', dateOfBirth: '2021-02-30', sex: null, communeCode: PHU_KHUONG },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        payload: { fullName: 'A', dateOfBirth: null, sex: 'x', communeCode: PHU_KHUONG },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        payload: { fullName: 'A'.repeat(500), dateOfBirth: null, sex: null, communeCode: PHU_KHUONG },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        payload: {
          fullName: "Robert'); DROP TABLE persons;--",
          dateOfBirth: null,
          sex: null,
          communeCode: '99999',
        },
        status: 422,
        code: 'UNKNOWN_CODE',
      },
      {
        payload: { fullName: 'A', dateOfBirth: null, sex: null, communeCode: PHU_KHUONG, idNumber: '12345' },
        status: 422,
        code: 'INVALID_ID_NUMBER',
      },
      {
        payload: { fullName: 'A', dateOfBirth: null, sex: null, communeCode: PHU_KHUONG, phone: '12' },
        status: 422,
        code: 'INVALID_PHONE',
        lang: 'en',
      },
      {
        payload: { fullName: 'A', dateOfBirth: null, sex: null, communeCode: PHU_KHUONG, isAdmin: true },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ];
    for (const c of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/persons',
        headers: { ...admin, 'accept-language': c.lang ?? 'vi' },
        payload: c.payload as object,
      });
      expect(res.statusCode, JSON.stringify(c.payload).slice(0, 80)).toBe(c.status);
      const body = res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe(c.code);
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: `{"fullName":"${'x'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(big.statusCode).toBe(413);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"fullName": ',
    });
    expect(broken.json<{ error: { code: string } }>().error.code).toBe('MALFORMED_REQUEST');
    expect(await count()).toBe(before);
  });

  it('refuses a mutating request without the CSRF header even with a valid session', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { cookie: admin.cookie! },
      payload: { fullName: 'A', dateOfBirth: null, sex: null, communeCode: PHU_KHUONG },
    });
    expect(res.statusCode).toBe(403);
  });

  it('follows the linkage thresholds in the policy store', async () => {
    const epi = (await signInAs(t, 'provincial_epidemiologist', '83')).headers;
    const pair = async (family: string) => {
      await addPeople(t.database, [
        { fullName: `${family} Thị Ngọc Hân`, dateOfBirth: '1999-04-04', sex: 'female' },
      ]);
      return (
        await addPeople(t.database, [
          { fullName: `${family} Ngọc Hân`, dateOfBirth: '1999-04-04', sex: 'female' },
        ])
      )[0]!;
    };
    expect((await pair('Bùi')).decision).toBe('review');
    const today = new Date().toISOString().slice(0, 10);
    const rule = {
      key: 'linkage.thresholds',
      diseaseCode: null,
      effectiveFrom: today,
      value: { match: 0.99, review: 0.95 },
      source: { document: 'test' },
      verification: 'confirmed',
    };
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/policy/rules', headers: epi, payload: rule }))
        .statusCode,
    ).toBe(201);
    expect((await pair('Đinh')).decision).toBe('new');
  });
});
