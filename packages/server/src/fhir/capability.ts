/** The CapabilityStatement at `/fhir/metadata`: what this server reads, searches and accepts. */
import type { CapabilityStatement } from '@medplum/fhirtypes';
import { EVERYTHING_PAGE } from './everything.ts';
import { FHIR_TYPES, SEARCH_PARAMS } from './search.ts';

const PARAM_TYPES: Record<string, 'token' | 'string' | 'date' | 'reference' | 'number'> = {
  _id: 'token',
  identifier: 'token',
  name: 'string',
  birthdate: 'date',
  patient: 'reference',
  date: 'date',
  code: 'token',
};

/** The server's CapabilityStatement (R4, JSON). */
export function capabilityStatement(baseUrl: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-03',
    kind: 'instance',
    software: { name: 'EpiLink' },
    implementation: { description: 'EpiLink FHIR R4 API', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          description:
            'Authorization: Bearer <API key> (scopes person:read for reads, person:write for transactions); records outside the key’s jurisdiction are not found.',
        },
        resource: FHIR_TYPES.map((type) => ({
          type,
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          searchParam: [...SEARCH_PARAMS[type], '_count', '_offset'].map((name) => ({
            name,
            type: PARAM_TYPES[name] ?? 'number',
          })),
          ...(type === 'Patient'
            ? {
                operation: [
                  {
                    name: 'everything',
                    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                    documentation: `Paged searchset: \`_count\` records a page (default ${EVERYTHING_PAGE.default}, at most ${EVERYTHING_PAGE.max}), the next page by the \`next\` link.`,
                  },
                ],
              }
            : {}),
        })),
        interaction: [{ code: 'transaction' }],
      },
    ],
  };
}
