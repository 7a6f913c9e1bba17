/**
 * Authorization-matrix probes of the FHIR routes that touch personal data (spread into PROBES in
 * test/authz/probes.ts). A fresh person at the probe's place is searched, read, asked for
 * `$everything`, or named as the subject of a posted result. An official's transaction inside
 * reaches the business rule (400: only an API key with an owner organisation posts results);
 * outside, the person is not found (404).
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Probe } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

const fhirHeaders = { 'content-type': 'application/fhir+json' };

export const FHIR_PROBES: Record<string, Probe> = {
  'GET /fhir/:type': async (ctx) => {
    const id = await personAt(ctx);
    return {
      url: `/fhir/Patient?_id=${id}`,
      outsideStatus: 200,
      check: (res: LightMyRequestResponse) => {
        expect(res.json<{ entry?: unknown[] }>().entry ?? []).toHaveLength(ctx.side === 'inside' ? 1 : 0);
      },
    };
  },
  'POST /fhir/:type/_search': async (ctx) => {
    const id = await personAt(ctx);
    return {
      url: '/fhir/Patient/_search',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_id=${id}`,
      outsideStatus: 200,
      check: (res: LightMyRequestResponse) => {
        expect(res.json<{ entry?: unknown[] }>().entry ?? []).toHaveLength(ctx.side === 'inside' ? 1 : 0);
      },
    };
  },
  'GET /fhir/:type/:id': async (ctx) => ({ url: `/fhir/Patient/${await personAt(ctx)}` }),
  'GET /fhir/Patient/:id/$everything': async (ctx) => ({
    url: `/fhir/Patient/${await personAt(ctx)}/$everything`,
  }),
  'POST /fhir': async (ctx) => ({
    url: '/fhir',
    headers: fhirHeaders,
    insideStatus: 400,
    payload: JSON.stringify({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '94558-4' }] },
            subject: { reference: `Patient/${await personAt(ctx)}` },
            effectiveDateTime: '2026-12-01T08:00:00+07:00',
            valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260385009' }] },
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    }),
  }),
};
