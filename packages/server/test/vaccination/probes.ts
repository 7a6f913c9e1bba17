/**
 * Authorization-matrix probes of the vaccination and certificate routes that touch personal data
 * (spread into PROBES in test/authz/probes.ts). Records are made at the probe's place directly in
 * the database; the matrix app has no signing secret, so issuing answers 503 where it is allowed.
 */
import {
  buildVaccinationCertificate,
  createSignerCertificate,
  generateSignerKeyPair,
  issueHc1,
  makeUvci,
} from '@epilink/dcc';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { CLEAR_SCREENING, siteWithLot } from '../../src/vaccination/test-fixtures.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

let n = 0;

async function siteAt(ctx: ProbeContext) {
  return siteWithLot(ctx.t.database.db, {
    communeCode: ctx.place.communeCode,
    districtCode: ctx.place.districtCode,
  });
}

async function doseAt(ctx: ProbeContext, personId?: string): Promise<string> {
  const who = personId ?? (await personAt(ctx));
  const site = await siteAt(ctx);
  const p = ctx.place;
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into vaccination_doses (person_id, facility_id, product_code, lot_id, dose_number, dose_kind, date,
          screening, age_band, province_code, district_code, commune_code)
        values (${who}, ${site.facilityId}, 'EU/1/20/1528', ${site.lotId}, 1, 'primary', '2021-09-01', '{}'::jsonb,
          '50-64', ${p.provinceCode}, ${p.districtCode}, ${p.communeCode}) returning id`,
  );
  return row!.id;
}

/** A stored negative RT-PCR of the person at the probe's place (what a test certificate comes from). */
async function negativeResultAt(ctx: ProbeContext, who: string): Promise<string> {
  const p = ctx.place;
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`with s as (
          insert into specimens (barcode, person_id, test_type, collected_at, status, province_code, district_code, commune_code)
          values (${`MX${++n}${Date.now()}`}, ${who}, 'rtPcr', '2021-09-01T08:00:00Z', 'resulted', ${p.provinceCode}, ${p.districtCode}, ${p.communeCode})
          returning id)
        insert into test_results (specimen_id, person_id, test_type, outcome, sampled_at, resulted_at, source,
          province_code, district_code, commune_code)
        select s.id, ${who}, 'rtPcr', 'negative', '2021-09-01T08:00:00Z', '2021-09-01T20:00:00Z', 'entry',
          ${p.provinceCode}, ${p.districtCode}, ${p.communeCode} from s returning id`,
  );
  return row!.id;
}

let signer: Promise<{ privateKey: CryptoKey; certificateDer: Uint8Array }> | null = null;
function testSigner() {
  signer ??= (async () => {
    const keys = await generateSignerKeyPair();
    const certificateDer = await createSignerCertificate({
      subject: { country: 'VN', commonName: 'matrix' },
      publicKey: keys.publicKey,
      selfSigningKey: keys.privateKey,
      notBefore: new Date('2021-01-01'),
      notAfter: new Date('2031-01-01'),
      types: ['v'],
    });
    return { privateKey: keys.privateKey, certificateDer };
  })();
  return signer;
}

async function certificateAt(ctx: ProbeContext, personId?: string): Promise<string> {
  const who = personId ?? (await personAt(ctx));
  const uvci = makeUvci(`MATRIX/${++n}`);
  const qr = await issueHc1({
    hcert: buildVaccinationCertificate(
      { familyName: 'Ma', givenName: 'Trận', dateOfBirth: '1970-01-01' },
      { product: 'EU/1/20/1528', doseNumber: 1, totalDoses: 2, date: '2021-09-01', issuerName: 'Test', uvci },
    ),
    issuer: 'VN',
    issuedAt: new Date(),
    expiresAt: new Date(Date.now() + 86_400_000),
    signer: await testSigner(),
  });
  const p = ctx.place;
  const [row] = await queryRows<{ id: string }>(
    ctx.t.database.db,
    sql`insert into issued_certificates (uvci, person_id, type, kid, qr, summary, issued_at, expires_at,
          province_code, district_code, commune_code)
        values (${uvci}, ${who}, 'v', 'x', ${qr}, 'test', now(), now() + interval '1 day',
          ${p.provinceCode}, ${p.districtCode}, ${p.communeCode}) returning id`,
  );
  return row!.id;
}

function own(ctx: ProbeContext): string | undefined {
  return ctx.caller.kind === 'citizen' && ctx.side === 'inside' ? ctx.caller.personId : undefined;
}

export const VACCINATION_PROBES: Record<string, Probe> = {
  'GET /api/vaccination/sessions/:id': async (ctx) => {
    const site = await siteAt(ctx);
    const p = ctx.place;
    const [row] = await queryRows<{ id: string }>(
      ctx.t.database.db,
      sql`insert into vaccination_sessions (facility_id, date, product_codes, target, province_code, district_code, commune_code)
          values (${site.facilityId}, '2021-09-01', '{EU/1/20/1528}', '{}'::jsonb, ${p.provinceCode}, ${p.districtCode}, ${p.communeCode})
          returning id`,
    );
    return { url: `/api/vaccination/sessions/${row!.id}` };
  },
  'POST /api/vaccination/doses': async (ctx) => {
    const personId = await personAt(ctx);
    const site = await siteAt(ctx);
    return {
      url: '/api/vaccination/doses',
      payload: {
        personId,
        ...site,
        productCode: 'EU/1/20/1528',
        date: '2021-09-01',
        screening: CLEAR_SCREENING,
      },
    };
  },
  'POST /api/vaccination/doses/:id/void': async (ctx) => ({
    url: `/api/vaccination/doses/${await doseAt(ctx)}/void`,
    payload: { reason: 'matrix' },
  }),
  'GET /api/vaccination/persons/:id/standing': async (ctx) => ({
    url: `/api/vaccination/persons/${await personAt(ctx)}/standing?date=2021-09-01`,
  }),
  'GET /api/persons/:id/vaccination': async (ctx) => ({
    url: `/api/persons/${await personAt(ctx)}/vaccination`,
  }),
  'GET /api/vaccination/due': async (ctx) => {
    const personId = await personAt(ctx);
    const p = ctx.place;
    await ctx.t.database.db.execute(
      sql`insert into vaccination_status (person_id, disease, status, doses_given, next_dose_number, next_due,
            province_code, district_code, commune_code)
          values (${personId}, 'covid19', 'partial', 1, 2, '2021-01-01', ${p.provinceCode}, ${p.districtCode}, ${p.communeCode})`,
    );
    return {
      url: '/api/vaccination/due?limit=1000',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { personId: string }[] }>().items.map((i) => i.personId);
        expect(ids.includes(personId)).toBe(ctx.side === 'inside');
      },
    };
  },
  'POST /api/vaccination/reminders': () =>
    Promise.resolve({
      url: '/api/vaccination/reminders',
      payload: { asOf: '2021-12-01' },
      outsideStatus: 200,
    }),
  'POST /api/vaccination/aefi': async (ctx) => ({
    url: '/api/vaccination/aefi',
    payload: { doseId: await doseAt(ctx), onsetDate: '2021-09-02', symptoms: ['sốt'], severity: 'mild' },
    insideStatus: 201,
  }),
  'GET /api/vaccination/aefi': async (ctx) => {
    const doseId = await doseAt(ctx);
    const [r] = await queryRows<{ id: string }>(
      ctx.t.database.db,
      sql`insert into aefi_reports (person_id, dose_id, onset_date, symptoms, severity, serious, province_code, district_code, commune_code)
          select person_id, id, '2021-09-02', '{sốt}', 'mild', false, province_code, district_code, commune_code
          from vaccination_doses where id = ${doseId} returning id`,
    );
    return {
      url: '/api/vaccination/aefi',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((i) => i.id);
        expect(ids.includes(r!.id)).toBe(ctx.side === 'inside');
      },
    };
  },
  'POST /api/vaccination/aefi/:id/follow-up': async (ctx) => {
    const doseId = await doseAt(ctx);
    const [r] = await queryRows<{ id: string }>(
      ctx.t.database.db,
      sql`insert into aefi_reports (person_id, dose_id, onset_date, symptoms, severity, serious, province_code, district_code, commune_code)
          select person_id, id, '2021-09-02', '{sốt}', 'mild', false, province_code, district_code, commune_code
          from vaccination_doses where id = ${doseId} returning id`,
    );
    return {
      url: `/api/vaccination/aefi/${r!.id}/follow-up`,
      payload: { note: 'gọi điện', status: 'following_up' },
    };
  },
  'GET /api/persons/:id/certificates': async (ctx) => ({
    url: `/api/persons/${await personAt(ctx)}/certificates`,
  }),
  'POST /api/persons/:id/certificates': async (ctx) => {
    const who = await personAt(ctx);
    return {
      url: `/api/persons/${who}/certificates`,
      payload: { type: 't', testResultId: await negativeResultAt(ctx, who) },
      insideStatus: 503,
    };
  },
  'POST /api/certificates/:id/revoke': async (ctx) => ({
    url: `/api/certificates/${await certificateAt(ctx)}/revoke`,
    payload: { reason: 'matrix' },
  }),
  'GET /api/certificates/:id/pdf': async (ctx) => ({
    url: `/api/certificates/${await certificateAt(ctx)}/pdf`,
  }),
  'GET /api/me/certificates': async (ctx) => {
    const other = await certificateAt(ctx);
    const mine = ctx.caller.kind === 'citizen' ? await certificateAt(ctx, ctx.caller.personId) : null;
    return {
      url: '/api/me/certificates',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((i) => i.id);
        expect(ids).not.toContain(other);
        if (mine) expect(ids).toContain(mine);
      },
    };
  },
  'GET /api/me/certificates/:id/pdf': async (ctx) => ({
    url: `/api/me/certificates/${await certificateAt(ctx, own(ctx))}/pdf`,
  }),
};
