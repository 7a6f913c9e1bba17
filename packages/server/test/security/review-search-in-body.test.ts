/**
 * Hostile review (3 December 2026), open item 1 — personal data in URLs, on PGlite and
 * PostgreSQL. The officials' person search was `GET /api/persons?q=…`: a name, a CCCD number or
 * a phone typed into it sat in the URL, and so in proxy and access logs, browser history and
 * Referer headers. It is now `POST /api/persons/search` with the query in the JSON body (CSRF
 * header as every POST), still audited as a read of what it showed; the old GET is gone (404, no
 * search, no audit row), and the request log holds neither the query nor the body. No other GET
 * route takes a name, an ID number or a phone in its query string (the route table is checked);
 * FHIR's search is also `POST /fhir/[type]/_search` with a form body, whose paging links carry
 * no identifier, and a form body is accepted nowhere else.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { queryRows } from '../../src/db/client.ts';
import { ROUTES } from '../../src/routes.ts';
import { addPeople, createTestApp, signInAs, testConfig } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

const COMMUNE = '28756';
const CCCD = '083190123456';
const NAME = 'Trương Thị Khánh Vân';
let t: TestApp;
/** The same database served by an app whose request log is kept here. */
let logged: FastifyInstance;
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  logged = await buildApp(
    { config: testConfig({ LOG_LEVEL: 'info' }), database: t.database },
    { serveWeb: false, logStream: { write: (line) => void logLines.push(line) } },
  );
  await logged.ready();
  await addPeople(t.database, [
    { fullName: NAME, dateOfBirth: '1990-04-05', sex: 'female', cccd: CCCD, communeCode: COMMUNE },
  ]);
});
afterAll(async () => {
  await logged?.close();
  await t?.close();
});

const auditRows = async (action: string) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = ${action} and entity = 'person'`,
    )
  )[0]!.n;

describe('hostile review: a person search keeps its query out of every URL', () => {
  it('finds by CCCD through a POST body, audited as before (the search and the person it showed)', async () => {
    const { headers } = await signInAs(t, 'commune_officer', COMMUNE);
    const searches = await auditRows('search');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers,
      payload: { q: CCCD },
    });
    expect(res.statusCode, res.body).toBe(200);
    const found = res.json<{ items: { id: string; fullName: string }[] }>().items;
    expect(found.map((p) => p.fullName)).toEqual([NAME]);
    expect(await auditRows('search')).toBe(searches + 1);
    const [read] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'read' and person_id = ${found[0]!.id}`,
    );
    expect(read!.n).toBe(1);
  });

  it('the old GET with the query in the URL answers 404: nothing searched, nothing audited', async () => {
    const { headers } = await signInAs(t, 'commune_officer', COMMUNE);
    const searches = await auditRows('search');
    const res = await t.app.inject({ method: 'GET', url: `/api/persons?q=${CCCD}`, headers });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(NAME);
    expect(await auditRows('search')).toBe(searches);
  });

  it('a cross-site form cannot post a search: without the CSRF header the session is refused', async () => {
    const { headers } = await signInAs(t, 'commune_officer', COMMUNE);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers: { cookie: headers.cookie! },
      payload: { q: CCCD },
    });
    expect(res.statusCode).toBe(403);
  });

  it('the request log records the route, never the query or the body', async () => {
    // The session lives in the shared database: the logging app accepts it.
    const { headers } = await signInAs(t, 'tracer', COMMUNE);
    logLines.length = 0;
    for (const q of [CCCD, 'truong thi khanh', '0912345678']) {
      const res = await logged.inject({
        method: 'POST',
        url: '/api/persons/search',
        headers,
        payload: { q },
      });
      expect(res.statusCode).toBe(200);
    }
    const log = logLines.join('');
    expect(log).toContain('/api/persons/search');
    for (const secret of [CCCD, 'khanh', '0912345678']) expect(log).not.toContain(secret);
  });

  it('FHIR search by POST finds by CCCD from a form body; its paging links carry no identifier', async () => {
    const { headers } = await signInAs(t, 'commune_officer', COMMUNE);
    const res = await t.app.inject({
      method: 'POST',
      url: '/fhir/Patient/_search?_count=1',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ identifier: CCCD, name: 'Khánh Vân' }).toString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const bundle = res.json<{ entry: { resource: { id: string } }[]; link: { url: string }[] }>();
    expect(bundle.entry).toHaveLength(1);
    for (const link of bundle.link) {
      expect(link.url).toMatch(/\/fhir\/Patient\/_search\?_count=1&_offset=0$/u);
      expect(link.url).not.toContain(CCCD);
    }
    const [searched] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'search' and person_id = ${bundle.entry[0]!.resource.id}`,
    );
    expect(searched!.n).toBe(1);
  });

  it('a form body is refused on every route but a FHIR search', async () => {
    const { headers } = await signInAs(t, 'commune_officer', COMMUNE);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `q=${CCCD}`,
    });
    expect(res.statusCode).toBe(400);
  });

  it('no GET route takes a name, an ID number or a phone in its query string', () => {
    const PERSONAL_QUERY = /^(q|name|fullName|phone|idNumber|cccd|identifier|birthdate|actorName)$/u;
    const offenders = ROUTES.filter((r) => r.method === 'GET' && r.query !== undefined)
      .filter((r) =>
        Object.keys((r.query as unknown as { shape: object }).shape).some((k) => PERSONAL_QUERY.test(k)),
      )
      .map((r) => `${r.method} ${r.url}`);
    expect(offenders.sort()).toEqual(
      [
        // Unit names (Phường 8), not people.
        'GET /api/units/search',
        // The security officer's filter by an official's account name (exact username), not a
        // citizen's name; the audit viewer and its CSV download.
        'GET /api/audit',
        'GET /api/audit/export',
        // FHIR search is a GET by the standard; integrators are told to use POST [type]/_search.
        'GET /fhir/:type',
      ].sort(),
    );
  });
});
