import { gunzipSync } from 'node:zlib';
import { AppError } from '@epilink/core';
import { desc } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import type { AuditOrigin } from '../../audit/audit.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { DbOrTx } from '../../db/client.ts';
import { unitDatasets } from '../../db/schema/index.ts';
import { parseChangeTable } from './changes.ts';
import { loadUnitList, parseUnitList } from './load.ts';
import { rehomeDue } from './rehome.ts';

/** A compressed upload may not expand past this (the national 2021 list is 2.3 MB). */
const MAX_EXPANDED_BYTES = 32 * 1024 * 1024;

/** Text of a gzip-compressed, base64-encoded upload; VALIDATION_FAILED when it is not one. */
export function gunzipBase64(data: string, path: string): string {
  try {
    return gunzipSync(Buffer.from(data, 'base64'), { maxOutputLength: MAX_EXPANDED_BYTES }).toString('utf8');
  } catch {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path, messageKey: 'registry.units.problems.notGzip' }],
    });
  }
}

/**
 * Load the next unit list (and the change table into it) given by an administrator or the CLI, in
 * the caller's transaction: the list must begin after the latest list loaded and agree with the
 * one in force (load.ts); audited; when its date has come, current places are re-homed at once.
 */
export async function loadNextUnitList(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: { dataset: string; validFrom: string; listJson: string; changesCsv: string | null },
): Promise<{ units: number; changes: number; rehomed: string[] }> {
  const [latest] = await db
    .select({ dataset: unitDatasets.dataset, validFrom: unitDatasets.validFrom })
    .from(unitDatasets)
    .orderBy(desc(unitDatasets.validFrom))
    .limit(1);
  const problem = (messageKey: string, params: Record<string, string>, path: string) =>
    new AppError('VALIDATION_FAILED', { details: [{ path, messageKey, params }] });
  const loaded = await db.select({ dataset: unitDatasets.dataset }).from(unitDatasets);
  if (loaded.some((d) => d.dataset === input.dataset)) {
    throw problem('registry.units.problems.alreadyLoaded', { dataset: input.dataset }, 'dataset');
  }
  if (latest && input.validFrom <= latest.validFrom) {
    throw problem(
      'registry.units.problems.notAfterInForce',
      { date: input.validFrom, latest: latest.validFrom },
      'validFrom',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(input.listJson);
  } catch {
    throw problem('registry.units.problems.noData', {}, 'list');
  }
  const rows = parseUnitList(json, input.dataset, input.validFrom);
  const changes = input.changesCsv === null ? null : parseChangeTable(input.changesCsv);
  const units = await loadUnitList(db, {
    dataset: input.dataset,
    validFrom: input.validFrom,
    rows,
    changes,
    requireChanges: true,
  });
  await writeAudit(db, access, origin, {
    action: 'create',
    entity: 'unit_list',
    entityId: input.dataset,
    details: { validFrom: input.validFrom, units, changes: changes?.length ?? 0 },
  });
  return { units, changes: changes?.length ?? 0, rehomed: await rehomeDue(db, access) };
}
