/**
 * The DCC of an entry declaration, verified by the server at submit (PGlite and PostgreSQL): a
 * certificate issued with the product's own signer (on its trust list) is stored as verified by the
 * server, and a triage rule on verified evidence sees it; the same QR with one letter of the name
 * altered is stored as invalid, and triage does not see it as evidence. The QR text itself is not
 * kept; the review list shows the server's verdict. The shipped rule of 16/12/2021 lightens an
 * arrival's action only on a verdict of the server.
 */
import { randomUUID } from 'node:crypto';
import { DECLARATION_CODES, collectAnswers } from '@epilink/core';
import {
  base45Decode,
  base45Encode,
  buildVaccinationCertificate,
  compress,
  decompress,
  issueHc1,
  makeUvci,
  prefix,
  unprefix,
} from '@epilink/dcc';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { issuingSigner } from '../certificates/keys.ts';
import { queryRows } from '../db/client.ts';
import { policyRules } from '../db/schema/index.ts';
import { HOME } from '../testing/test-fixtures.ts';
import { triageAnswers, verifiedDccOf, verifyDcc } from './dcc.ts';
import { triageOn } from './triage.ts';

const DAY = 86_400_000;
let t: TestApp;
let entryId = '';

beforeAll(async () => {
  t = await createTestApp({ CERT_KEY_SECRET: 'test-certificate-key-secret-0123456789abcdef' });
  const res = await t.app.inject({ method: 'GET', url: '/api/declarations/questionnaires' });
  entryId = res.json<{ items: { id: string; kind: string }[] }>().items.find((i) => i.kind === 'entry')!.id;
  // A province rule naming evidence: a certificate the server verified, or (never seen) the raw QR.
  await t.database.db.insert(policyRules).values({
    key: 'declaration.triage',
    diseaseCode: 'COVID-19',
    effectiveFrom: '2025-01-01',
    value: {
      rules: [
        {
          reason: 'verifiedVaccination',
          when: { kind: 'anyCode', linkId: 'evidence.dcc.verified', codes: ['vaccination'] },
          action: 'selfMonitor',
        },
        { reason: 'rawQrSeen', when: { kind: 'answered', linkId: 'evidence.dcc' }, action: 'selfMonitor' },
      ],
    },
    source: { document: 'test' },
    verification: 'confirmed',
  });
});
afterAll(async () => {
  await t?.close();
});

const code = (c: string) => ({ valueCoding: { system: DECLARATION_CODES, code: c } });

function entryAnswers(hc1: string) {
  const s = (linkId: string, v: string) => ({ linkId, answer: [{ valueString: v }] });
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      { linkId: 'passport', item: [s('passport.number', 'C1234567'), s('passport.nationality', 'DE')] },
      {
        linkId: 'entry',
        item: [
          { linkId: 'entry.gate', answer: [code('airport')] },
          s('entry.vehicle', 'VN36'),
          { linkId: 'entry.arrivalDate', answer: [{ valueDate: '2026-12-01' }] },
          s('entry.originCountry', 'Germany'),
          s('entry.address', '12 Nguyễn Huệ'),
        ],
      },
      {
        linkId: 'evidence',
        item: [
          { linkId: 'evidence.vaccination', answer: [code('full')] },
          { linkId: 'evidence.test', answer: [code('none')] },
          s('evidence.dcc', hc1),
        ],
      },
      { linkId: 'symptoms', item: [{ linkId: 'symptoms.has', answer: [{ valueBoolean: false }] }] },
      {
        linkId: 'exposure',
        item: [
          { linkId: 'exposure.caseContact', answer: [{ valueBoolean: false }] },
          { linkId: 'exposure.outbreakArea', answer: [{ valueBoolean: false }] },
        ],
      },
    ],
  };
}

interface Submitted {
  id: string;
  token: string;
  reasons: string[];
  dcc: { status: string; type?: string; date?: string; issuer?: string; verifiedBy: string } | null;
}

async function declare(hc1: string): Promise<Submitted> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/declarations',
    payload: {
      submissionId: randomUUID(),
      questionnaireId: entryId,
      communeCode: HOME.communeCode,
      person: { fullName: 'Jürgen Müller', dateOfBirth: '1970-01-01', passport: 'C1234567' },
      response: entryAnswers(hc1),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Submitted>();
}

/** The same QR with one letter of the holder's name changed (its signature no longer holds). */
function altered(hc1: string): string {
  const cose = decompress(base45Decode(unprefix(hc1)));
  const at = Buffer.from(cose).indexOf('MUELLER');
  expect(at).toBeGreaterThan(0);
  const copy = Uint8Array.from(cose);
  copy[at] = 'N'.charCodeAt(0);
  return prefix(base45Encode(compress(copy)));
}

