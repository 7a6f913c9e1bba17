/**
 * The situation room's parts as the dashboard benchmark uses them, through their contracts
 * (/tmp/prompts/sr-contract.md: A `readIndicators` + `checkRollups`, B `computeLevels`, E
 * `generateSitrep`). Each is loaded only when its module is in the tree and exports the function;
 * otherwise the benchmark skips that metric and records why (never a made-up number).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Access } from '../../packages/server/src/access/context.ts';
import type { DbOrTx } from '../../packages/server/src/db/client.ts';
import { REPO_ROOT } from '../lib.ts';

/** Contract A's query (the fields the benchmark uses). */
export interface IndicatorQuery {
  unitCode: string;
  from: string;
  to: string;
  asOf?: string;
  disease: string;
  children?: boolean;
}

export type ReadIndicators = (
  db: DbOrTx,
  access: Access,
  q: IndicatorQuery,
) => Promise<{ totals: Partial<Record<string, number>> }>;
export type CheckRollups = (db: DbOrTx, limit?: number) => Promise<{ differences: number }>;
export type RebuildRollups = (tx: DbOrTx) => Promise<unknown>;
export type ComputeLevels = (
  db: DbOrTx,
  options: { provinceCode: string; week: string; disease?: string },
) => Promise<unknown>;
export type GenerateSitrep = (
  db: DbOrTx,
  access: Access,
  q: { unitCode: string; day: string; lang?: 'vi' | 'en' },
) => Promise<unknown>;

export type Part<F> = { fn: F; reason?: undefined } | { fn?: undefined; reason: string };

/** Load `name` from `file` (relative to the repository) when that part has landed. */
export async function loadPart<F>(file: string, name: string): Promise<Part<F>> {
  const path = join(REPO_ROOT, file);
  if (!existsSync(path)) return { reason: `${file} is not in the tree yet` };
  try {
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const fn = mod[name];
    if (typeof fn !== 'function') return { reason: `${file} exports no function ${name}` };
    return { fn: fn as F };
  } catch (e) {
    return { reason: `${file} failed to load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Every part the benchmark measures. */
export async function loadParts(): Promise<{
  readIndicators: Part<ReadIndicators>;
  checkRollups: Part<CheckRollups>;
  rebuildRollups: Part<RebuildRollups>;
  computeLevels: Part<ComputeLevels>;
  generateSitrep: Part<GenerateSitrep>;
}> {
  return {
    readIndicators: await loadPart<ReadIndicators>(
      'packages/server/src/indicators/read.ts',
      'readIndicators',
    ),
    checkRollups: await loadPart<CheckRollups>('packages/server/src/indicators/check.ts', 'checkRollups'),
    rebuildRollups: await loadPart<RebuildRollups>(
      'packages/server/src/indicators/check.ts',
      'rebuildRollups',
    ),
    computeLevels: await loadPart<ComputeLevels>('packages/server/src/levels/compute.ts', 'computeLevels'),
    generateSitrep: await loadPart<GenerateSitrep>('packages/server/src/sitrep/store.ts', 'generateSitrep'),
  };
}
