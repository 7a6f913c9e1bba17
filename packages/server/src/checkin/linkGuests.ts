/**
 * Guests check in with a phone number and a name only; linking them to the person registry is
 * kept off the hot path. This linker runs in the maintenance loop and before every overlap
 * search: for each distinct unlinked visitor it looks up an active person with the same mobile
 * and the same folded name (indexed), and otherwise adds the guest through record linkage
 * (`ingestPersons`: match → merged into the existing person, likely → review queue, else new).
 */
import { foldText } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';

/** Advisory lock id: one linker at a time across API processes. */
const LINK_LOCK_ID = 83_0044_0001;
let running: Promise<number> | null = null;

/** Link unlinked guest check-ins since a time; returns how many distinct visitors were linked. */
export function linkPendingGuests(database: Db, options: { since: Date; limit?: number }): Promise<number> {
  // One run at a time in this process; a caller arriving meanwhile waits for the running one.
  running ??= linkOnce(database, options).finally(() => {
    running = null;
  });
  return running;
}

async function linkOnce(
  database: Db,
  { since, limit = 2000 }: { since: Date; limit?: number },
): Promise<number> {
  return database.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${LINK_LOCK_ID}) as ok`,
    );
    if (!lock?.ok) return 0;
    const pending = await queryRows<{
      visitor_key: string;
      guest_phone: string;
      guest_name: string;
      province_code: string;
    }>(
      tx,
      sql`select visitor_key, min(guest_phone) as guest_phone, min(guest_name) as guest_name, min(province_code) as province_code
        from checkins where person_id is null and checked_in_at >= ${since.toISOString()}::timestamptz
          and guest_phone is not null
        group by visitor_key limit ${limit}`,
    );
    if (pending.length === 0) return 0;
    const personOf = new Map<string, string>();
    const phones = [...new Set(pending.map((p) => p.guest_phone))];
    const known = await queryRows<{ id: string; phone: string; name_key: string }>(
      tx,
      sql`select id, phone, name_key from persons where phone = any(${`{${phones.join(',')}}`}::text[]) and merged_into is null`,
    );
    const toIngest: typeof pending = [];
    for (const p of pending) {
      const folded = foldText(p.guest_name);
      const same = known.filter((k) => k.phone === p.guest_phone && k.name_key === folded);
      if (same.length === 1) personOf.set(p.visitor_key, same[0]!.id);
      else toIngest.push(p);
    }
    if (toIngest.length > 0) {
      const outcomes = await ingestPersons(
        tx,
        systemAccess('checkin-guest-linkage'),
        { ip: null },
        toIngest.map((p) => ({
          source: 'checkin-guest',
          fullName: p.guest_name,
          dateOfBirth: null,
          sex: null,
          phone: p.guest_phone,
          communeCode: null,
          districtCode: null,
          provinceCode: p.province_code,
        })),
      );
      outcomes.forEach((o, i) => {
        personOf.set(
          toIngest[i]!.visitor_key,
          o.decision === 'merged' && o.matchedId ? o.matchedId : o.personId,
        );
      });
    }
    const keys = [...personOf.keys()];
    const values = keys.map((k) => personOf.get(k)!);
    await tx.execute(
      sql`update checkins c set person_id = m.person_id
        from unnest(${`{${keys.map((k) => `"${k.replace(/["\\]/gu, '\\$&')}"`).join(',')}}`}::text[],
                    ${`{${values.join(',')}}`}::uuid[]) as m(visitor_key, person_id)
        where c.visitor_key = m.visitor_key and c.person_id is null
          and c.checked_in_at >= ${since.toISOString()}::timestamptz`,
    );
    return keys.length;
  });
}
