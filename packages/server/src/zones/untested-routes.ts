/**
 * Who has not been tested in a round (issue #16 item 7): a keyset-paginated list and a CSV export
 * of the whole list (audited as an export), both scoped to the caller's jurisdiction.
 */
import { AppError } from '@epilink/core';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.ts';
import { csvCell } from '../audit/export.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { untestedMembers } from './progress.ts';

const params = z.strictObject({ id: z.uuid(), roundId: z.uuid() });
const communeCode = z
  .string()
  .regex(/^\d{5}$/u)
  .optional();
const personSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  communeCode: z.string().nullable(),
  registrationId: z.string(),
});

export const untestedRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/zones/:id/rounds/:roundId/untested',
    summary: 'Residents of a round not yet tested, by name (audited)',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params,
    query: z.strictObject({ ...pageQuery(100, 500), communeCode }),
    response: z.object({ items: z.array(personSchema), nextCursor: nextCursorSchema }),
    handler: async ({ tx, access, origin, params: p, query }) => {
      const page = await untestedMembers(tx, access, origin, p.id, p.roundId, query);
      if (!page) throw new AppError('NOT_FOUND');
      return page;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/zones/:id/rounds/:roundId/untested.csv',
    summary: 'Every resident of a round not yet tested, as CSV (audited export)',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params,
    query: z.strictObject({ communeCode }),
    response: null,
    async handler({ tx, access, origin, params: p, query, reply }) {
      const rows: z.infer<typeof personSchema>[] = [];
      let cursor: string | undefined;
      do {
        const page = await untestedMembers(tx, access, origin, p.id, p.roundId, {
          ...query,
          cursor,
          limit: 5000,
        });
        if (!page) throw new AppError('NOT_FOUND');
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      await writeAudit(tx, access, origin, {
        action: 'export',
        entity: 'zone_untested',
        entityId: p.roundId,
      });
      const header = ['fullName', 'dateOfBirth', 'phone', 'address', 'communeCode', 'registrationId'];
      const lines = [
        header,
        ...rows.map((r) => [r.fullName, r.dateOfBirth, r.phone, r.address, r.communeCode, r.registrationId]),
      ];
      // A BOM so spreadsheets show Vietnamese; every cell quoted and formulas neutralised.
      const csv = `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
      await reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="untested-${p.roundId}.csv"`)
        .send(csv);
      return undefined;
    },
  }),
];
