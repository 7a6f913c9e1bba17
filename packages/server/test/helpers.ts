import type { Role } from '@epilink/core';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
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

/** Create an official with a role and jurisdiction, sign them in, and return request headers. */
export async function signInAs(
  t: TestApp,
  role: Role,
  jurisdictionCode: string,
): Promise<{ headers: Record<string, string>; userId: string }> {
  const username = `${role}.${jurisdictionCode}.${++userCounter}`;
  const userId = await createUser(t.database.db, {
    username,
    displayName: username,
    password: TEST_PASSWORD,
    role,
    jurisdictionCode,
  });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { headers: { cookie, [CSRF_HEADER]: '1' }, userId };
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
