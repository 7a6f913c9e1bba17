/**
 * FHIR search parameters (the common subset EpiLink supports): `_id`, `identifier`
 * (`system|value` or `value`), `name`, `birthdate`, `patient`, `date` (with the prefixes eq, ge,
 * gt, le, lt), `code` (`system|code` or `code`), `_count` (≤ 100) and `_offset` (paging).
 */
import { AppError } from '@epilink/core';
import { z } from 'zod';

const one = z.string().max(200);
/** A parameter that may be repeated (`date=ge…&date=le…`). */
const many = z.union([one, z.array(one).max(4)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** The query schema of a search (unknown parameters are ignored, as FHIR allows by default). */
export const searchQuery = z.object({
  _id: one.optional(),
  identifier: one.optional(),
  name: one.optional(),
  birthdate: many.optional(),
  patient: one.optional(),
  date: many.optional(),
  code: one.optional(),
  _count: z.coerce.number().int().min(1).max(100).default(20),
  _offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type SearchQuery = z.output<typeof searchQuery>;

/** A token parameter split into system and value. */
export function token(v: string): { system: string | null; value: string } {
  const bar = v.indexOf('|');
  return bar < 0 ? { system: null, value: v } : { system: v.slice(0, bar) || null, value: v.slice(bar + 1) };
}

/** A reference parameter (`Patient/<id>` or `<id>`) to the id. */
export function referenceId(v: string, type: string): string {
  return v.startsWith(`${type}/`) ? v.slice(type.length + 1) : v;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** True for an id EpiLink can hold (a UUID). */
export const isId = (v: string) => UUID.test(v);

/** One bound of a date parameter. */
export interface DateBound {
  op: 'eq' | 'ge' | 'gt' | 'le' | 'lt';
  /** Start of the value's precision (inclusive) and end (exclusive), as ISO strings. */
  from: string;
  to: string;
}

const DATE = /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2})(T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** Parse a date parameter; a malformed one is a translated 400. */
export function dateBound(v: string, param: string): DateBound {
  const m = DATE.exec(v);
  if (!m)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: param, messageKey: 'errors.field.invalidFormat' }],
    });
  const op = (m[1] ?? 'eq') as DateBound['op'];
  const [y, mo, d, time] = [Number(m[2]), m[3] ? Number(m[3]) : null, m[4] ? Number(m[4]) : null, m[5]];
  if (time) {
    const at = new Date(`${m[2]}-${m[3]}-${m[4]}${time}`);
    if (Number.isNaN(at.getTime()))
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: param, messageKey: 'errors.field.invalidFormat' }],
      });
    return { op, from: at.toISOString(), to: new Date(at.getTime() + 1000).toISOString() };
  }
  const start = new Date(Date.UTC(y, (mo ?? 1) - 1, d ?? 1));
  const end = d
    ? new Date(Date.UTC(y, mo! - 1, d + 1))
    : mo
      ? new Date(Date.UTC(y, mo, 1))
      : new Date(Date.UTC(y + 1, 0, 1));
  if (Number.isNaN(start.getTime()) || (mo !== null && (mo < 1 || mo > 12)))
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: param, messageKey: 'errors.field.invalidFormat' }],
    });
  return { op, from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}
