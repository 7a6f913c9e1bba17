import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { namespaces } from '@epilink/core';
import { CITIZEN_NAMESPACES } from './citizenCatalogue.ts';

const SRC = dirname(fileURLToPath(import.meta.url));

/**
 * Modules an entry module imports for an export the citizen entry does not use, which the build
 * leaves out of its chunk: the officials' navigation (Layout.tsx imports it for the officials'
 * Layout; the citizen pages use PublicLayout).
 */
const DROPPED = new Set(['components/Nav.tsx']);

/** The web modules the citizen entry imports statically (dynamic `import()`s are left out). */
function staticModules(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [resolve(SRC, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+\.tsx?)';/gmu)) {
      if (!/^import\s+type\s/u.test(m[0])) queue.push(resolve(dirname(file), m[1]!));
    }
  }
  return [...seen];
}

/** Catalogue namespaces named by keys in a module's source (`'checkin.citizen.title'`, `` `web.${x}` ``). */
function namespacesNamed(source: string): Set<string> {
  const known = Object.keys(namespaces);
  const found = new Set<string>();
  for (const m of source.matchAll(/['`"]([a-zA-Z]+)\.[a-zA-Z$]/gu))
    if (known.includes(m[1]!)) found.add(m[1]!);
  return found;
}

describe('the citizen entry catalogue', () => {
  it('carries every namespace the modules of its entry chunk name', () => {
    const modules = staticModules('citizen-main.tsx').filter((f) => !DROPPED.has(f.slice(SRC.length + 1)));
    // The walk reaches the two pages opened in a queue, and not a lazy citizen page.
    expect(modules.some((f) => f.endsWith('pages/checkin/CheckinPage.tsx'))).toBe(true);
    expect(modules.some((f) => f.endsWith('pages/vaccination/VerifierPage.tsx'))).toBe(true);
    expect(modules.some((f) => f.endsWith('pages/healthbook/HealthBookPage.tsx'))).toBe(false);
    const missing = modules.flatMap((f) =>
      [...namespacesNamed(readFileSync(f, 'utf8'))]
        .filter((ns) => !CITIZEN_NAMESPACES.includes(ns))
        .map((ns) => `${ns} (${f.slice(SRC.length + 1)})`),
    );
    expect(missing).toEqual([]);
  });

  it('names only namespaces the catalogue has', () => {
    expect(CITIZEN_NAMESPACES.filter((ns) => !(ns in namespaces))).toEqual([]);
  });

  it('finds the namespaces a module names', () => {
    expect([...namespacesNamed("t('checkin.citizen.title'); t(`zones.${k}`); 'x.y'; i18n.t")]).toEqual([
      'checkin',
      'zones',
    ]);
  });
});
