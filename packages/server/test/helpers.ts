import type { Role } from '@epilink/core';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { currentTotp } from '../src/auth/totp.ts';
import { createUser } from '../src/auth/users.ts';
import type { Config } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { CSRF_HEADER } from '../src/http/register.ts';
import { systemAccess } from '../src/access/context.ts';
import { ingestPersons } from '../src/registry/linkage/ingest.ts';
import type { IncomingPerson, IngestOutcome } from '../src/registry/linkage/ingest.ts';
import { cloneTemplate, testConfig } from './db-template.ts';

export { testConfig };

/** A fresh database with the reference data (units 2021-11, diseases, policies), on PGlite or PostgreSQL. */
export function createTestDatabase(): Promise<Database> {
  return cloneTemplate(inject('dbTemplate'));
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** The real app on a fresh test database; `inject` requests go through the full chain. */
export async function createTestApp(configOverrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(configOverrides);
  const app = await buildApp({ config, database }, { logger: false, serveWeb: false });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

let userCounter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';

/** Cookie header from an inject response's Set-Cookie headers. */
export function cookieHeader(res: { cookies: { name: string; value: string }[] }): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/**
 * Sign in through the real API: password, then (where the role requires it) TOTP enrolment with
 * a code computed from the secret the server returned. Returns headers of the active session.
 */
export async function signIn(
  t: TestApp,
  username: string,
  password: string,
): Promise<{ headers: Record<string, string>; totpSecret: string | null }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  let headers: Record<string, string> = { cookie: cookieHeader(res), [CSRF_HEADER]: '1' };
  const stage = res.json<{ stage: string }>().stage;
  if (stage === 'active') return { headers, totpSecret: null };
  if (stage !== 'enrol') throw new Error(`unexpected stage ${stage}`);
  const enrol = await t.app.inject({ method: 'POST', url: '/api/auth/2fa/enrol', headers });
  const { secret } = enrol.json<{ secret: string }>();
  const confirm = await t.app.inject({
    method: 'POST',
    url: '/api/auth/2fa/enrol/confirm',
    headers,
    payload: { code: await currentTotp(secret) },
  });
  if (confirm.statusCode !== 200) throw new Error(`2FA enrolment failed: ${confirm.body}`);
  headers = { cookie: cookieHeader(confirm), [CSRF_HEADER]: '1' };
  return { headers, totpSecret: secret };
}

/** Create an official with a role and jurisdiction, sign them in (2FA included), return headers. */
export async function signInAs(
  t: TestApp,
  role: Role,
  jurisdictionCode: string,
): Promise<{ headers: Record<string, string>; userId: string; username: string; totpSecret: string | null }> {
  const username = `${role.replace(/_/gu, '-')}.${jurisdictionCode}.${++userCounter}`;
  const userId = await createUser(t.database.db, {
    username,
    displayName: username,
    password: TEST_PASSWORD,
    role,
    jurisdictionCode,
  });
  const { headers, totpSecret } = await signIn(t, username, TEST_PASSWORD);
  return { headers, userId, username, totpSecret };
}

/** Add people straight through record linkage (system context), as an import would. */
export async function addPeople(
  database: Database,
  people: Partial<IncomingPerson>[],
): Promise<IngestOutcome[]> {
  return database.db.transaction((tx) =>
    ingestPersons(
      tx,
      systemAccess('test'),
      { ip: null },
      people.map((p, i) => ({
        source: 'test',
        fullName: `Người Thử ${i}`,
        dateOfBirth: null,
        sex: null,
        communeCode: '28756',
        districtCode: '829',
        provinceCode: '83',
        ...p,
      })),
    ),
  );
}
