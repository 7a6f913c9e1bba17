/** HTTP glue of the FHIR API: the `application/fhir+json` body parser and FHIR-shaped errors. */
import { AppError } from '@epilink/core';
import type { Language } from '@epilink/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_JSON, operationOutcome } from './bundle.ts';

/** True for a request to the FHIR API (its errors are OperationOutcomes). */
export function isFhirRequest(request: FastifyRequest): boolean {
  return request.url === '/fhir' || request.url.startsWith('/fhir/') || request.url.startsWith('/fhir?');
}

/** Accept `application/fhir+json` bodies (parsed as JSON; the app's body limit applies). */
export function registerFhirParser(app: FastifyInstance): void {
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
