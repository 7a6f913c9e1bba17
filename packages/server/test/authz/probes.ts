/**
 * How the authorization matrix probes each route that touches personal data. A module that adds a
 * `personalData: true` route adds its probe here (key: "METHOD /url/pattern"); the matrix test
 * fails for a personal-data route without one.
 *
 * A probe makes a fresh record inside or outside the caller's jurisdiction (or, for a citizen,
 * their own record vs someone else's) and returns the request that touches it. By default the
 * expected status inside is the route's success status and outside 404; a probe may say
 * otherwise (a create outside your area is 403; a search outside simply finds nothing: `check`).
 */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { Database } from '../../src/db/client.ts';
import type { TestApp } from '../helpers.ts';
import { addPeople } from '../helpers.ts';
import { CHECKIN_PROBES } from '../checkin/probes.ts';
import { VACCINATION_PROBES } from '../vaccination/probes.ts';
import { TESTING_PROBES } from '../testing/probes.ts';
import { CASES_PROBES } from '../cases/probes.ts';
import { SECURITY_PROBES } from '../security/probes.ts';
import { ZONE_PROBES } from '../zones/probes.ts';
import { QUARANTINE_PROBES } from '../quarantine/probes.ts';
import { IMPORT_PROBES } from '../imports/probes.ts';
import { DECLARATION_PROBES } from '../declarations/probes.ts';
import { FHIR_PROBES } from '../fhir/probes.ts';
import { HEALTHBOOK_PROBES } from '../healthbook/probes.ts';

/** Where records are made: a commune inside every caller's jurisdiction, and outside ones. */
export interface MatrixPlaces {
  inside: { provinceCode: string; districtCode: string; communeCode: string };
  /** Outside a district/commune caller, inside the province. */
  otherDistrict: { provinceCode: string; districtCode: string; communeCode: string };
  /** Outside the province (for province-level callers). */
  otherProvince: { provinceCode: string; districtCode: string; communeCode: string };
}

/** Who is calling in one cell of the matrix. */
export type MatrixCaller =
  | { kind: 'official'; level: 'province' | 'district' | 'commune' }
  | { kind: 'citizen'; personId: string }
  | { kind: 'anonymous' };

export interface ProbeContext {
  t: TestApp;
  side: 'inside' | 'outside';
  caller: MatrixCaller;
  /** The place a record should be made at for this side and caller. */
  place: MatrixPlaces['inside'];
  places: MatrixPlaces;
}

export interface ProbeRequest {
  url: string;
  payload?: unknown;
  /** Expected status when allowed, if not the default. */
  insideStatus?: number;
  outsideStatus?: number;
  /** Extra request headers (e.g. the media type of a raw file upload). */
  headers?: Record<string, string>;
  /** Extra check on an allowed response (e.g. a search outside returns nothing). */
  check?: (res: LightMyRequestResponse) => void;
}

export type Probe = (ctx: ProbeContext) => Promise<ProbeRequest>;

let counter = 0;
/**
 * The name of the n-th probe person. Both ends of the name carry the number, so every blocking key
 * of the person (`dob:…:<family>`, `dob:…:<given>`, `nm:<family> <given>:…`, `nf:<name>:…`) is
 * theirs alone: record linkage compares a new probe person with nobody. With a shared end
 * ("Người Ma Trận 12 inside") each of the file's ~900 probe people was compared with all the
 * earlier ones — 101 of its 129 s of database time (4 Dec).
 */
const probeName = (n: number, side: ProbeContext['side']) => `Người${n} Ma Trận ${side}${n}`;

/** How many probe people are made at once for a place (one linkage batch instead of one each). */
const PEOPLE_PER_BATCH = 16;
/** People made but not handed out yet, per database and place; each is handed to one probe only. */
const unused = new WeakMap<Database, Map<string, { id: string; name: string }[]>>();

/**
 * A fresh person at the context's place, never handed to another probe. They come from a batch
 * of people made together through record linkage (as an import would add them): one batch cost
 * about what one person did, and people of a place that no probe has looked at yet change no
 * other cell (each probe finds its own by id or by its unique name).
 */
export async function namedPersonAt(ctx: ProbeContext): Promise<{ id: string; name: string }> {
  const byPlace = unused.get(ctx.t.database) ?? new Map<string, { id: string; name: string }[]>();
  unused.set(ctx.t.database, byPlace);
  const where = `${ctx.side} ${JSON.stringify(ctx.place)}`;
  const queue = byPlace.get(where) ?? [];
  byPlace.set(where, queue);
  if (queue.length === 0) {
    const names = Array.from({ length: PEOPLE_PER_BATCH }, () => probeName(++counter, ctx.side));
    const made = await addPeople(
      ctx.t.database,
      names.map((fullName) => ({ fullName, dateOfBirth: '1970-01-01', ...ctx.place })),
    );
    made.forEach((m, i) => {
      if (m.decision !== 'new') throw new Error(`probe: expected a new person, got ${m.decision}`);
      queue.push({ id: m.personId, name: names[i]! });
    });
  }
  return queue.shift()!;
}

