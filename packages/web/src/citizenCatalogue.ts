/**
 * The parts of the catalogue the light citizen entry (citizen.html) carries in its entry chunk:
 * those its statically imported pages and components name (the check-in page, the verifier, the
 * layouts, API errors) — whole namespaces, or a branch (`vaccination.verifier`). Everything else
 * comes with the whole catalogue, loaded before any other citizen page renders
 * (citizenRoutes.tsx). citizenCatalogue.test.ts checks the list against the keys the entry's
 * modules name.
 */
export const CITIZEN_CATALOGUE: readonly string[] = [
  'web',
  'errors',
  'fields',
  'checkin',
  'vaccination.verifier',
  // The verifier's outcome: `vaccination.${reasonKey}` with @epilink/dcc's `dcc.valid`/`dcc.invalid.*`.
  'vaccination.dcc',
  'healthbook.statusQr',
  'security.citizenLogin',
  'security.web.citizen',
];

/** A branch of a message tree: `pick(tree, ['a.b', 'c'])` keeps `a.b…` and `c…` only. */
export function pickBranches(
  tree: Record<string, unknown>,
  paths: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const parts = path.split('.');
    let from: unknown = tree;
    for (const p of parts) from = (from as Record<string, unknown> | undefined)?.[p];
    if (from === undefined) throw new Error(`the catalogue has no ${path}`);
    let to = out;
    for (const p of parts.slice(0, -1)) to = (to[p] ??= {}) as Record<string, unknown>;
    to[parts.at(-1)!] = from;
  }
  return out;
}
