/**
 * The tracer worklist: cases to interview, contacts to call, follow-ups due, contacts lost to
 * follow-up. Every section is filtered in SQL (jurisdiction, commune, tracer, state) and
 * keyset-paginated, so an old case awaiting its interview is on the list however many newer cases
 * there are; a section with more rows says so with its cursor.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { actorId } from '../access/context.ts';
import { contacts } from '../db/schema/index.ts';
import { nextCursorSchema } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { pageFollowUpsDue } from './followUpsDue.ts';
import { caseSummarySchema, contactSchema } from './presenter.ts';
import { listCases, pageContacts } from './queries.ts';
import { today } from './proposals.ts';

const SECTIONS = ['newCases', 'contactsToCall', 'followUpsDue', 'lost'] as const;
type Section = (typeof SECTIONS)[number];

export const worklistRoute = defineRoute({
  method: 'GET',
  url: '/api/tracing/worklist',
  summary:
    'Tracer worklist: new cases to interview, contacts to call, follow-ups due today, lost to follow-up (each section keyset-paginated: `section` + `cursor` loads more of one)',
  tags: ['cases'],
  auth: { kind: 'user', permission: 'case:trace' },
  personalData: true,
  query: z.strictObject({
    communeCode: z
      .string()
      .regex(/^\d{5}$/u)
      .optional(),
    tracerId: z.uuid().optional(),
    /** Only this case: the case itself (to interview) and its contacts. */
    caseId: z.uuid().optional(),
    mine: z.enum(['true', 'false']).optional(),
    section: z.enum(SECTIONS).optional(),
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  response: z.object({
    date: z.string(),
    newCases: z.array(caseSummarySchema),
    contactsToCall: z.array(contactSchema),
    followUpsDue: z.array(z.object({ followUpId: z.string(), dueDate: z.string(), contact: contactSchema })),
    lost: z.array(contactSchema),
    /** Per section, the cursor of its next page (null when the section is complete). */
    nextCursors: z.object({
      newCases: nextCursorSchema,
      contactsToCall: nextCursorSchema,
      followUpsDue: nextCursorSchema,
      lost: nextCursorSchema,
    }),
  }),
  async handler({ tx, access, query, audit }) {
    const tracer = query.mine === 'true' ? (actorId(access) ?? undefined) : query.tracerId;
    const day = today();
    const wants = (s: Section) => query.section === undefined || query.section === s;
    const page = { cursor: query.section ? query.cursor : undefined, limit: query.limit };
    const none = { items: [], nextCursor: null };
    const newCases = wants('newCases')
      ? await listCases(tx, access, {
          communeCode: query.communeCode,
          status: 'open',
          assignedTracerId: tracer,
          interviewPending: true,
          caseId: query.caseId,
          ...page,
        })
      : none;
    const place = and(
      query.communeCode ? eq(contacts.communeCode, query.communeCode) : undefined,
      tracer ? eq(contacts.assignedTracerId, tracer) : undefined,
      query.caseId ? eq(contacts.caseId, query.caseId) : undefined,
    );
    const contactsToCall = wants('contactsToCall')
      ? await pageContacts(tx, access, and(place, eq(contacts.status, 'proposed')), page)
      : none;
    const lost = wants('lost')
      ? await pageContacts(tx, access, and(place, eq(contacts.followUpStatus, 'lost')), page)
      : none;
    const due = wants('followUpsDue')
      ? await pageFollowUpsDue(tx, access, place, day, page)
      : { items: [], nextCursor: null };
    const followUpsDue = due.items;
    const contactRows = [...contactsToCall.items, ...followUpsDue.map((f) => f.contact), ...lost.items];
    const people = [...newCases.items.map((c) => c.personId), ...contactRows.map((c) => c.personId)];
    // A contact's row shows their phone number (the tracer calls it): its read is audited as such.
    const withPhone = new Set(contactRows.filter((c) => c.phone !== null).map((c) => c.personId));
    await audit([
      { action: 'search', entity: 'worklist', fields: ['summary'], details: { results: people.length } },
      ...[...new Set(people)].map((personId) => ({
        action: 'read' as const,
        entity: 'worklist_item',
        personId,
        fields: withPhone.has(personId) ? ['summary', 'phone'] : ['summary'],
      })),
    ]);
    return {
      date: day,
      newCases: newCases.items,
      contactsToCall: contactsToCall.items,
      followUpsDue,
      lost: lost.items,
      nextCursors: {
        newCases: newCases.nextCursor,
        contactsToCall: contactsToCall.nextCursor,
        followUpsDue: due.nextCursor,
        lost: lost.nextCursor,
      },
    };
  },
});
