/** HTTP glue of the FHIR API: the `application/fhir+json` body parser and FHIR-shaped errors. */
import { AppError } from '@epilink/core';
import type { Language } from '@epilink/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_JSON, operationOutcome } from './bundle.ts';

/** True for a request to the FHIR API (its errors are OperationOutcomes). */
export function isFhirRequest(request: FastifyRequest): boolean {
  return request.url === '/fhir' || request.url.startsWith('/fhir/') || request.url.startsWith('/fhir?');
}

/** The form body of a FHIR search by POST (`POST /fhir/[type]/_search`), and only there. */
const FORM = 'application/x-www-form-urlencoded';
const SEARCH_BY_POST = /^\/fhir\/[A-Za-z]+\/_search(\?|$)/u;

/**
 * Accept `application/fhir+json` bodies (parsed as JSON; the app's body limit applies), and the
 * form body of `POST /fhir/[type]/_search` (FHIR's search by POST, which keeps identifiers and
 * names out of URLs); a form body anywhere else is refused as malformed.
 */
export function registerFhirParser(app: FastifyInstance): void {
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (request, body, done) => {
    if (!SEARCH_BY_POST.test(request.url)) {
      done(new AppError('MALFORMED_REQUEST'), undefined);
      return;
    }
    const fields: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      const seen = fields[key];
      fields[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    done(null, fields);
  });
  app.addContentTypeParser(FHIR_JSON, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string) as unknown);
    } catch {
      done(new AppError('MALFORMED_REQUEST'), undefined);
    }
  });
}

/** Send an AppError as an OperationOutcome. */
export function sendOutcome(reply: FastifyReply, err: AppError, lang: Language): FastifyReply {
  return reply.code(err.status).type(FHIR_JSON).send(operationOutcome(err, lang));
}
