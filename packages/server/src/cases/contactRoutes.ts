/** Contact routes: contacts of a case, one contact with its follow-ups, decide, update, record a follow-up. */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.ts';
import { contactFollowups, contacts } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';
import { decideContact, recordFollowUp, updateContact } from './decide.ts';
import { contactSchema, followUpSchema } from './presenter.ts';
import { countContactsOutside, listContacts } from './queries.ts';
import { caseInScope, contactInScope, tracerInScope } from './scope.ts';

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
    response: z.object({ items: z.array(contactSchema), outsideJurisdiction: z.number() }),
    async handler({ deps, access, params, origin }) {
      const { db } = deps.database;
      return db.transaction(async (tx) => {
        const items = await listContacts(tx, access, eq(contacts.caseId, params.id), 500, 'overlap');
        const outside = await countContactsOutside(tx, access, params.id);
        // The case itself in scope, or at least one of its contacts: otherwise not found.
        if (items.length === 0) await caseInScope(tx, access, params.id);
        await writeAudit(
          tx,
          access,
          origin,
          items.map((k) => ({
            action: 'read' as const,
            entity: 'contact',
            entityId: k.id,
            personId: k.personId,
            fields: ['contact'],
          })),
        );
        return { items, outsideJurisdiction: outside };
      });
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
    async handler({ deps, access, params, origin }) {
      const { db } = deps.database;
      return db.transaction(async (tx) => {
        const row = await contactInScope(tx, access, params.id);
        const [contact] = await listContacts(tx, access, eq(contacts.id, row.id), 1);
        const followUps = await tx
          .select()
          .from(contactFollowups)
          .where(eq(contactFollowups.contactId, row.id))
          .orderBy(asc(contactFollowups.dueDate));
        await writeAudit(tx, access, origin, {
          action: 'read',
          entity: 'contact',
          entityId: row.id,
          personId: row.personId,
          fields: ['contact', 'followUps'],
        });
        return { contact: contact!, followUps };
      });
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
    async handler({ deps, access, params, body, origin }) {
      return decideContact(deps.database.db, access, origin, { contactId: params.id, ...body });
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
    async handler({ deps, access, params, body, origin }) {
      const { db } = deps.database;
      if (body.assignedTracerId) await tracerInScope(db, access, body.assignedTracerId);
      await updateContact(db, access, origin, { contactId: params.id, ...body });
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
    async handler({ deps, access, params, body, origin }) {
      return recordFollowUp(deps.database.db, access, origin, { contactId: params.id, ...body });
    },
  }),
];
