/**
 * Linked flow 2 against a real database (PGlite and PostgreSQL): a dose updates stock, status and
 * coverage, issues a signed certificate that an independent decoder reads and the public verifier
 * accepts; bad lots, screening and intervals change nothing.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { Tagged } from 'cbor';
import { decodeFirstSync, encode as cborEncode } from 'cbor';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { vaccineLots, vaccineStock } from '../db/schema/index.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { CLEAR_SCREENING, siteWithLot } from './test-fixtures.ts';

const SECRET = 'test-certificate-key-secret-0123456789abcdef';
let t: TestApp;
let vaccinator: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ CERT_KEY_SECRET: SECRET });
  vaccinator = (await signInAs(t, 'vaccinator', '83')).headers;
  admin = (await signInAs(t, 'province_admin', '83')).headers;
});
afterAll(async () => {
  await t?.close();
});

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
/** Base45 (RFC 9285) written here, independent of the product's decoder. */
function base45(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 3) {
    const c = Array.from(text.slice(i, i + 3), (ch) => B45.indexOf(ch));
    const n = c[0]! + c[1]! * 45 + (c.length === 3 ? c[2]! * 2025 : 0);
    if (c.length === 3) out.push(n >> 8, n & 0xff);
    else out.push(n);
  }
  return Buffer.from(out);
}

function dccSchemaValidator() {
  const dir = new URL('../../../../../shared/conformance/dcc-schema/', import.meta.url);
  const read = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  for (const f of ['DCC.Core.Types.schema.json', 'DCC.Types.schema.json', 'DCC.ValueSets.schema.json'])
    ajv.addSchema(read(f));
  return ajv.compile(read('DCC.schema.json'));
}

async function record(body: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/vaccination/doses',
    headers: vaccinator,
    payload: { screening: CLEAR_SCREENING, ...body },
  });
}

