/**
 * Loading the official DCC test files (shared/conformance/dcc-testdata, read-only) for the tests.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (…/main). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The official test data folder. */
export const testdataDir = path.resolve(repoRoot, '../shared/conformance/dcc-testdata');
/** The official schema folder (examples and test payloads). */
export const schemaDir = path.resolve(repoRoot, '../shared/conformance/dcc-schema');

/** One test file's content (fields absent when the file does not test that step). */
export interface TestFile {
  JSON?: unknown;
  CBOR?: string;
  COSE?: string;
  COMPRESSED?: string;
  BASE45?: string;
  PREFIX?: string;
  '2DCODE'?: string;
  TESTCTX: { CERTIFICATE?: string; VALIDATIONCLOCK?: string; DESCRIPTION?: string; SCHEMA?: string };
  EXPECTEDRESULTS: Record<string, boolean>;
}

/** A test file with its place: country folder and name without extension. */
export interface TestCase {
  /** Path relative to the test data folder. */
  file: string;
  country: string;
  name: string;
  data: TestFile;
}

/** Walks every JSON test file under `<country>/2DCode/raw/` (all country folders). */
export function loadTestCases(): TestCase[] {
  const cases: TestCase[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.json') && full.includes(`${path.sep}2DCode${path.sep}raw${path.sep}`)) {
        const file = path.relative(testdataDir, full);
        const [country = ''] = file.split(path.sep);
        cases.push({
          file,
          country,
          name: entry.replace(/\.json$/, ''),
          data: JSON.parse(readFileSync(full, 'utf8')) as TestFile,
        });
      }
    }
  };
  walk(testdataDir);
  return cases;
}

/** One row of tests/known_issues.csv. */
export interface KnownIssue {
  testName: string;
  country: string;
  testSet: string;
  reason: string;
}

/** The upstream known issues (files known to be broken). */
export function loadKnownIssues(): KnownIssue[] {
  const lines = readFileSync(path.join(testdataDir, 'tests/known_issues.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return lines.map((line) => {
    const [testName = '', country = '', testSet = '', reason = ''] = line.split(',');
    return { testName, country, testSet, reason };
  });
}

/**
 * The step (EXPECTEDRESULTS key) each upstream test function checks (dgc-testdata
 * tests/test_ehealth_certs.py): a known issue names the function, so it names one step.
 */
export const STEP_OF_UPSTREAM_TEST: Readonly<Record<string, string>> = {
  test_compression: 'EXPECTEDCOMPRESSION',
  test_cose_schema: 'EXPECTEDSCHEMAVALIDATION',
  test_cose_json: 'EXPECTEDDECODE',
  test_cose_cbor: 'EXPECTEDDECODE',
  test_cbor_json: 'EXPECTEDVALIDJSON',
  test_verification_check: 'EXPECTEDVERIFY',
  test_expiration_check: 'EXPECTEDEXPIRATIONCHECK',
  test_expected_key_usage: 'EXPECTEDKEYUSAGE',
  test_b45decode: 'EXPECTEDB45DECODE',
  test_un_prefix: 'EXPECTEDUNPREFIX',
  test_picture_decode: 'EXPECTEDPICTUREDECODE',
};

/**
 * The known issue that covers one step of a test file, if any. As upstream: the issue's country
 * must match, an empty test_set covers every file of the country, and the issue covers only the
 * step of the test function it names (an empty or unknown function name covers every step).
 */
export function knownIssueFor(tc: TestCase, step: string, issues: KnownIssue[]): KnownIssue | undefined {
  return issues.find(
    (i) =>
      i.country === tc.country &&
      (i.testSet === '' || i.testSet === tc.name) &&
      (i.testName === '' || (STEP_OF_UPSTREAM_TEST[i.testName] ?? step) === step),
  );
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * Compares decoded structures as upstream does: maps by key, and date-times as instants to the
 * second ("2021-05-29T19:21:13.000Z" equals "2021-05-29T21:21:13+02:00"; a zone-less time is UTC).
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    if (!DATE_TIME.test(a) || !DATE_TIME.test(b)) return false;
    const instant = (t: string) => Math.floor(parseClock(t.replace(' ', 'T')).getTime() / 1000);
    try {
      return instant(a) === instant(b);
    } catch {
      return false;
    }
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameContent(x, b[i]))
    );
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      sameContent(ka, kb) &&
      ka.every((k) => sameContent((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return Object.is(a, b);
}

/** Parses VALIDATIONCLOCK: ISO 8601, read as UTC when it carries no offset. */
export function parseClock(text: string): Date {
  const withZone = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  const date = new Date(withZone);
  if (Number.isNaN(date.getTime())) throw new Error(`bad VALIDATIONCLOCK ${text}`);
  return date;
}

/** Hex to bytes. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}
