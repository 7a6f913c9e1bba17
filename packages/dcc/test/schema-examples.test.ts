/**
 * The official schema repository's examples and test payloads: examples and test/valid must
 * validate, test/invalid must not.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSchema } from '../src/schema.ts';
import { schemaDir } from './testdata.ts';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

const load = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const rel = (file: string): string => path.relative(schemaDir, file);

const valid = [
  ...jsonFiles(path.join(schemaDir, 'examples')),
  ...jsonFiles(path.join(schemaDir, 'test/valid')),
];
const invalid = jsonFiles(path.join(schemaDir, 'test/invalid'));

describe('schema examples and valid test payloads', () => {
  it('finds them', () => {
    expect(valid.length).toBeGreaterThanOrEqual(40);
  });
  it.each(valid.map(rel))('%s validates', (file) => {
    expect(validateSchema(load(path.join(schemaDir, file)))).toEqual([]);
  });
});

describe('invalid test payloads', () => {
  it('finds them', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(6);
  });
  it.each(invalid.map(rel))('%s is rejected', (file) => {
    expect(validateSchema(load(path.join(schemaDir, file))).length).toBeGreaterThan(0);
  });
});
