/**
 * Whether a route returns personal data, DERIVED from its response schema (the presenter) rather
 * than declared by hand: the authorization matrix covers every such route, so a new route that
 * shows people cannot slip past it by forgetting a flag.
 *
 * The rule: a response returns personal data when its schema has, at any depth (inside objects,
 * arrays, records, unions, optional/nullable/default wrappers, pipes), either
 *  - an object key naming a person or what identifies one: {@link PERSON_KEYS} (`personId`,
 *    `personIds`, `fullName`, `phone`, `guestPhone`, `idNumber`, `cccd`, `cmnd`, `passport`,
 *    `dateOfBirth`, `guestName`), or
 *  - a field marked with {@link personField} (for a person's data under a neutral key, such as
 *    a graph node's `label`).
 * Keys like `name` are not listed: a venue, a unit or a disease has a name too; a person-like
 * object always carries one of the keys above.
 */
import { z } from 'zod';

/** Object keys that name a person or identify one, wherever they appear in a response. */
export const PERSON_KEYS: ReadonlySet<string> = new Set([
  'personId',
  'personIds',
  'fullName',
  'guestName',
  'phone',
  'guestPhone',
  'idNumber',
  'cccd',
  'cmnd',
  'passport',
  'dateOfBirth',
]);

/** The registry of fields marked as a person's data under a neutral key. */
const personFields = z.registry<{ personal: true }>();

/** Mark a response field as a person's data (e.g. a graph node's `label`). */
export function personField<T extends z.ZodType>(schema: T): T {
  personFields.add(schema, { personal: true });
  return schema;
}

/** The parts of zod's definition the walk reads (zod 4 `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Where in a schema personal data appears (paths like `items[].fullName`); empty when none. */
export function personalPaths(schema: z.ZodType | null | undefined): string[] {
  const found: string[] = [];
  const seen = new Set<z.ZodType>();
  const walk = (s: z.ZodType | undefined, path: string): void => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    if (personFields.has(s)) found.push(path || '(root)');
    const def = defOf(s);
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? {})) {
          const p = path ? `${path}.${key}` : key;
          if (PERSON_KEYS.has(key)) found.push(p);
          walk(child, p);
        }
        return;
      case 'array':
        walk(def.element, `${path}[]`);
        return;
      case 'record':
        walk(def.valueType, `${path}{}`);
        return;
      case 'union':
        for (const o of def.options ?? []) walk(o, path);
        return;
      case 'intersection':
        walk(def.left, path);
        walk(def.right, path);
        return;
      case 'tuple':
        for (const i of def.items ?? []) walk(i, path);
        return;
      case 'pipe':
        walk(def.in, path);
        walk(def.out, path);
        return;
      case 'lazy':
        walk(def.getter?.(), path);
        return;
      default:
        walk(def.innerType, path);
    }
  };
  walk(schema ?? undefined, '');
  return [...new Set(found)];
}

/** True when a route's response schema returns personal data (see the module rule). */
export function returnsPersonalData(schema: z.ZodType | null | undefined): boolean {
  return personalPaths(schema).length > 0;
}

/** The route facts the derivation reads. */
interface RouteFacts {
  url: string;
  personalData: boolean;
  response: z.ZodType | null;
}

/** A person's own page: `/api/persons/:id` and everything under it reads that person's data. */
const PERSON_URL = /\/persons\/:id(\/|$)/u;

/**
 * True when a route touches personal data: its response schema returns it (derived, see the
 * module rule), or its URL is about one person (`/api/persons/:id…`), or it is declared
 * `personalData: true` (routes whose answer is a PDF or an acknowledgement but which read or
 * write a person's record). A declaration can add a route to the matrix, never remove one.
 */
export function routeIsPersonal(route: RouteFacts): boolean {
  return route.personalData || PERSON_URL.test(route.url) || returnsPersonalData(route.response);
}
