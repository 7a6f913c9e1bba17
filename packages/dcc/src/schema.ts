/**
 * JSON Schema validation of the health certificate payload against the official DCC schema
 * (1.3.3, draft 2020-12), shipped in `../schema/`.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import coreTypes from '../schema/DCC.Core.Types.schema.json' with { type: 'json' };
import dccSchema from '../schema/DCC.schema.json' with { type: 'json' };
import types from '../schema/DCC.Types.schema.json' with { type: 'json' };
import valueSets from '../schema/DCC.ValueSets.schema.json' with { type: 'json' };

/** One schema violation. */
export interface SchemaError {
  /** JSON pointer into the payload, "" for the root. */
  path: string;
  message: string;
}

/** The schema version shipped. */
export const SCHEMA_VERSION = '1.3.3';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
  // The DCC schema annotates value-set references with this keyword; it carries no assertion.
  ajv.addKeyword({ keyword: 'valueset-uri', schemaType: 'string' });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020, formats: string[]) => Ajv2020;
  addFormats(ajv, ['date', 'date-time']);
  ajv.addSchema([coreTypes, types, valueSets]);
  compiled = ajv.compile(dccSchema);
  return compiled;
}

/** Validates a payload; returns the list of violations (empty when valid). */
export function validateSchema(hcert: unknown): SchemaError[] {
  const validate = validator();
  if (validate(hcert)) return [];
  return (validate.errors ?? []).map((e) => ({
    path: e.instancePath,
    message: `${e.message ?? 'invalid'}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params)})` : ''}`,
  }));
}
