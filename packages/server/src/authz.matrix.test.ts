/**
 * The authorization matrix, generated from the route table: for every route that touches personal
 * data — DERIVED from its response schema (`http/personalData.ts`: a person id, name, phone, ID
 * number… anywhere in the presenter), its URL (`/api/persons/:id…`) or declared — × every role (and a citizen, and no one) × a record inside / outside the
 * caller's jurisdiction, the expected status follows from ROLE_PERMISSIONS and the jurisdiction
 * rule. A personal-data route without a probe (test/authz/probes.ts) fails here.
 */
import { ROLES, roleAllows } from '@epilink/core';
import type { Role } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBES } from '../test/authz/probes.ts';
import { citizenSignIn } from '../test/citizen-signin.ts';
import type { MatrixCaller, MatrixPlaces } from '../test/authz/probes.ts';
import { addPeople, cookieHeader, createTestApp, signInAs } from '../test/helpers.ts';
import type { TestApp } from '../test/helpers.ts';
import { queryRows } from './db/client.ts';
import { CSRF_HEADER } from './http/register.ts';
import { personalPaths, routeIsPersonal } from './http/personalData.ts';
import { ROUTES } from './routes.ts';

const PERSONAL = ROUTES.filter(routeIsPersonal);
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** Where each role sits for the matrix. */
function jurisdictionFor(role: Role): { code: string; level: 'province' | 'district' | 'commune' } {
  if (['province_admin', 'provincial_epidemiologist', 'security_officer'].includes(role))
    return { code: '83', level: 'province' };
  if (role === 'district_officer') return { code: '829', level: 'district' };
  return { code: '28756', level: 'commune' };
}

describe('personal-data routes', () => {
  it('derives personal-data routes from response schemas: lists, graph, clusters, exports included', () => {
    const derived = ROUTES.filter((r) => personalPaths(r.response).length > 0).map(key);
    for (const k of [
      'POST /api/persons/search',
      'GET /api/tracing/graph',
      'GET /api/tracing/clusters',
      'GET /api/tracing/worklist',
      'GET /api/cases',
      'GET /api/linkage/reviews',
    ])
      expect(derived, k).toContain(k);
    // A route cannot hide from the matrix by declaring `personalData: false`.
    const hidden = ROUTES.filter((r) => !r.personalData && personalPaths(r.response).length > 0).map(key);
    expect(PERSONAL.map(key)).toEqual(expect.arrayContaining(hidden));
    // Public routes never return personal data.
    expect(
      ROUTES.filter((r) => r.auth.kind === 'public' && personalPaths(r.response).length > 0).map(key),
    ).toEqual([]);
  });
});

