/**
 * The official EU DCC test files: for every file, every step named in EXPECTEDRESULTS must
 * succeed (true) or fail (false) as expected.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { base45Decode } from '../src/base45.ts';
import { bytesEqual } from '../src/bytes.ts';
import { decodeCbor, encodeCbor, fromJson, toJson } from '../src/cbor.ts';
import type { JsonValue } from '../src/cbor.ts';
import { checkKeyUsage, checkSignerValidity, parseSignerCertificate } from '../src/certificate.ts';
import { decodeCose } from '../src/cose.ts';
import { checkExpiry, decodeCwt } from '../src/cwt.ts';
import { validateSchema } from '../src/schema.ts';
import { decompress, unprefix } from '../src/transport.ts';
import { trustListEntryFromBase64 } from '../src/trust-list.ts';
import { findVerifyingSigner, verifyHc1 } from '../src/verify.ts';
import type { VerifyResult } from '../src/verify.ts';
import type { TestFile } from './testdata.ts';
import { hex, knownIssueFor, loadKnownIssues, loadTestCases, parseClock, sameContent } from './testdata.ts';

type Check = (d: TestFile) => boolean | Promise<boolean>;

function coseBytes(d: TestFile): Uint8Array {
  if (d.COSE !== undefined) return hex(d.COSE);
  if (d.PREFIX === undefined) throw new Error('no COSE and no PREFIX');
  return decompress(base45Decode(unprefix(d.PREFIX)));
}

function hcertFromCose(d: TestFile): unknown {
  return decodeCwt(decodeCose(coseBytes(d)).payload).hcert;
}

/** The CBOR field holds either the payload itself or (DE, VA files) the whole CWT claims map. */
function decodeCborField(cborHex: string): unknown {
  const item = decodeCbor(hex(cborHex));
  return item instanceof Map && item.has(-260) ? decodeCwt(hex(cborHex)).hcert : toJson(item);
}

function hcertFromCbor(d: TestFile): unknown {
  return d.CBOR === undefined ? hcertFromCose(d) : decodeCborField(d.CBOR);
}

async function verifies(d: TestFile): Promise<boolean> {
  const cert = d.TESTCTX.CERTIFICATE;
  if (cert === undefined) return false;
  const found = await findVerifyingSigner(decodeCose(coseBytes(d)), [await trustListEntryFromBase64(cert)]);
  return 'signer' in found;
}

/** Each step of the README's "Code Validation" table. */
const CHECKS: Record<string, Check> = {
  EXPECTEDPICTUREDECODE: (d) => {
    const png = PNG.sync.read(Buffer.from(d['2DCODE'] ?? '', 'base64'));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    return qr !== null && (d.PREFIX === undefined || qr.data === d.PREFIX);
  },
  EXPECTEDUNPREFIX: (d) => {
    const base45 = unprefix(d.PREFIX ?? '');
    return d.BASE45 === undefined || base45 === d.BASE45;
  },
  EXPECTEDB45DECODE: (d) => {
    const bytes = base45Decode(d.BASE45 ?? '');
    return d.COMPRESSED === undefined || bytesEqual(bytes, hex(d.COMPRESSED));
  },
  EXPECTEDCOMPRESSION: (d) => {
    const bytes = decompress(hex(d.COMPRESSED ?? ''));
    return d.COSE === undefined || bytesEqual(bytes, hex(d.COSE));
  },
  EXPECTEDVERIFY: verifies,
  // Code generation: the JSON validates against the schema (1.3.3 here, backward compatible).
  EXPECTEDVALIDOBJECT: (d) => validateSchema(d.JSON).length === 0,
  // Code generation: JSON encoded to CBOR decodes to the same content as the file's CBOR.
  EXPECTEDENCODE: (d) => {
    const encoded = toJson(decodeCbor(encodeCbor(fromJson(d.JSON as JsonValue))));
    return sameContent(encoded, decodeCborField(d.CBOR ?? ''));
  },
  EXPECTEDDECODE: (d) => {
    const fromCbor = d.CBOR === undefined ? undefined : decodeCborField(d.CBOR);
    const decoded = d.COSE === undefined ? fromCbor : hcertFromCose(d);
    if (decoded === undefined) return false;
    if (fromCbor !== undefined && !sameContent(decoded, fromCbor)) return false;
    return d.JSON === undefined || sameContent(decoded, d.JSON);
  },
  EXPECTEDVALIDJSON: (d) => {
    const decoded = decodeCwt(decodeCose(decompress(base45Decode(unprefix(d.PREFIX ?? '')))).payload).hcert;
    return sameContent(decoded, d.JSON);
  },
  EXPECTEDSCHEMAVALIDATION: (d) => validateSchema(hcertFromCbor(d)).length === 0,
  // As upstream: iat <= clock <= exp, and the signer certificate valid at iat.
  EXPECTEDEXPIRATIONCHECK: (d) => {
    const cwt = decodeCwt(decodeCose(coseBytes(d)).payload);
    const clock = parseClock(d.TESTCTX.VALIDATIONCLOCK ?? '');
    if (!checkExpiry(cwt, clock).ok || !cwt.issuedAt) return false;
    if (d.TESTCTX.CERTIFICATE === undefined) return true;
    const signer = parseSignerCertificate(Uint8Array.from(Buffer.from(d.TESTCTX.CERTIFICATE, 'base64')));
    return checkSignerValidity(signer, cwt.issuedAt) === undefined;
  },
  EXPECTEDKEYUSAGE: async (d) => {
    if (!(await verifies(d))) return false;
    const cert = parseSignerCertificate(Uint8Array.from(Buffer.from(d.TESTCTX.CERTIFICATE ?? '', 'base64')));
    const hcert = hcertFromCose(d);
    return (
      typeof hcert === 'object' && hcert !== null && checkKeyUsage(cert, hcert as Record<string, unknown>)
    );
  },
};

