/**
 * JSON Schema validation of the health certificate payload against the official DCC schema
 * (1.3.3, draft 2020-12), shipped in `../schema/`. The schema is compiled ahead of time into
 * `../schema/validate.generated.js` (Ajv standalone code, see scripts/generate-validator.ts): no
 * compilation at start and no `new Function`, which a Content-Security-Policy without
 * 'unsafe-eval' (the web verifier's) would refuse.
 */
// @ts-expect-error -- generated plain JavaScript without a declaration file; typed just below
import { validate as generatedValidate } from '../schema/validate.generated.js';

/** One schema violation. */
export interface SchemaError {
  /** JSON pointer into the payload, "" for the root. */
  path: string;
  message: string;
}

/** The schema version shipped. */
export const SCHEMA_VERSION = '1.3.3';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
interface Validator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

const validate = generatedValidate as Validator;

/** Validates a payload; returns the list of violations (empty when valid). */
export function validateSchema(hcert: unknown): SchemaError[] {
  if (validate(hcert)) return [];
  return (validate.errors ?? []).map((e) => ({
    path: e.instancePath,
    message: `${e.message ?? 'invalid'}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params)})` : ''}`,
  }));
}