describe('authorization matrix', () => {
  it('has a probe for every route that touches personal data', () => {
    const missing = PERSONAL.map(key).filter((k) => !(k in PROBES));
    expect(missing, 'add a probe in packages/server/test/authz/probes.ts').toEqual([]);
    const stale = Object.keys(PROBES).filter((k) => !PERSONAL.some((r) => key(r) === k));
    expect(stale).toEqual([]);
  });

  let t: TestApp;
  let places: MatrixPlaces;
  const headers = new Map<string, Record<string, string>>();
  let citizenPersonId = '';

  beforeAll(async () => {
    t = await createTestApp();
    const [other] = await queryRows<{ code: string }>(
      t.database.db,
      sql`select code from admin_units where parent_code = '831' and level = 'commune' and valid_to is null order by code limit 1`,
    );
    const [far] = await queryRows<{ code: string; parent_code: string }>(
      t.database.db,
      sql`select code, parent_code from admin_units where province_code = '84' and level = 'commune' and valid_to is null order by code limit 1`,
    );
    places = {
      inside: { provinceCode: '83', districtCode: '829', communeCode: '28756' },
      otherDistrict: { provinceCode: '83', districtCode: '831', communeCode: other!.code },
      otherProvince: { provinceCode: '84', districtCode: far!.parent_code, communeCode: far!.code },
    };
    for (const role of ROLES)
      headers.set(role, (await signInAs(t, role, jurisdictionFor(role).code)).headers);
    // A citizen, signed in through the real one-time-code flow (code read from the outbox).
    const [me] = await addPeople(t.database, [
      { fullName: 'Công Dân Ma Trận', dateOfBirth: '1975-05-05', phone: '0912000111', ...places.inside },
    ]);
    citizenPersonId = me!.personId;
    const v = await citizenSignIn(t, '0912000111', citizenPersonId);
    expect(v.statusCode).toBe(200);
    headers.set('citizen', { cookie: cookieHeader(v), [CSRF_HEADER]: '1' });
    headers.set('anonymous', { [CSRF_HEADER]: '1' });
  });
  afterAll(async () => {
    await t.close();
  });

  const callers = [...ROLES, 'citizen', 'anonymous'] as const;
  type Request = Awaited<ReturnType<NonNullable<(typeof PROBES)[string]>>>;
  /**
   * Which cells share a probe's record. A refused cell (401 or 403) is decided before any record is
   * read, so every refused caller of a route and side uses a record some cell of that route and
   * side already has (a probe makes a fresh record; making one per refused caller was most of this
   * file's time). Allowed callers of a read (GET) of the same kind (official or citizen) and place
   * share one too: reading changes no record, and probes look only at the caller's kind. Allowed
   * writes always get their own fresh record.
   */
  const sharedRequests = new Map<string, Promise<Request>>();
  /** The first shared request of each route and side, for its refused cells. */
  const anyRequest = new Map<string, Promise<Request>>();
  for (const route of PERSONAL) {
    for (const who of callers) {
      for (const side of ['inside', 'outside'] as const) {
        it(`${key(route)} · ${who} · ${side}`, async () => {
          const probe = PROBES[key(route)];
          if (!probe) return; // reported by the first test
          const caller: MatrixCaller =
            who === 'citizen'
              ? { kind: 'citizen', personId: citizenPersonId }
              : who === 'anonymous'
                ? { kind: 'anonymous' }
                : { kind: 'official', level: jurisdictionFor(who).level };
          const level = caller.kind === 'official' ? caller.level : 'commune';
          const placeName =
            side === 'inside' ? 'inside' : level === 'province' ? 'otherProvince' : 'otherDistrict';
          const place = places[placeName];
          let expected: number;
          let allowed = false;
          if (who === 'anonymous') expected = 401;
          else if (route.auth.kind === 'citizen') {
            allowed = who === 'citizen';
            expected = allowed ? 0 : 401;
          } else if (route.auth.kind === 'user') {
            if (who === 'citizen') expected = 401;
            else if (!roleAllows(who, route.auth.permission)) expected = 403;
            else {
              allowed = true;
              expected = 0;
            }
          } else throw new Error(`personal-data route with auth ${route.auth.kind}`);
          const routeSide = `${key(route)}|${side}`;
          let req: Request;
          if (allowed && route.method !== 'GET') req = await probe({ t, side, caller, place, places });
          else {
            const shareKey = allowed ? `${routeSide}|${caller.kind}|${placeName}` : routeSide;
            let shared = sharedRequests.get(shareKey) ?? (allowed ? undefined : anyRequest.get(routeSide));
            if (!shared) {
              shared = probe({ t, side, caller, place, places });
              sharedRequests.set(shareKey, shared);
              if (!anyRequest.has(routeSide)) anyRequest.set(routeSide, shared);
            }
            req = await shared;
          }
          if (allowed)
            expected =
              side === 'inside'
                ? (req.insideStatus ?? route.successStatus ?? 200)
                : (req.outsideStatus ?? 404);

          const res = await t.app.inject({
            method: route.method,
            url: req.url,
            headers: { ...headers.get(who)!, ...req.headers },
            ...(req.payload === undefined ? {} : { payload: req.payload as object }),
          });
          expect(res.statusCode, res.body.slice(0, 300)).toBe(expected);
          if (allowed && res.statusCode < 300) req.check?.(res);
        });
      }
    }
  }
});
