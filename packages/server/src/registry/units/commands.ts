import { readFileSync } from 'node:fs';
import { isAppError, translate } from '@epilink/core';
import { systemAccess } from '../../access/context.ts';
import type { Db } from '../../db/client.ts';
import { isShippedDataset, loadUnitDataset } from './load.ts';
import { rehomeDue } from './rehome.ts';
import { loadNextUnitList } from './upload.ts';

/**
 * `units:load <list> [--changes <csv>] [--from YYYY-MM-DD] [--name NAME]`: load a shipped list by
 * name (2021-11, 2025-03, 2025-07) or a list file in the published JSON shape with its change table
 * (checked against the list in force; --from is its first day, --name defaults to the file name);
 * re-homes when the list's date has come. Returns the exit code; problems are printed in English.
 */
export async function runUnitsLoad(
  db: Db,
  options: Record<string, string>,
  out: (line: string) => void,
): Promise<number> {
  const list = options._;
  if (!list) {
    out('Usage: units:load <2025-07 | list.json> [--changes changes.csv] [--from YYYY-MM-DD] [--name NAME]');
    return 2;
  }
  const access = systemAccess('cli');
  try {
    if (isShippedDataset(list)) {
      const n = await db.transaction(async (tx) => {
        const units = await loadUnitDataset(tx, list);
        await rehomeDue(tx, access);
        return units;
      });
      out(n === 0 ? `The list ${list} is already loaded.` : `Loaded the shipped list ${list}: ${n} units.`);
      return 0;
    }
    const validFrom = options.from;
    if (!validFrom || !/^\d{4}-\d{2}-\d{2}$/u.test(validFrom)) {
      out('A list file needs --from YYYY-MM-DD (its first day).');
      return 2;
    }
    const dataset = options.name ?? list.replace(/^.*\//u, '').replace(/\.json$/u, '');
    const result = await db.transaction((tx) =>
      loadNextUnitList(
        tx,
        access,
        { ip: null },
        {
          dataset,
          validFrom,
          listJson: readFileSync(list, 'utf8'),
          changesCsv: options.changes ? readFileSync(options.changes, 'utf8') : null,
        },
      ),
    );
    out(
      `Loaded ${dataset} from ${validFrom}: ${result.units} units, ${result.changes} change rows; re-homed: ${result.rehomed.join(', ') || 'none yet'}.`,
    );
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    out(`Refused: ${translate('en', e.messageKey, e.params)}`);
    for (const d of e.details) out(`  - ${translate('en', d.messageKey, d.params ?? {})}`);
    return 1;
  }
}