/** Inputs a step needs; a file that sets the step but lacks its input cannot be tested. */
const NEEDS: Record<string, (keyof TestFile)[]> = {
  EXPECTEDPICTUREDECODE: ['2DCODE'],
  EXPECTEDUNPREFIX: ['PREFIX'],
  EXPECTEDB45DECODE: ['BASE45'],
  EXPECTEDCOMPRESSION: ['COMPRESSED'],
  EXPECTEDVALIDJSON: ['PREFIX', 'JSON'],
  EXPECTEDVALIDOBJECT: ['JSON'],
  EXPECTEDENCODE: ['JSON', 'CBOR'],
};

async function run(check: Check, d: TestFile): Promise<boolean> {
  try {
    return await check(d);
  } catch {
    return false;
  }
}

const cases = loadTestCases();
const knownIssues = loadKnownIssues();

it('finds the official test files', () => {
  expect(cases.length).toBeGreaterThanOrEqual(29);
});

describe.each(cases.map((tc) => [tc.file, tc] as const))('%s', (_file, tc) => {
  for (const [step, expected] of Object.entries(tc.data.EXPECTEDRESULTS)) {
    // Data-driven skips, each with its reason in the title: the one step an upstream known issue
    // (tests/known_issues.csv) names for this file, and steps a file names but cannot be tested from.
    const issue = knownIssueFor(tc, step, knownIssues);
    if (issue) {
      it.skip(`${step}: skipped, upstream known issue ${issue.testName} (${issue.reason})`, () => undefined);
      continue;
    }
    const check = CHECKS[step];
    if (!check) {
      it.skip(`${step}: skipped, a step this suite does not know`, () => undefined);
      continue;
    }
    const missing = (NEEDS[step] ?? []).filter((field) => tc.data[field] === undefined);
    if (missing.length > 0) {
      it.skip(`${step}: skipped, the file sets it but has no ${missing.join(', ')} field to test`, () =>
        undefined);
      continue;
    }
    it(`${step} ${expected ? 'succeeds' : 'fails'} (${tc.data.TESTCTX.DESCRIPTION ?? ''})`, async () => {
      expect(await run(check, tc.data)).toBe(expected);
    });
  }
});

