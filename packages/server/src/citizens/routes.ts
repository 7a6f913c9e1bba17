/**
 * The citizen's own records (`/api/me/...`): their person record and those of the household
 * members they are guardian of. Every query filters by `citizenPersonIds(access)` explicitly
 * (`persons.ts`); any other ID is not found.
 */
import { AppError } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { myPersons, myPersonSchema } from './persons.ts';

const FIELDS = ['identity', 'idNumbers', 'phone', 'address'];

export const citizenRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/me/persons',
    summary: 'My record and those of the household members I am guardian of',
    tags: ['citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    response: z.object({ items: z.array(myPersonSchema) }),
    async handler({ tx, access, audit }) {
      const items = await myPersons(tx, access);
      await audit(
        items.map((p) => ({
          action: 'read' as const,
          entity: 'person',
          entityId: p.id,
          personId: p.id,
          fields: FIELDS,
        })),
      );
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/persons/:id',
    summary: 'One of my records (mine or a ward’s); any other ID is not found',
    tags: ['citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({ person: myPersonSchema }),
    async handler({ tx, access, params, audit }) {
      const [person] = await myPersons(tx, access, [params.id]);
      if (!person) throw new AppError('NOT_FOUND');
      await audit({
        action: 'read',
        entity: 'person',
        entityId: person.id,
        personId: person.id,
        fields: FIELDS,
      });
      return { person };
    },
  }),
];
