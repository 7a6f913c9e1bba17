import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messagesFor, namespaces } from '@epilink/core';
import { CITIZEN_CATALOGUE, pickBranches } from './citizenCatalogue.ts';

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

/** A key named in a module's source: whole (`'checkin.citizen.title'`) or a prefix (`` `web.${x}` ``). */
interface Named {
  key: string;
  dynamic: boolean;
}

/** Catalogue keys a module's source names (strings whose first segment is a namespace). */
function keysNamed(source: string): Named[] {
  const known = Object.keys(namespaces);
  const found: Named[] = [];
  for (const m of source.matchAll(/(['`"])([a-zA-Z]+(?:\.\w+)*)(\.\$\{|\.?\1)/gu)) {
    const key = m[2]!;
    const dynamic = m[3] !== m[1];
    if (known.includes(key.split('.')[0]!) && (dynamic || key.includes('.'))) found.push({ key, dynamic });
  }
  return found;
}

/**
 * Keys built from a value whose possible values the list covers branch by branch: the verifier's
 * outcome `vaccination.${reasonKey}` takes @epilink/dcc's `dcc.valid` / `dcc.invalid.<step>`.
 */
const DYNAMIC_COVERED: Record<string, string> = { vaccination: 'vaccination.dcc' };

const under = (key: string, branch: string) => key === branch || key.startsWith(`${branch}.`);

/** Whether the entry's catalogue holds a key (or every key a prefix can make). */
function carried(named: Named): boolean {
  if (CITIZEN_CATALOGUE.some((branch) => under(named.key, branch))) return true;
  const branch = named.dynamic ? DYNAMIC_COVERED[named.key] : undefined;
  return branch !== undefined && CITIZEN_CATALOGUE.includes(branch);
}

describe('the citizen entry catalogue', () => {
  it('carries every namespace the modules of its entry chunk name', () => {
    const modules = staticModules('citizen-main.tsx').filter((f) => !DROPPED.has(f.slice(SRC.length + 1)));
    // The walk reaches the two pages opened in a queue, and not a lazy citizen page.
    expect(modules.some((f) => f.endsWith('pages/checkin/CheckinPage.tsx'))).toBe(true);
    expect(modules.some((f) => f.endsWith('pages/vaccination/VerifierPage.tsx'))).toBe(true);
    expect(modules.some((f) => f.endsWith('pages/healthbook/HealthBookPage.tsx'))).toBe(false);
    const missing = modules.flatMap((f) =>
      keysNamed(readFileSync(f, 'utf8'))
        .filter((named) => !carried(named))
        .map((named) => `${named.key}${named.dynamic ? '.…' : ''} (${f.slice(SRC.length + 1)})`),
    );
    expect(missing).toEqual([]);
  });

  it('names only branches the catalogue has, and keeps each whole', () => {
    const vi = messagesFor('vi') as Record<string, unknown>;
    const picked = pickBranches(vi, CITIZEN_CATALOGUE) as Record<string, Record<string, unknown>>;
    expect(picked.vaccination).toEqual({
      verifier: messagesFor('vi').vaccination!.verifier,
      dcc: messagesFor('vi').vaccination!.dcc,
    });
    expect(picked.checkin).toEqual(messagesFor('vi').checkin);
    expect(() => pickBranches(vi, ['vaccination.nothing'])).toThrow(/vaccination\.nothing/u);
  });

  it('finds the keys a module names', () => {
    expect(
      keysNamed("t('checkin.citizen.title'); t(`zones.${k}`); t(`web.roles.${r}`); 'x.y'; 'web'"),
    ).toEqual([
      { key: 'checkin.citizen.title', dynamic: false },
      { key: 'zones', dynamic: true },
      { key: 'web.roles', dynamic: true },
    ]);
    expect(carried({ key: 'vaccination.verifier.check', dynamic: false })).toBe(true);
    expect(carried({ key: 'vaccination', dynamic: true })).toBe(true);
    expect(carried({ key: 'vaccination.lot.title', dynamic: false })).toBe(false);
    expect(carried({ key: 'security', dynamic: true })).toBe(false);
  });
});
