import { z } from 'zod';
import { buildOpenApi } from '../http/openapi.ts';
import { defineRoute } from '../http/route.ts';
import { databaseHealth } from './health.ts';
import type { AnyRoute } from '../http/route.ts';
import { findUnit } from '../registry/units/repository.ts';

export const VERSION = '0.1.0';

/** Health, product metadata and the OpenAPI document (the latter needs the full route table). */
export function metaRoutes(allRoutes: () => readonly AnyRoute[]): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness and database check: ok only when the database answers',
      tags: ['meta'],
      auth: { kind: 'public' },
      personalData: false,
      response: z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['pglite', 'postgres']) }),
      async handler({ deps, reply }) {
        const health = await databaseHealth(
          deps.system('health check: does the database answer (no rows read)'),
        );
        if (health.status !== 'ok') {
          // The chain sets the success status after the handler; a failed check answers 503 itself.
          await reply.code(503).send(health);
          return undefined;
        }
        return health;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/meta',
      summary:
        "Product metadata: home province, its time zone (the web's 'today'), demo mode, database kind, version",
      tags: ['meta'],
      auth: { kind: 'public' },
      personalData: false,
      response: z.object({
        province: z.object({ code: z.string(), name: z.string() }),
        timeZone: z.string(),
        demo: z.boolean(),
        database: z.enum(['pglite', 'postgres']),
        version: z.string(),
      }),
      async handler({ deps, tx }) {
        const province = await findUnit(tx, deps.config.provinceCode);
        return {
          province: { code: deps.config.provinceCode, name: province?.name ?? deps.config.provinceCode },
          timeZone: deps.config.timeZone,
          demo: deps.config.demo.enabled,
          database: deps.system('product metadata: the database kind (no rows read)').kind,
          version: VERSION,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This API, described as OpenAPI 3.1 (generated from the route table)',
      tags: ['meta'],
      auth: { kind: 'public' },
      personalData: false,
      response: z.record(z.string(), z.unknown()),
      handler: () => Promise.resolve(buildOpenApi(allRoutes(), { version: VERSION })),
    }),
  ];
}
