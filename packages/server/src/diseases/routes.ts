import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { listDiseases } from './store.ts';

export const diseaseRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/diseases',
    summary: 'Configured diseases (case definitions, tests and windows hang off a disease)',
    tags: ['policy'],
    auth: { kind: 'user', permission: 'disease:read' },
    personalData: false,
    response: z.object({
      items: z.array(
        z.object({ code: z.string(), active: z.boolean(), definition: z.record(z.string(), z.unknown()) }),
      ),
    }),
    async handler({ tx }) {
      const items = await listDiseases(tx);
      return { items: items.map((d) => ({ ...d, definition: { ...d.definition } })) };
    },
  }),
];