describe('an entry declaration DCC is verified by the server, never taken on the device’s word', () => {
  it('stores the verdict: valid → evidence for triage; altered → invalid and no evidence', async () => {
    const signer = await issuingSigner(t.database.db, t.config);
    const now = Date.now();
    const valid = await issueHc1({
      hcert: buildVaccinationCertificate(
        { familyName: 'Müller', givenName: 'Jürgen', dateOfBirth: '1970-01-01' },
        {
          product: 'EU/1/20/1528',
          doseNumber: 2,
          totalDoses: 2,
          date: '2026-06-01',
          issuerName: 'Bộ Y tế',
          uvci: makeUvci('DECL/1', 'VN'),
        },
      ),
      issuer: 'VN',
      issuedAt: new Date(now - DAY),
      expiresAt: new Date(now + 300 * DAY),
      signer,
    });

    const good = await declare(valid);
    expect(good.dcc).toMatchObject({
      status: 'valid',
      type: 'vaccination',
      date: '2026-06-01',
      issuer: 'VN',
      verifiedBy: 'server',
    });
    expect(good.reasons).toEqual(['verifiedVaccination']);

    const bad = await declare(altered(valid));
    expect(bad.dcc).toMatchObject({ status: 'invalid', failedStep: 'signature', verifiedBy: 'server' });
    expect(bad.dcc).not.toHaveProperty('type');
    // The device still claims "fully vaccinated", but triage saw no evidence.
    expect(bad.reasons).toEqual([]);

    // The QR text (name, date of birth) is not kept; the verdict is.
    const rows = await queryRows<{ id: string; status: string; qr: boolean }>(
      t.database.db,
      sql`select id, dcc->>'status' as status, response::text like '%HC1:%' as qr
          from declarations where id in (${good.id}, ${bad.id})`,
    );
    expect(rows.map((r) => [r.id, r.status, r.qr]).sort()).toEqual(
      [
        [good.id, 'valid', false],
        [bad.id, 'invalid', false],
      ].sort(),
    );

    const officer = await signInAs(t, 'commune_officer', HOME.communeCode);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/declarations?kind=entry&communeCode=${HOME.communeCode}`,
      headers: officer.headers,
    });
    const items = list.json<{ items: Submitted[] }>().items;
    expect(Object.fromEntries(items.map((i) => [i.id, i.dcc?.status]))).toEqual({
      [good.id]: 'valid',
      [bad.id]: 'invalid',
    });
    // The checkpoint sees the same verdict when it scans the declaration's QR.
    const guard = await signInAs(t, 'quarantine_officer', HOME.districtCode);
    const scan = await t.app.inject({
      method: 'POST',
      url: '/api/declarations/checkpoint-scan',
      headers: guard.headers,
      payload: { token: bad.token, checkpoint: 'Sân bay' },
    });
    expect(scan.json<{ declaration: Submitted }>().declaration.dcc?.status).toBe('invalid');
  });

  it('the shipped rule of 16/12/2021: an arrival with a verified full series self-monitors, without it is tested', async () => {
    const signer = await issuingSigner(t.database.db, t.config);
    const now = Date.now();
    const dosed = await issueHc1({
      hcert: buildVaccinationCertificate(
        { familyName: 'Müller', givenName: 'Jürgen', dateOfBirth: '1970-01-01' },
        {
          product: 'EU/1/20/1528',
          doseNumber: 2,
          totalDoses: 2,
          date: '2021-11-01',
          issuerName: 'Bộ Y tế',
          uvci: makeUvci('DECL/2', 'VN'),
        },
      ),
      issuer: 'VN',
      issuedAt: new Date(now - DAY),
      expiresAt: new Date(now + 300 * DAY),
      signer,
    });
    const answers = collectAnswers(entryAnswers(dosed));
    // Triage by the versions stored in the database on 10/01/2022, with the server's verdicts.
    const on = async (hc1: string) => {
      const verdict = await verifyDcc(t.database.db, hc1, new Date(now));
      return triageOn(t.database.db, triageAnswers(answers, verdict), '2022-01-10', verifiedDccOf(verdict));
    };
    expect(await on(dosed)).toMatchObject({
      action: 'selfMonitor',
      flagged: false,
      reasons: ['arrivalVerifiedDcc'],
    });
    expect(await on(altered(dosed))).toMatchObject({ action: 'test', flagged: true, reasons: ['arrival'] });
  });
});
