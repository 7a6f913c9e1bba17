import { readFileSync } from 'node:fs';
import { isAppError, today, translate } from '@epilink/core';
import { systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { loadCommuneBoundaries } from './boundaries.ts';

/**
 * `map:load-boundaries <file.geojson> --licence L --attribution A [--as-of YYYY-MM-DD]
 * [--province CODE]`: load the province's commune boundaries from a file, as the upload does
 * (same checks, audited as the CLI); codes are communes of the list in force on --as-of (default
 * today). Returns the exit code; problems are printed in English.
 */
export async function runMapLoadBoundaries(
  db: Db,
  provinceCode: string,
  options: Record<string, string>,
  out: (line: string) => void,
): Promise<number> {
  const file = options._;
  const { licence, attribution } = options;
  const asOf = options['as-of'] ?? today();
  if (!file || !licence || !attribution || !/^\d{4}-\d{2}-\d{2}$/u.test(asOf)) {
    out(
      'Usage: map:load-boundaries <file.geojson> --licence L --attribution A [--as-of YYYY-MM-DD] [--province CODE]',
    );
    return 2;
  }
  let geojson: unknown;
  try {
    geojson = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    out(`Refused: ${translate('en', 'map.errors.notFeatureCollection')}`);
    return 1;
  }
  const access = systemAccess('cli');
  try {
    const loaded = await db.transaction(async (tx) => {
      const result = await loadCommuneBoundaries(tx, {
        provinceCode: options.province ?? provinceCode,
        unitsAsOf: asOf,
        licence,
        attribution,
        geojson,
        uploadedBy: null,
      });
      await writeAudit(
        tx,
        access,
        { ip: null },
        {
          action: 'create',
          entity: 'map_boundaries',
          entityId: result.id,
          details: { dataset: result.dataset, unitsAsOf: asOf, features: result.features },
        },
      );
      return result;
    });
    out(
      `Loaded ${loaded.features} commune boundaries for the list ${loaded.dataset} (${loaded.missing} communes without one).`,
    );
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    out(`Refused: ${translate('en', e.messageKey, e.params)}`);
    for (const d of e.details) out(`  - ${translate('en', d.messageKey, d.params ?? {})}`);
    return 1;
  }
}
