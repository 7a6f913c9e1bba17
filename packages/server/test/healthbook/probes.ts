/**
 * Authorization-matrix probes of the health book routes (spread into PROBES in
 * test/authz/probes.ts): a fresh person at the probe's place, or the citizen's own record.
 */
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';
import { CORRECTION_PROBES } from './correctionProbes.ts';

function ownOrOther(ctx: ProbeContext): Promise<string> {
  if (ctx.caller.kind === 'citizen' && ctx.side === 'inside') return Promise.resolve(ctx.caller.personId);
  return personAt(ctx);
}

export const HEALTHBOOK_PROBES: Record<string, Probe> = {
  'GET /api/me/records/:personId': async (ctx) => ({ url: `/api/me/records/${await ownOrOther(ctx)}` }),
  'GET /api/persons/:personId/records': async (ctx) => ({
    url: `/api/persons/${await personAt(ctx)}/records`,
  }),
  'GET /api/me/status/:personId': async (ctx) => ({ url: `/api/me/status/${await ownOrOther(ctx)}` }),
  ...CORRECTION_PROBES,
};
