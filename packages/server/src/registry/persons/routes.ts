import { z } from 'zod';
import { listAuditEntries } from '../../audit/results.ts';
import { nextCursorSchema, pageQuery } from '../../http/page.ts';
import { defineRoute } from '../../http/route.ts';
import { personDetailSchema, personHistoryEntrySchema, personSummarySchema } from './presenter.ts';
import { getPersonDetail, personHistory, searchPersons } from './repository.ts';
import { registerPerson } from './register.ts';
import { parsePersonQuery } from './search.ts';

const uuid = z.uuid();

const createBody = z.strictObject({
  fullName: z.string().trim().min(1).max(200),
  dateOfBirth: z.iso.date().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  idNumber: z.string().max(20).nullable().optional(),
  phone: z.string().max(20).nullable().optional(),
  address: z.string().max(300).nullable().optional(),
  communeCode: z.string().regex(/^\d{5}$/u),
});

export const personRoutes = [
  // A POST, not a GET: the query is a name, an ID number or a phone, and a URL ends up in proxy
  // and access logs, browser history and Referer headers; a body does not (review, 3 Dec 2026).
  // It changes nothing: its transaction holds only the audit rows of what it showed.
  defineRoute({
    method: 'POST',
    url: '/api/persons/search',
    summary:
      'Search people by name prefix (tone-insensitive), ID number or phone, within your jurisdiction; the query travels in the body, never the URL (keyset-paginated: `cursor` = the previous page’s `nextCursor`)',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    body: z.strictObject({
      q: z.string().max(100).default(''),
      ...pageQuery(20, 100),
    }),
    response: z.object({
      items: z.array(personSummarySchema),
      /** The next page's cursor; null when every match has been shown. */
      nextCursor: nextCursorSchema,
    }),
    async handler({ tx, access, body, audit }) {
      const parsed = parsePersonQuery(body.q);
      const page = await searchPersons(tx, access, parsed, body);
      await audit(
        listAuditEntries(
          'person',
          page.items.map((p) => p.id),
          { kind: parsed.kind },
        ),
      );
      return page;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id',
    summary: 'A person page: identity, household, merged records and history (a merged ID resolves)',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    response: z.object({ person: personDetailSchema, resolvedFrom: z.string().nullable() }),
    async handler({ tx, access, params, audit }) {
      const result = await getPersonDetail(tx, access, params.id);
      await audit({
        action: 'read',
        entity: 'person',
        entityId: result.person.id,
        personId: result.person.id,
        fields: ['identity', 'idNumbers', 'phone', 'address', 'household'],
      });
      return result;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id/history',
    summary:
      "A person record's history after the person page's first page, newest first (keyset-paginated: `cursor` = the previous page's `nextCursor`, or the page's `historyNextCursor`)",
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    query: z.strictObject(pageQuery(50, 200)),
    response: z.object({ items: z.array(personHistoryEntrySchema), nextCursor: nextCursorSchema }),
    async handler({ tx, access, params, query, audit }) {
      const { personId, items, nextCursor } = await personHistory(tx, access, params.id, query);
      await audit({ action: 'read', entity: 'person', entityId: personId, personId, fields: ['history'] });
      return { items, nextCursor };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/persons',
    summary: 'Register a person; record linkage matches them against existing people first',
    tags: ['registry'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: true,
    body: createBody,
    successStatus: 201,
    response: z.object({
      personId: z.string(),
      decision: z.enum(['new', 'merged', 'review']),
      matchedId: z.string().nullable(),
    }),
    async handler({ deps, tx, access, body, origin }) {
      return registerPerson(tx, access, origin, deps.config.provinceCode, body);
    },
  }),
];