describe('known issues skip one step, not a file or a country', () => {
  const fi = { file: 'FI/2DCode/raw/1.json', country: 'FI', name: '1', data: cases[0]!.data };
  const es = { file: 'ES/2DCode/raw/401.json', country: 'ES', name: '401', data: cases[0]!.data };
  it('FI (issue 407) skips the verify, expiration and key usage steps only', () => {
    expect(knownIssueFor(fi, 'EXPECTEDVERIFY', knownIssues)?.reason).toMatch(/issues\/407$/);
    expect(knownIssueFor(fi, 'EXPECTEDEXPIRATIONCHECK', knownIssues)).toBeDefined();
    expect(knownIssueFor(fi, 'EXPECTEDKEYUSAGE', knownIssues)).toBeDefined();
    expect(knownIssueFor(fi, 'EXPECTEDSCHEMAVALIDATION', knownIssues)).toBeUndefined();
    expect(knownIssueFor(fi, 'EXPECTEDDECODE', knownIssues)).toBeUndefined();
  });
  it('ES 401 skips the verify step of that file only', () => {
    expect(knownIssueFor(es, 'EXPECTEDVERIFY', knownIssues)).toBeDefined();
    expect(knownIssueFor(es, 'EXPECTEDSCHEMAVALIDATION', knownIssues)).toBeUndefined();
    expect(knownIssueFor({ ...es, name: '404' }, 'EXPECTEDVERIFY', knownIssues)).toBeUndefined();
  });
  it('compares date-times as instants', () => {
    expect(sameContent({ sc: '2021-05-29T19:21:13.000Z' }, { sc: '2021-05-29T21:21:13+02:00' })).toBe(true);
    expect(sameContent({ sc: '2021-05-29T19:21:13Z' }, { sc: '2021-05-29T19:21:14Z' })).toBe(false);
    expect(sameContent({ fn: 'A' }, { fn: 'B' })).toBe(false);
  });
});

describe('verifyHc1 over the whole chain of the official files (trust list = TESTCTX.CERTIFICATE)', () => {
  const byFile = new Map(cases.map((tc) => [tc.file.split('\\').join('/'), tc.data]));
  const verifyFile = async (file: string): Promise<VerifyResult> => {
    const d = byFile.get(file);
    if (!d?.PREFIX || !d.TESTCTX.CERTIFICATE) throw new Error(`${file} lacks PREFIX or CERTIFICATE`);
    return verifyHc1(d.PREFIX, {
      trustList: [await trustListEntryFromBase64(d.TESTCTX.CERTIFICATE)],
      now: parseClock(d.TESTCTX.VALIDATIONCLOCK ?? ''),
    });
  };

  it.each([
    'AT/2DCode/raw/1.json',
    'DE/2DCode/raw/1.json',
    'DE/2DCode/raw/2.json',
    'VA/2DCode/raw/1.json',
    'VA/2DCode/raw/2.json',
    'VA/2DCode/raw/3.json',
    'common/2DCode/raw/CO28.json',
  ])('%s is valid', async (file) => {
    const result = await verifyFile(file);
    expect(result, JSON.stringify(result)).toMatchObject({ valid: true, reasonKey: 'dcc.valid' });
    expect(result.certificate?.holder.dateOfBirth).toMatch(/^\d{4}/);
  });

  it.each([
    ['common/2DCode/raw/H1.json', 'prefix'],
    ['common/2DCode/raw/H2.json', 'prefix'],
    ['common/2DCode/raw/H3.json', 'prefix'],
    ['common/2DCode/raw/B1.json', 'base45'],
    ['common/2DCode/raw/CO22.json', 'kid'],
    ['common/2DCode/raw/CO5.json', 'signature'],
    ['common/2DCode/raw/CO16.json', 'notYetValid'],
    ['common/2DCode/raw/CO17.json', 'expired'],
    ['common/2DCode/raw/CO6.json', 'keyUsage'],
  ] as const)('%s fails at step %s', async (file, step) => {
    const result = await verifyFile(file);
    expect(result, JSON.stringify(result)).toMatchObject({ valid: false, failedStep: step });
  });

  it('CO21: a wrong unprotected kid is ignored when the protected kid is right', async () => {
    const result = await verifyFile('common/2DCode/raw/CO21.json');
    expect(['kid', 'signature']).not.toContain(result.failedStep);
  });
});
