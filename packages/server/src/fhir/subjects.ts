/**
 * The subjects of a transaction Bundle resolved in ONE statement: every conditional reference
 * `Patient?identifier=system|value` and every `Patient/<id>` of the Bundle, among the live persons
 * of the key's jurisdiction. Same rules as one at a time: an identifier names a person only when
 * exactly one live person in reach holds it (by its system's column, or any of CCCD, CMND,
 * passport without a system); an unknown system names nobody.
 */
import { and, inArray, isNull, or } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { persons } from '../db/schema/index.ts';
import { SYSTEMS } from './systems.ts';

type Column = 'cccd' | 'cmnd' | 'passport';
const COLUMN_OF: Record<string, Column> = {
  [SYSTEMS.cccd]: 'cccd',
  [SYSTEMS.cmnd]: 'cmnd',
  [SYSTEMS.passport]: 'passport',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Wanted {
  ref: string;
  id?: string;
  columns?: Column[];
  value?: string;
}

function parse(ref: string): Wanted | null {
  if (ref.startsWith('Patient/')) {
    const id = ref.slice(8);
    return UUID.test(id) ? { ref, id } : null;
  }
  if (!ref.startsWith('Patient?')) return null;
  const raw = new URLSearchParams(ref.slice(8)).get('identifier') ?? '';
  const bar = raw.indexOf('|');
  const system = bar < 0 ? null : raw.slice(0, bar);
  const value = bar < 0 ? raw : raw.slice(bar + 1);
  if (!value) return null;
  if (system === null) return { ref, columns: ['cccd', 'cmnd', 'passport'], value };
  const column = COLUMN_OF[system];
  return column ? { ref, columns: [column], value } : null;
}

/** Person id by reference (only the references that name exactly one person in reach). */
export async function resolveSubjects(
  db: DbOrTx,
  access: Access,
  refs: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(refs)].map(parse).filter((w): w is Wanted => w !== null);
  const found = new Map<string, string>();
  if (wanted.length === 0) return found;
  const values = (c: Column) => [
    ...new Set(wanted.flatMap((w) => (w.columns?.includes(c) && w.value ? [w.value] : []))),
  ];
  const ids = wanted.flatMap((w) => (w.id ? [w.id] : []));
  const match: SQL[] = [];
  for (const c of ['cccd', 'cmnd', 'passport'] as const) {
    const v = values(c);
    if (v.length) match.push(inArray(persons[c], v));
  }
  if (ids.length) match.push(inArray(persons.id, ids));
  const rows = await db
    .select({ id: persons.id, cccd: persons.cccd, cmnd: persons.cmnd, passport: persons.passport })
    .from(persons)
    .where(and(or(...match), isNull(persons.mergedInto), scopeFor(access, persons)));
  for (const w of wanted) {
    const hits = w.id
      ? rows.filter((r) => r.id === w.id)
      : rows.filter((r) => w.columns!.some((c) => r[c] === w.value));
    if (hits.length === 1) found.set(w.ref, hits[0]!.id);
  }
  return found;
}
