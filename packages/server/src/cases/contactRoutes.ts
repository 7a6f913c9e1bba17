/** Contact routes: contacts of a case, one contact with its follow-ups, decide, update, record a follow-up. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contacts } from '../db/schema/index.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { contactReadEntries, readContact } from './casePage.ts';
import { decideContact, recordFollowUp, updateContact } from './decide.ts';
import { contactSchema, followUpSchema } from './presenter.ts';
import { countContactsOutside, pageContacts } from './queries.ts';
import { caseInScope, tracerInScope } from './scope.ts';

const uuid = z.uuid();
const note = z.string().trim().max(2000).nullable();

export const contactRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/cases/:id/contacts',
    summary:
      'Contacts of a case in your jurisdiction (by the contact person’s place); longest exposure (check-in overlap) first; those outside are counted',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    query: z.strictObject(pageQuery(100, 500)),
    response: z.object({
      items: z.array(contactSchema),
      /** The next page's cursor (same order); null when this page is the last. */
      nextCursor: nextCursorSchema,
      outsideJurisdiction: z.number(),
    }),
    async handler({ tx, access, params, query, audit }) {
      const page = await pageContacts(tx, access, eq(contacts.caseId, params.id), query, 'overlap');
      const outside = await countContactsOutside(tx, access, params.id);
      // The case itself in scope, or at least one of its contacts: otherwise not found.
      if (page.items.length === 0 && query.cursor === undefined) await caseInScope(tx, access, params.id);
      await audit(contactReadEntries(page.items));
      return { items: page.items, nextCursor: page.nextCursor, outsideJurisdiction: outside };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/contacts/:id',
    summary: 'One contact (in your jurisdiction by the contact person’s place) with its follow-up days',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    response: z.object({ contact: contactSchema, followUps: z.array(followUpSchema) }),
    async handler({ tx, access, params, audit }) {
      const { row, contact, followUps } = await readContact(tx, access, params.id);
      await audit({
        action: 'read',
        entity: 'contact',
        entityId: row.id,
        personId: row.personId,
        fields: ['contact', 'followUps'],
      });
      return { contact, followUps };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/contacts/:id/decision',
    summary:
      'Confirm or dismiss a proposed contact (confirming schedules daily follow-ups and proposes the person’s household as next-degree contacts)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    body: z.strictObject({ decision: z.enum(['confirm', 'dismiss']), note: note.optional() }),
    response: z.object({ contactId: z.string(), proposed: z.number() }),
    ownTransaction:
      'degree update: the whole transaction is run again when a person of the graph is busy (withEpiGraphRetry); no savepoint round trips',
    async handler({ tx, access, params, body, origin }) {
      return decideContact(tx, access, origin, { contactId: params.id, ...body });
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/contacts/:id',
    summary: 'Tracer work on a contact: assignment, follow-up status (active, completed, lost), note',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    body: z
      .strictObject({
        assignedTracerId: uuid.nullable().optional(),
        followUpStatus: z.enum(['active', 'completed', 'lost']).optional(),
        note: note.optional(),
      })
      .refine((b) => Object.keys(b).length > 0, { message: 'empty' }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ tx, access, params, body, origin }) {
      if (body.assignedTracerId) await tracerInScope(tx, access, body.assignedTracerId);
      await updateContact(tx, access, origin, { contactId: params.id, ...body });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/contacts/:id/followups',
    summary:
      'Record a follow-up call of a confirmed contact (default: today); three unreachable days in a row mark it lost',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    body: z.strictObject({
      dueDate: z.iso.date().optional(),
      outcome: z.enum(['well', 'symptoms', 'unreachable']),
      note: note.optional(),
    }),
    response: z.object({ followUpId: z.string(), followUpStatus: z.string().nullable() }),
    successStatus: 201,
    async handler({ tx, access, params, body, origin }) {
      return recordFollowUp(tx, access, origin, { contactId: params.id, ...body });
    },
  }),
];
