/**
 * What the storing seams of every import kind share: the batch's row types, the environment a
 * seam runs in, a seam refusal as a row error, and people through record linkage (certain matches
 * linked, likely ones new and queued for review, namesakes kept apart; a match outside the
 * importer's jurisdiction never absorbs the row).
 */
import { foldText } from '@epilink/core';
import type { ImportValue, RowError, StoreReason } from '@epilink/core/imports/index';
import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import type { Tx } from '../db/client.ts';
import { households } from '../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import type { IncomingPerson, IngestOutcome } from '../registry/linkage/ingest.ts';
import type { ImportContext } from './context.ts';
import type { ImportJob } from './jobs.ts';
import type { FileRow } from './read.ts';

/** A data row with its 0-based position among the file's data rows. */
export type DataRow = FileRow & { seq: number };

/** A validated row: its values and its row-key hash. */
export interface Good {
  row: DataRow;
  values: Record<string, ImportValue>;
  hash: string;
}

/** A fresh row the storing seam refused. */
export interface Refused {
  good: Good;
  errors: RowError[];
}

/** What storing a batch gave. */
export interface StoreOutcome {
  reviews: number;
  /** Rows refused by the seam (their row keys are released). */
  refused: Refused[];
  /** Rows already stored as they are (e.g. the same result again): they add nothing. */
  unchanged: Good[];
}

/** What the seams need besides the transaction. */
export interface StoreEnv {
  access: Access;
  context: ImportContext;
  job: ImportJob;
  /** The app's dependencies (a dose's certificate is signed with the configured key). */
  deps: AppDeps | undefined;
}

/** The audit origin of everything an import stores. */
export const ORIGIN = { ip: null, purpose: 'import' };

/** A cell value as text, null when empty. */
export const text = (v: ImportValue | undefined): string | null =>
  v === undefined || v === '' ? null : String(v);

/** A seam's refusal of a row, on the field it concerns. */
export const refusal = (env: StoreEnv, good: Good, field: string, reason: StoreReason): Refused => ({
  good,
  errors: [{ field, column: env.job.mapping[field] ?? null, reason }],
});

/** A household code as stored: folded (tones, case, spaces) and upper-cased, so `hk-01` is `HK-01`. */
export const householdCode = (code: string): string => foldText(code).toUpperCase();

/** The ids of the households the rows name by (commune, code), keyed `commune|CODE`. */
export async function householdIndex(tx: Tx, rows: Good[]): Promise<Map<string, string>> {
  const codes = [
    ...new Set(
      rows.flatMap((g) =>
        text(g.values.householdCode) ? [householdCode(String(g.values.householdCode))] : [],
      ),
    ),
  ];
  if (codes.length === 0) return new Map();
  const communes = [...new Set(rows.map((g) => String(g.values.communeCode)))];
  const found = await tx
    .select({ id: households.id, code: households.code, commune: households.communeCode })
    .from(households)
    .where(
      and(
        isNotNull(households.code),
        inArray(households.code, codes),
        inArray(households.communeCode, communes),
      ),
    );
  return new Map(found.map((h) => [`${h.commune}|${h.code}`, h.id]));
}

/** The person fields of a row as linkage takes them. */
export function incomingPerson(
  env: StoreEnv,
  { values, hash }: Good,
  extra: { fullName?: string; householdId?: string | null } = {},
): IncomingPerson {
  const commune = String(values.communeCode);
  const place = env.context.communes.get(commune)!;
  return {
    source: `import:${env.job.id}`,
    externalKey: hash,
    fullName: extra.fullName ?? String(values.fullName),
    dateOfBirth: text(values.dateOfBirth),
    sex: values.sex === 'male' || values.sex === 'female' ? values.sex : null,
    cccd: text(values.cccd),
    phone: text(values.phone),
    address: text(values.address),
    communeCode: commune,
    districtCode: place.districtCode,
    provinceCode: place.provinceCode,
    householdId: extra.householdId ?? null,
  };
}

/** The person a linkage outcome stands for: the surviving record of a certain match. */
export const personOf = (o: IngestOutcome): string =>
  o.decision === 'merged' && o.matchedId ? o.matchedId : o.personId;

/**
 * The rows' people through record linkage (see the module comment). A people row naming a
 * household of its commune by code joins it.
 */
export async function linkPeople(tx: Tx, env: StoreEnv, rows: Good[]) {
  const homes = await householdIndex(tx, rows);
  const incoming = rows.map((g) => {
    const code = text(g.values.householdCode);
    const householdId = code
      ? (homes.get(`${String(g.values.communeCode)}|${householdCode(code)}`) ?? null)
      : null;
    return incomingPerson(env, g, { householdId });
  });
  const outcomes = await ingestPersons(tx, env.access, ORIGIN, incoming, { within: env.access });
  return { outcomes, reviews: outcomes.filter((o) => o.decision === 'review').length };
}
