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

/** The known issue that covers a test file, if any (an empty test_set covers the whole country). */
export function knownIssueFor(tc: TestCase, issues: KnownIssue[]): KnownIssue | undefined {
  return issues.find((i) => i.country === tc.country && (i.testSet === '' || i.testSet === tc.name));
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
