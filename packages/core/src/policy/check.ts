/**
 * A tiny validation vocabulary for policy values (core has no dependencies, so no zod):
 * a `Check` walks an unknown value and appends readable problems with their path.
 */

/** Appends problems ("quarantineDays: expected an integer ≥ 0") for `value` at `path`. */
export type Check = (value: unknown, path: string, problems: string[]) => void;

const at = (path: string, msg: string): string => (path === '' ? msg : `${path}: ${msg}`);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A finite number within [min, max]; `integer` requires a whole number. */
export function num(min = -Infinity, max = Infinity, integer = false): Check {
  return (v, path, problems) => {
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      (integer && !Number.isInteger(v)) ||
      v < min ||
      v > max
    ) {
      problems.push(at(path, `expected ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`));
    }
  };
}

/** A whole number ≥ min (days, counts). */
export const int = (min = 0, max = Infinity): Check => num(min, max, true);

/** A non-empty string. */
export const str: Check = (v, path, problems) => {
  if (typeof v !== 'string' || v.length === 0) problems.push(at(path, 'expected a non-empty string'));
};

/** A boolean. */
export const bool: Check = (v, path, problems) => {
  if (typeof v !== 'boolean') problems.push(at(path, 'expected a boolean'));
};

/** One of the given literal values. */
export function oneOf(...allowed: readonly (string | number | boolean | null)[]): Check {
  return (v, path, problems) => {
    if (!allowed.includes(v as string))
      problems.push(at(path, `expected one of ${allowed.map(String).join(', ')}`));
  };
}

/** An array (optionally non-empty) whose items all pass `item`. */
export function arr(item: Check, minLength = 0): Check {
  return (v, path, problems) => {
    if (!Array.isArray(v)) {
      problems.push(at(path, 'expected a list'));
      return;
    }
    if (v.length < minLength) problems.push(at(path, `expected at least ${minLength} item(s)`));
    v.forEach((x, i) => {
      item(x, `${path}[${i}]`, problems);
    });
  };
}

/** An object with exactly these fields; fields whose key ends in `?` may be absent. */
export function obj(fields: Record<string, Check>): Check {
  return (v, path, problems) => {
    if (!isRecord(v)) {
      problems.push(at(path, 'expected an object'));
      return;
    }
    const known = new Set<string>();
    for (const [rawKey, check] of Object.entries(fields)) {
      const optional = rawKey.endsWith('?');
      const key = optional ? rawKey.slice(0, -1) : rawKey;
      known.add(key);
      const child = path === '' ? key : `${path}.${key}`;
      if (!(key in v) || v[key] === undefined) {
        if (!optional) problems.push(at(child, 'required'));
        continue;
      }
      check(v[key], child, problems);
    }
    for (const key of Object.keys(v)) if (!known.has(key)) problems.push(at(path, `unknown field ${key}`));
  };
}

/** A value that passes one of the checks chosen by its `kind` field (a tagged union). */
export function tagged(variants: Record<string, Check>): Check {
  return (v, path, problems) => {
    const kind = isRecord(v) ? v.kind : undefined;
    const check = typeof kind === 'string' ? variants[kind] : undefined;
    if (check === undefined) {
      problems.push(at(path, `expected kind to be one of ${Object.keys(variants).join(', ')}`));
      return;
    }
    check(v, path, problems);
  };
}

/** Run a check and return its problems. */
export function problemsOf(check: Check, value: unknown): string[] {
  const problems: string[] = [];
  check(value, '', problems);
  return problems;
}
