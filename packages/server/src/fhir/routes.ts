/**
 * The FHIR R4 REST API at `/fhir` (docs/fhir.md). Routes go through the one chain (register.ts):
 * authenticate (an API key, or an official's session) → authorize (`person:read` to read and
 * search, `person:write` for a transaction) → validate → handler with the caller's jurisdiction →
 * audit in the same transaction. Bodies are `application/fhir+json`; errors are OperationOutcomes
 * in the caller's language (app.ts hands `/fhir` errors to `operationOutcome`).
 */
import { AppError } from '@epilink/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { everythingBundle, FHIR_JSON, searchset } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import { EVERYTHING_PAGE, patientEverything } from './everything.ts';
import { searchQuery } from './params.ts';
import { FHIR_TYPES, PERSONAL, readOne, searchType } from './search.ts';
import type { Found } from './search.ts';
import { processTransaction } from './transaction.ts';

/** A FHIR resource leaves as its mapper built it (the mapper is the presenter). */
const resource = z.custom<Resource>(
  (v) =>
    typeof v === 'object' && v !== null && typeof (v as { resourceType?: unknown }).resourceType === 'string',
);

const typeParam = z.enum(FHIR_TYPES);

function baseUrl(request: { protocol: string; host: string }): string {
  return `${request.protocol}://${request.host}/fhir`;
}

/** One audit row per person whose records were returned. */
function auditEntries(type: string, found: Found[], action: 'read' | 'search') {
  const byPerson = new Map<string, string[]>();
  for (const f of found)
    if (f.personId) byPerson.set(f.personId, [...(byPerson.get(f.personId) ?? []), f.resource.id ?? '']);
  return [...byPerson].map(([personId, ids]) => ({
    action,
    entity: `fhir_${type}`,
    entityId: ids.length === 1 ? ids[0]! : null,
    personId,
    fields: [type],
    details: { count: ids.length },
  }));
}

export const fhirRoutes = [
  defineRoute({
    method: 'GET',
    url: '/fhir/metadata',
    summary: 'FHIR CapabilityStatement',
    tags: ['fhir'],
    auth: { kind: 'public' },
    personalData: false,
    response: resource,
    handler({ request, reply }) {
      reply.type(FHIR_JSON);
      return Promise.resolve(capabilityStatement(baseUrl(request)));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/fhir/:type',
    summary: 'FHIR search (searchset Bundle, paged)',
    tags: ['fhir'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: z.strictObject({ type: typeParam }),
    query: searchQuery,
    response: resource,
    async handler({ params, query, tx, access, audit, request, reply }) {
      const { found, more } = await searchType(tx, access, params.type, query);
      if (PERSONAL.has(params.type)) await audit(auditEntries(params.type, found, 'search'));
      reply.type(FHIR_JSON);
      return searchset(
        `${baseUrl(request)}/${params.type}`,
        request.query as Record<string, string | string[]>,
        found.map((f) => f.resource),
        { offset: query._offset, count: query._count, more },
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/fhir/:type/_search',
    summary: 'FHIR search by POST (form body): the same search with identifiers and names out of the URL',
    tags: ['fhir'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: z.strictObject({ type: typeParam }),
    // FHIR lets `_count`/`_offset` ride in the URL of a paging link; the search itself is the form.
    query: z.object({
      _count: z.coerce.number().int().min(1).max(100).optional(),
      _offset: z.coerce.number().int().min(0).max(100_000).optional(),
    }),
    body: searchQuery,
    response: resource,
    async handler({ params, query, body, tx, access, audit, request, reply }) {
      const search = { ...body, _count: query._count ?? body._count, _offset: query._offset ?? body._offset };
      const { found, more } = await searchType(tx, access, params.type, search);
      if (PERSONAL.has(params.type)) await audit(auditEntries(params.type, found, 'search'));
      reply.type(FHIR_JSON);
      return searchset(
        `${baseUrl(request)}/${params.type}`,
        {},
        found.map((f) => f.resource),
        { offset: search._offset, count: search._count, more },
        'paging',
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/fhir/:type/:id',
    summary: 'FHIR read of one resource',
    tags: ['fhir'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: z.strictObject({ type: typeParam, id: z.string().max(64) }),
    response: resource,
    async handler({ params, tx, access, audit, reply }) {
      const found = await readOne(tx, access, params.type, params.id);
      if (!found) throw new AppError('NOT_FOUND');
      if (PERSONAL.has(params.type)) await audit(auditEntries(params.type, [found], 'read'));
      reply.type(FHIR_JSON);
      return found.resource;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/fhir/Patient/:id/$everything',
    summary: "FHIR Patient/$everything: a person's records across modules (paged: _count, next link)",
    tags: ['fhir'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    query: z.object({
      _count: z.coerce.number().int().min(1).max(EVERYTHING_PAGE.max).default(EVERYTHING_PAGE.default),
      _cursor: z.string().max(200).optional(),
    }),
    response: resource,
    async handler({ params, query, tx, access, origin, request, reply }) {
      // personRecords (the health book's seam) writes the audit row of the read.
      const page = await patientEverything(tx, access, params.id, {
        count: query._count,
        cursor: query._cursor ?? null,
        origin,
      });
      reply.type(FHIR_JSON);
      return everythingBundle(`${baseUrl(request)}/Patient/${params.id}/$everything`, query, page);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/fhir',
    summary: 'FHIR transaction Bundle: inbound lab results through record linkage and the result seam',
    tags: ['fhir'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: true,
    body: z.looseObject({
      resourceType: z.literal('Bundle'),
      entry: z.array(z.looseObject({})).max(500).optional(),
    }),
    response: resource,
    async handler({ body, tx, deps, access, origin, lang, reply }) {
      const response = await processTransaction(tx, deps, access, origin, body as unknown as Bundle, lang);
      reply.type(FHIR_JSON);
      return response;
    },
  }),
];
