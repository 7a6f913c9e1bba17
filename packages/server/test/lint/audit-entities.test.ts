/**
 * The audit viewer names every kind of record in the reader's language (core
 * `access/auditEntities.ts` and its catalogue). This test keeps that list whole: every entity the
 * server's code writes into the audit trail as a literal — `entity: '…'` in an audit entry, or the
 * first argument of `listAuditEntries('…', …)` — must be listed, so a new module cannot add a
 * kind the security officer would see as a bare code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_ENTITIES } from '@epilink/core';
import { describe, expect, it } from 'vitest';
import { FHIR_TYPES } from '../../src/fhir/search.ts';

const src = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Entity literals written by audit entries in one file's text. */
function entityLiterals(text: string): string[] {
  const found = [
    ...text.matchAll(/\bentity:\s*'([a-z_]+)'/gu),
    ...text.matchAll(/listAuditEntries\(\s*'([a-z_]+)'/gu),
  ];
  return found.map((m) => m[1]!);
}

describe('audit entities: the viewer can name every kind of record the server audits', () => {
  it('finds the literals it looks for (the scan itself works)', () => {
    expect(entityLiterals(`writeAudit(tx, a, o, { action: 'read', entity: 'vaccine_lot' });`)).toEqual([
      'vaccine_lot',
    ]);
    expect(entityLiterals(`listAuditEntries(\n  'chain_graph',\n ids)`)).toEqual(['chain_graph']);
  });

  it('lists every entity literal in the server code', () => {
    const listed = new Set<string>(AUDIT_ENTITIES);
    const written = new Set(sources(src).flatMap((f) => entityLiterals(readFileSync(f, 'utf8'))));
    expect(written.size).toBeGreaterThan(50);
    expect([...written].filter((e) => !listed.has(e)).sort()).toEqual([]);
  });

  it('lists the FHIR API entity of every resource type it serves (`fhir_<Type>`)', () => {
    const listed = new Set<string>(AUDIT_ENTITIES);
    expect(FHIR_TYPES.filter((t) => !listed.has(`fhir_${t}`))).toEqual([]);
  });
});
