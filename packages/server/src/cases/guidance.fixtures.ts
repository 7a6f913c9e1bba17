/**
 * The assertion a citizen's F1 guidance (#19 item 5) is checked by: what to do and until when
 * from the person's quarantine order (still proposed: the rule in force), the venue and the
 * person's own stay there, the hotlines and the booking link — and none of the case's identity.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

/** Expect `res` (GET /api/me/epi-status of a citizen whose one status is F1 by a venue contact). */
export async function expectF1Guidance(
  db: DbOrTx,
  res: { statusCode: number; body: string },
  { personId, venueName, secrets }: { personId: string; venueName: string; secrets: string[] },
): Promise<void> {
  expect(res.statusCode, res.body).toBe(200);
  const [order] = await queryRows<{ kind: string; end: string; status: string }>(
    db,
    sql`select kind, to_char(end_date, 'YYYY-MM-DD') as end, status from quarantine_orders
        where person_id = ${personId} and role = 'F1'`,
  );
  const [stay] = await queryRows<{ from: Date | string; to: Date | string }>(
    db,
    sql`select min(checked_in_at) as from, max(checked_out_at) as to from checkins where person_id = ${personId}`,
  );
  expect(order?.status).toBe('proposed');
  expect((JSON.parse(res.body) as { items: unknown[] }).items).toEqual([
    expect.objectContaining({
      personId,
      status: 'f1',
      guidance: {
        kind: order!.kind,
        basis: 'rule',
        until: order!.end,
        ruleSource: expect.any(String) as unknown,
        exposure: {
          type: 'venue',
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/u) as unknown,
          venueName,
          from: new Date(stay!.from).toISOString(),
          to: new Date(stay!.to).toISOString(),
        },
        hotlines: { advice: '1022', emergency: '115' },
        bookingUrl: `/me/tests/book?person=${personId}&reason=contact`,
      },
    }),
  ]);
  for (const secret of secrets) expect(res.body).not.toContain(secret);
}