describe('recording a dose', () => {
  it('issues a certificate that an independent decoder reads, the DCC schema accepts and the verifier trusts', async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Nguyễn Văn Đức', dateOfBirth: '1985-03-14' }]);
    const { facilityId, lotId } = await siteWithLot(t.database.db);
    const res = await record({
      personId: p!.personId,
      facilityId,
      lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-01',
    });
    expect(res.statusCode).toBe(201);
    const dose = res.json<{
      doseNumber: number;
      status: string;
      certificate: { id: string; uvci: string };
    }>();
    expect(dose).toMatchObject({ doseNumber: 1, status: 'partial' });

    const list = await t.app.inject({ url: `/api/persons/${p!.personId}/certificates`, headers: vaccinator });
    const cert = list.json<{ items: { qr: string; uvci: string }[] }>().items[0]!;
    expect(cert.uvci).toBe(dose.certificate.uvci);

    // Independent decode: Base45 → node:zlib → the `cbor` package → node:crypto.
    const cose = decodeFirstSync(inflateSync(base45(cert.qr.slice(4)))) as Tagged;
    expect(cose.tag).toBe(18);
    const [protectedBytes, , payload, signature] = cose.value as [Buffer, unknown, Buffer, Buffer];
    const claims = decodeFirstSync(payload) as Map<number, unknown>;
    const hcert = (claims.get(-260) as Map<number, Record<string, unknown>>).get(1)!;
    expect(hcert).toMatchObject({
      nam: { fn: 'Nguyễn', gn: 'Văn Đức', fnt: 'NGUYEN', gnt: 'VAN<DUC' },
      dob: '1985-03-14',
    });
    expect((hcert.v as { dn: number; sd: number; mp: string }[])[0]).toMatchObject({
      dn: 1,
      sd: 2,
      mp: 'EU/1/20/1528',
    });
    const validate = dccSchemaValidator();
    expect(validate(hcert), JSON.stringify(validate.errors)).toBe(true);

    const trust = await t.app.inject({ url: '/api/certificates/trust-list' });
    const signer = trust.json<{ signers: { certificate: string }[] }>().signers[0]!;
    const der = Buffer.from(signer.certificate, 'base64');
    const { X509Certificate } = await import('node:crypto');
    const key = createPublicKey(new X509Certificate(der).publicKey.export({ type: 'spki', format: 'pem' }));
    const toBeSigned = cborEncode(['Signature1', protectedBytes, Buffer.alloc(0), payload]);
    expect(nodeVerify('sha256', toBeSigned, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);

    // The public verifier API.
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/certificates/verify',
      payload: { qr: cert.qr },
      headers: { 'accept-language': 'en' },
    });
    expect(verified.json()).toMatchObject({
      valid: true,
      reason: 'Valid certificate',
      certificate: { type: 'v' },
    });

    // Stock went down by one.
    const [stock] = await t.database.db.select().from(vaccineStock).where(eq(vaccineStock.lotId, lotId));
    expect(stock!.quantity).toBe(9_999);
  });

  it('refuses an expired or recalled lot, a failed screening and a dose before the minimum interval, changing nothing', async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Trần Thị Lan', dateOfBirth: '1990-01-02' }]);
    const expired = await siteWithLot(t.database.db, { expiryDate: '2021-08-31' });
    let res = await record({
      personId: p!.personId,
      facilityId: expired.facilityId,
      lotId: expired.lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-01',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'LOT_UNUSABLE' } });

    const good = await siteWithLot(t.database.db);
    await t.database.db
      .update(vaccineLots)
      .set({ recalledAt: new Date() })
      .where(eq(vaccineLots.id, good.lotId));
    res = await record({
      personId: p!.personId,
      facilityId: good.facilityId,
      lotId: good.lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-01',
    });
    expect(res.json()).toMatchObject({ error: { code: 'LOT_UNUSABLE' } });

    const fresh = await siteWithLot(t.database.db);
    res = await record({
      personId: p!.personId,
      facilityId: fresh.facilityId,
      lotId: fresh.lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-01',
      screening: { ...CLEAR_SCREENING, acuteIllnessOrFever: true },
    });
    expect(res.json()).toMatchObject({ error: { code: 'SCREENING_FAILED' } });

    res = await record({
      personId: p!.personId,
      facilityId: fresh.facilityId,
      lotId: fresh.lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-01',
    });
    expect(res.statusCode).toBe(201);
    res = await record({
      personId: p!.personId,
      facilityId: fresh.facilityId,
      lotId: fresh.lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-10',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      error: { code: 'DOSE_REFUSED', details: [{ messageKey: 'vaccination.refusal.tooEarly' }] },
    });
    const doses = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from vaccination_doses where person_id = ${p!.personId}`,
    );
    expect(doses[0]!.n).toBe(1);
  });

  it('revokes: the verifier then says why it fails', async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Lê Văn Hùng', dateOfBirth: '1970-05-05' }]);
    const { facilityId, lotId } = await siteWithLot(t.database.db, { productCode: 'EU/1/20/1525' });
    const res = await record({
      personId: p!.personId,
      facilityId,
      lotId,
      productCode: 'EU/1/20/1525',
      date: '2021-09-01',
    });
    const { certificate } = res.json<{ status: string; certificate: { id: string } }>();
    expect(res.json()).toMatchObject({ status: 'complete' });
    const list = await t.app.inject({ url: `/api/persons/${p!.personId}/certificates`, headers: vaccinator });
    const qr = list.json<{ items: { qr: string }[] }>().items[0]!.qr;
    const rv = await t.app.inject({
      method: 'POST',
      url: `/api/certificates/${certificate.id}/revoke`,
      headers: vaccinator,
      payload: { reason: 'issued in error' },
    });
    expect(rv.statusCode).toBe(200);
    const verified = await t.app.inject({ method: 'POST', url: '/api/certificates/verify', payload: { qr } });
    expect(verified.json()).toMatchObject({
      valid: false,
      failedStep: 'revoked',
      reason: 'Chứng nhận đã bị thu hồi',
    });
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/api/certificates/verify',
      payload: { qr: 'HC1:NOT-A-CODE' },
    });
    expect(garbage.json()).toMatchObject({ valid: false, failedStep: 'base45' });
  });

  it('rotates keys: new certificates carry the new kid and old ones still verify', async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Phạm Minh Tú', dateOfBirth: '1960-02-02' }]);
    const { facilityId, lotId } = await siteWithLot(t.database.db);
    await record({
      personId: p!.personId,
      facilityId,
      lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-01',
    });
    const before = (
      await t.app.inject({ url: `/api/persons/${p!.personId}/certificates`, headers: vaccinator })
    ).json<{ items: { qr: string }[] }>().items[0]!.qr;
    const rot = await t.app.inject({
      method: 'POST',
      url: '/api/certificates/signers/rotate',
      headers: admin,
    });
    expect(rot.statusCode).toBe(201);
    await record({
      personId: p!.personId,
      facilityId,
      lotId,
      productCode: 'EU/1/20/1528',
      date: '2021-09-25',
    });
    const trust = (await t.app.inject({ url: '/api/certificates/trust-list' })).json<{
      signers: { kid: string }[];
    }>();
    expect(trust.signers.length).toBeGreaterThanOrEqual(2);
    const v1 = await t.app.inject({
      method: 'POST',
      url: '/api/certificates/verify',
      payload: { qr: before },
    });
    expect(v1.json()).toMatchObject({ valid: true });
    expect(v1.json<{ kid: string }>().kid).not.toBe(rot.json<{ kid: string }>().kid);
  });

  it('lets a security officer do nothing here, and hides people outside a commune officer’s commune', async () => {
    const sec = (await signInAs(t, 'security_officer', '83')).headers;
    expect((await t.app.inject({ url: '/api/vaccination/coverage', headers: sec })).statusCode).toBe(403);
    const [p] = await addPeople(t.database, [
      { fullName: 'Võ Thị Hoa', dateOfBirth: '1980-02-02', communeCode: '28756' },
    ]);
    const other = (await signInAs(t, 'commune_officer', '28759')).headers;
    expect(
      (await t.app.inject({ url: `/api/persons/${p!.personId}/certificates`, headers: other })).statusCode,
    ).toBe(404);
  });
});
