/**
 * Loading the target population of coverage: a census by commune × age band (issue #10 item 7).
 * The file is CSV `commune_code,age_band,population`; every line is checked (shape, a commune of
 * the unit list valid on the reference date and inside the caller's jurisdiction, a known age
 * band, a whole non-negative count, no repeats) before anything is written, so a bad file changes
 * nothing. A load replaces the census rows of the communes it names, in one transaction with its
 * audit row.
 */
import { AGE_BANDS, AppError, isAppError, translate } from '@epilink/core';
import type { ErrorDetail } from '@epilink/core';
import { and, eq, inArray, isNull, lte, or, gt } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { placeWithin, systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, populationCensus } from '../db/schema/index.ts';

/** What a census load names. */
export interface CensusInput {
  csv: string;
  source: string;
  referenceDate: string;
}

interface CensusLine {
  line: number;
  communeCode: string;
  ageBand: string;
  population: number;
}

const HEADER = 'commune_code,age_band,population';
const MAX_PROBLEMS = 50;

/** Parse the CSV: the lines and the problems found in their shape (no database needed). */
export function parseCensusCsv(csv: string): { lines: CensusLine[]; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const text = csv.replace(/^\uFEFF/u, '');
  const rows = text.split(/\r?\n/u);
  if ((rows[0] ?? '').trim().toLowerCase() !== HEADER)
    return { lines: [], problems: [{ path: 'body.csv', messageKey: 'vaccination.census.header' }] };
  const lines: CensusLine[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const cells = raw.split(',').map((c) => c.trim());
    const [communeCode, ageBand, count] = cells as [string, string, string];
    if (cells.length !== 3 || !/^\d{5}$/u.test(communeCode)) {
      problems.push({ path: 'body.csv', messageKey: 'vaccination.census.malformed', params: { line } });
      return;
    }
    if (!(AGE_BANDS as readonly string[]).includes(ageBand)) {
      problems.push({
        path: 'body.csv',
        messageKey: 'vaccination.census.ageBand',
        params: { line, band: ageBand.slice(0, 20) },
      });
      return;
    }
    if (!/^\d{1,8}$/u.test(count)) {
      problems.push({ path: 'body.csv', messageKey: 'vaccination.census.population', params: { line } });
      return;
    }
    const key = `${communeCode}|${ageBand}`;
    if (seen.has(key)) {
      problems.push({
        path: 'body.csv',
        messageKey: 'vaccination.census.duplicate',
        params: { line, code: communeCode, band: ageBand },
      });
      return;
    }
    seen.add(key);
    lines.push({ line, communeCode, ageBand, population: Number(count) });
  });
  if (lines.length === 0 && problems.length === 0)
    problems.push({ path: 'body.csv', messageKey: 'vaccination.census.empty' });
  return { lines, problems };
}

function invalid(problems: ErrorDetail[]): AppError {
  return new AppError('VALIDATION_FAILED', { details: problems.slice(0, MAX_PROBLEMS) });
}

/** Check and load a census (see the module comment). Runs inside the caller's transaction. */
export async function loadCensus(
  tx: DbOrTx,
  access: Access,
  origin: { ip: string | null },
  input: CensusInput,
): Promise<{ communes: number; rows: number; population: number }> {
  const { lines, problems } = parseCensusCsv(input.csv);
  if (problems.length > 0) throw invalid(problems);
  const codes = [...new Set(lines.map((l) => l.communeCode))];
  const units = await tx
    .select({
      code: adminUnits.code,
      districtCode: adminUnits.parentCode,
      provinceCode: adminUnits.provinceCode,
    })
    .from(adminUnits)
    .where(
      and(
        eq(adminUnits.level, 'commune'),
        inArray(adminUnits.code, codes),
        lte(adminUnits.validFrom, input.referenceDate),
        or(isNull(adminUnits.validTo), gt(adminUnits.validTo, input.referenceDate)),
      ),
    );
  const unitOf = new Map(units.map((u) => [u.code, u]));
  for (const l of lines) {
    const u = unitOf.get(l.communeCode);
    if (!u)
      problems.push({
        path: 'body.csv',
        messageKey: 'vaccination.census.unknownCommune',
        params: { line: l.line, code: l.communeCode, date: input.referenceDate },
      });
    else if (
      !placeWithin(access, {
        provinceCode: u.provinceCode,
        districtCode: u.districtCode,
        communeCode: u.code,
      })
    )
      problems.push({
        path: 'body.csv',
        messageKey: 'vaccination.census.outsideJurisdiction',
        params: { line: l.line, code: l.communeCode },
      });
  }
  if (problems.length > 0) throw invalid(problems);
  await tx.delete(populationCensus).where(inArray(populationCensus.communeCode, codes));
  for (let i = 0; i < lines.length; i += 1000)
    await tx.insert(populationCensus).values(
      lines.slice(i, i + 1000).map((l) => {
        const u = unitOf.get(l.communeCode)!;
        return {
          communeCode: l.communeCode,
          ageBand: l.ageBand,
          population: l.population,
          districtCode: u.districtCode,
          provinceCode: u.provinceCode,
          referenceDate: input.referenceDate,
          source: input.source,
        };
      }),
    );
  const population = lines.reduce((sum, l) => sum + l.population, 0);
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'population_census',
    details: { source: input.source, referenceDate: input.referenceDate, communes: codes.length, population },
  });
  return { communes: codes.length, rows: lines.length, population };
}

/**
 * `npm run epilink -- census:load <file.csv> --source "…" --date YYYY-MM-DD`: load a census file
 * as the system (audited); a refused file prints each problem in English and Vietnamese and exits 1.
 */
export async function runCensusLoad(
  db: DbOrTx,
  options: Record<string, string>,
  out: (line: string) => void,
): Promise<number> {
  const file = options._;
  const source = options.source;
  const referenceDate = options.date;
  if (!file || !source || !referenceDate || !/^\d{4}-\d{2}-\d{2}$/u.test(referenceDate)) {
    out('Usage: census:load <file.csv> --source "Tổng điều tra …" --date YYYY-MM-DD');
    return 2;
  }
  const { readFile } = await import('node:fs/promises');
  const csv = await readFile(file, 'utf8');
  try {
    const done = await db.transaction((tx) =>
      loadCensus(tx, systemAccess('cli census:load'), { ip: null }, { csv, source, referenceDate }),
    );
    out(`Loaded the census of ${done.communes} communes (${done.rows} rows, population ${done.population}).`);
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    out(`Refused / Từ chối: ${translate('en', e.messageKey, e.params)}`);
    for (const d of e.details)
      out(
        `  - ${translate('en', d.messageKey, d.params ?? {})} / ${translate('vi', d.messageKey, d.params ?? {})}`,
      );
    return 1;
  }
}