/** A fresh person at the context's place (`namedPersonAt`), or made alone with extra fields; returns their id. */
export async function personAt(ctx: ProbeContext, extra: Record<string, unknown> = {}): Promise<string> {
  if (Object.keys(extra).length === 0) return (await namedPersonAt(ctx)).id;
  const [p] = await addPeople(ctx.t.database, [
    { fullName: probeName(++counter, ctx.side), dateOfBirth: '1970-01-01', ...ctx.place, ...extra },
  ]);
  return p!.personId;
}

/** Two records likely to be duplicates (a review pair) at the context's place. */
async function reviewPairAt(ctx: ProbeContext): Promise<string> {
  const n = ++counter;
  const dob = `1960-0${(n % 9) + 1}-1${n % 10}`;
  const [a] = await addPeople(ctx.t.database, [
    { fullName: `Trương Văn Khả${n}`, dateOfBirth: dob, sex: 'male', address: 'Ấp 1', ...ctx.place },
  ]);
  const [b] = await addPeople(ctx.t.database, [
    {
      fullName: `Trương Khả${n}`,
      dateOfBirth: dob,
      sex: 'male',
      phone: `09091${String(n).padStart(5, '0')}`,
      ...ctx.place,
    },
  ]);
  if (b!.decision !== 'review')
    throw new Error(`probe: expected a review pair, got ${b!.decision} (${a!.personId})`);
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`select id from linkage_reviews where person_a = ${a!.personId} or person_b = ${a!.personId} limit 1`,
  );
  return row!.id;
}

function ownOrOther(ctx: ProbeContext): Promise<string> {
  if (ctx.caller.kind === 'citizen' && ctx.side === 'inside') return Promise.resolve(ctx.caller.personId);
  return personAt(ctx);
}

export const PROBES: Record<string, Probe> = {
  'POST /api/persons/search': async (ctx) => {
    const { id, name } = await namedPersonAt(ctx);
    return {
      url: '/api/persons/search',
      payload: { q: name },
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((p) => p.id);
        expect(ids.includes(id)).toBe(ctx.side === 'inside');
      },
    };
  },
  'GET /api/persons/:id': async (ctx) => ({ url: `/api/persons/${await personAt(ctx)}` }),
  'GET /api/persons/:id/history': async (ctx) => ({ url: `/api/persons/${await personAt(ctx)}/history` }),
  'POST /api/persons': (ctx) =>
    Promise.resolve({
      url: '/api/persons',
      payload: {
        fullName: `Người Mới ${++counter}`,
        dateOfBirth: null,
        sex: null,
        communeCode: ctx.place.communeCode,
      },
      outsideStatus: 403,
    }),
  'GET /api/linkage/reviews': async (ctx) => {
    const id = await reviewPairAt(ctx);
    return {
      url: '/api/linkage/reviews?limit=200',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((r) => r.id);
        expect(ids.includes(id)).toBe(ctx.side === 'inside');
      },
    };
  },
  'POST /api/linkage/reviews/:id/decide': async (ctx) => ({
    url: `/api/linkage/reviews/${await reviewPairAt(ctx)}/decide`,
    payload: { decision: 'distinct' },
  }),
  'POST /api/linkage/merges/:mergedId/undo': async (ctx) => {
    // Two records sharing a CCCD at the context's place: the second is merged automatically.
    const n = ++counter;
    const rec = {
      fullName: `Trương Văn Gộp${n}`,
      dateOfBirth: '1970-01-01',
      sex: 'male' as const,
      cccd: `083070${String(900_000 + n).padStart(6, '0')}`,
      ...ctx.place,
    };
    await addPeople(ctx.t.database, [rec]);
    const [b] = await addPeople(ctx.t.database, [rec]);
    if (b!.decision !== 'merged') throw new Error(`probe: expected a merge, got ${b!.decision}`);
    return { url: `/api/linkage/merges/${b!.personId}/undo` };
  },
  'GET /api/me/persons': async (ctx) => {
    const other = await personAt(ctx);
    return {
      url: '/api/me/persons',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((p) => p.id);
        expect(ids).not.toContain(other);
        if (ctx.caller.kind === 'citizen') expect(ids[0]).toBe(ctx.caller.personId);
      },
    };
  },
  'GET /api/me/persons/:id': async (ctx) => ({ url: `/api/me/persons/${await ownOrOther(ctx)}` }),
  ...CHECKIN_PROBES,
  ...VACCINATION_PROBES,
  ...TESTING_PROBES,
  ...CASES_PROBES,
  ...SECURITY_PROBES,
  ...ZONE_PROBES,
  ...QUARANTINE_PROBES,
  ...IMPORT_PROBES,
  ...DECLARATION_PROBES,
  ...FHIR_PROBES,
  ...HEALTHBOOK_PROBES,
};
