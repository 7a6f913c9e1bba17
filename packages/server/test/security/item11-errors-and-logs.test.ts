/**
 * Issue 9, item 11 (both databases): a database error must not write names, ids or case data to
 * the log; a NUL byte or a lone surrogate in any field is refused at validation (400, translated,
 * nothing stored); a reference to a record that does not exist or a duplicate is 422/409, never 500.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Database } from '../../src/db/client.ts';
import { queryRows } from '../../src/db/client.ts';
import { addPeople, createTestDatabase, signIn, TEST_PASSWORD, testConfig } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { createUser } from '../../src/auth/users.ts';

const SECRET_NAME = 'Nguyễn Thị Bí Mật';
const SECRET_CCCD = '083190012345';
let t: TestApp;
let officer: Record<string, string>;
const logLines: string[] = [];

beforeAll(async () => {
  const database: Database = await createTestDatabase();
  const config = testConfig({ LOG_LEVEL: 'info' });
  const app = await buildApp(
    { config, database },
    {
      serveWeb: false,
      logStream: {
        write: (line: string) => {
          logLines.push(line);
        },
      },
    },
  );
  // A handler whose query fails with personal data in its parameters, as a bug somewhere would.
  app.get('/api/test/failing-query', async () => {
    await database.db.execute(
      sql`select * from no_such_table where full_name = ${SECRET_NAME} and id_number = ${SECRET_CCCD}`,
    );
    return {};
  });
  // A handler inserting a duplicate that no code checked before.
  app.post('/api/test/duplicate-username', async () => {
    await database.db.execute(
      sql`insert into users (username, display_name, password_hash, role, jurisdiction_code, province_code)
          select username, display_name, password_hash, role, jurisdiction_code, province_code from users limit 1`,
    );
    return {};
  });
  await app.ready();
  t = {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
  await createUser(database.db, {
    username: 'xa.officer',
    displayName: 'Officer',
    password: TEST_PASSWORD,
    role: 'commune_officer',
    jurisdictionCode: '28756',
  });
  officer = (await signIn(t, 'xa.officer', TEST_PASSWORD)).headers;
});
afterAll(async () => {
  await t?.close();
});

const errorOf = (body: string) =>
  (
    JSON.parse(body) as {
      error: { code: string; message: string; details: { path: string; message: string }[] };
    }
  ).error;

describe('a database error leaves no personal data in the log', () => {
  it('a failing query with a name and a CCCD in its parameters: 500 for the caller, class and code only in the log', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/test/failing-query', headers: officer });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain(SECRET_CCCD);
    const log = logLines.join('\n');
    expect(log).toContain('unhandled error');
    expect(log).toContain('42P01'); // undefined_table: the SQLSTATE is there for the operator
    expect(log).not.toContain(SECRET_NAME);
    expect(log).not.toContain(SECRET_CCCD);
    expect(log).not.toContain('no_such_table'); // not even the SQL text
  });
});

describe('NUL bytes and lone surrogates are refused at validation', () => {
  const cases: { label: string; value: string }[] = [
    { label: 'a NUL byte', value: 'Trần\u0000Văn' },
    { label: 'a lone high surrogate', value: 'Trần \uD800Văn' },
    { label: 'a lone low surrogate', value: 'Trần \uDC00Văn' },
  ];
  for (const c of cases) {
    it(`a person registered with ${c.label} in the name: 400, the field named, translated; nothing stored`, async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/persons',
        headers: { ...officer, 'accept-language': 'en', 'content-type': 'application/json' },
        payload: JSON.stringify({ fullName: c.value, dateOfBirth: null, sex: null, communeCode: '28756' }),
      });
      expect(res.statusCode, res.body).toBe(400);
      const error = errorOf(res.body);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toEqual([
        expect.objectContaining({
          message: 'Contains characters that are not allowed (a NUL character or broken Unicode).',
        }),
      ]);
      const vi = await t.app.inject({
        method: 'POST',
        url: '/api/persons',
        headers: { ...officer, 'accept-language': 'vi', 'content-type': 'application/json' },
        payload: JSON.stringify({ fullName: c.value, dateOfBirth: null, sex: null, communeCode: '28756' }),
      });
      expect(errorOf(vi.body).details[0]!.message).toContain('ký tự không hợp lệ');
      const [n] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from persons`);
      expect(n!.n).toBe(0);
    });
  }

  it('in a search query, a sign-in username or an object key alike', async () => {
    const search = await t.app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers: officer,
      payload: { q: 'Trân\u0000' },
    });
    expect(search.statusCode, search.body).toBe(400);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"xa.officer\\ud800","password":"x"}',
    });
    expect(login.statusCode, login.body).toBe(400);
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: { ...officer, 'content-type': 'application/json' },
      payload: '{"fullName":"A","dateOfBirth":null,"sex":null,"communeCode":"28756","x\\u0000":1}',
    });
    expect(key.statusCode, key.body).toBe(400);
  });
});

describe('constraint violations are answered in the error vocabulary, never 500', () => {
  it('a case moved to an outbreak that does not exist: 422, the case unchanged', async () => {
    const [person] = await addPeople(t.database, [{ fullName: 'Lê Văn Ca', communeCode: '28756' }]);
    const open = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: officer,
      payload: { personId: person!.personId },
    });
    expect(open.statusCode, open.body).toBe(201);
    const caseId = open.json<{ id: string }>().id;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/cases/${caseId}`,
      headers: officer,
      payload: { outbreakId: randomUUID() },
    });
    expect(res.statusCode, res.body).toBe(422);
    const [row] = await queryRows<{ outbreak_id: string | null }>(
      t.database.db,
      sql`select outbreak_id from cases where id = ${caseId}`,
    );
    expect(row!.outbreak_id).toBeNull();
  });

  it('a duplicate a handler did not check: 409 CONFLICT', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/test/duplicate-username', headers: officer });
    expect(res.statusCode, res.body).toBe(409);
    expect(errorOf(res.body).code).toBe('CONFLICT');
  });
});
