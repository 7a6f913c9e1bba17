/**
 * Strings no field may hold: the NUL character (PostgreSQL text cannot store it; it truncates
 * strings in C libraries and logs) and lone UTF-16 surrogates (not Unicode: they cannot be
 * encoded as UTF-8 and break every reader downstream). Checked once, in the validation step of the
 * route chain, over every string of the params, query and body — keys included.
 */
import type { ErrorDetail } from '@epilink/core';

/** With the `u` flag a valid surrogate pair is one code point, so this matches only lone halves. */
// eslint-disable-next-line no-control-regex -- the NUL character is exactly what is looked for
const FORBIDDEN = /[\u0000\uD800-\uDFFF]/u;
const MAX_DEPTH = 64;

/** True when a string holds a NUL character or a lone surrogate. */
export function isHostileString(s: string): boolean {
  return FORBIDDEN.test(s);
}

/**
 * Every place in a parsed request part where a string (value or object key) holds a forbidden
 * character, as field-level error details (`errors.field.invalidCharacters`).
 */
export function hostileStringDetails(value: unknown, part: string): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  const walk = (v: unknown, path: string[], depth: number): void => {
    if (found.length >= 20) return;
    if (typeof v === 'string') {
      if (isHostileString(v)) {
        found.push({ path: [part, ...path].join('.'), messageKey: 'errors.field.invalidCharacters' });
      }
      return;
    }
    if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        walk(item, [...path, String(i)], depth + 1);
      });
      return;
    }
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      const key = isHostileString(k) ? '?' : k;
      if (key === '?')
        found.push({ path: [part, ...path, key].join('.'), messageKey: 'errors.field.invalidCharacters' });
      walk(item, [...path, key], depth + 1);
    }
  };
  walk(value, [], 0);
  return found;
}
