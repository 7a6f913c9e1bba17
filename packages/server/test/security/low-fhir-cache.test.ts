/**
 * Hostile review (December 2026) — personal data must not linger in shared or browser caches, on
 * PGlite and PostgreSQL. The API answers `Cache-Control: no-store`, but the header was set only
 * for URLs under /api/: the FHIR interface (/fhir/Patient/:id, searches, $everything) returned a
 * person's name, date of birth and ID number with no cache header at all, so a proxy or the
 * browser's disk cache could keep them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('hostile review: FHIR answers are not cached', () => {
  it('a Patient read, a Patient search and the refusal of an unknown id all say no-store', async () => {
    const [added] = await addPeople(t.database, [
      { fullName: 'Lê Thị Bộ Nhớ Đệm', dateOfBirth: '1980-02-03' },
    ]);
    const officer = (await signInAs(t, 'commune_officer', '28756')).headers;
    const read = await t.app.inject({
      method: 'GET',
      url: `/fhir/Patient/${added!.personId}`,
      headers: officer,
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.body).toContain('1980-02-03');
    const search = await t.app.inject({
      method: 'GET',
      url: '/fhir/Patient?birthdate=1980-02-03',
      headers: officer,
    });
    expect(search.statusCode, search.body).toBe(200);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/fhir/Patient/00000000-0000-4000-8000-000000000000',
      headers: officer,
    });
    expect(unknown.statusCode).toBe(404);
    for (const res of [read, search, unknown]) expect(res.headers['cache-control']).toBe('no-store');
  });
});
