/**
 * What a citizen under F1 follow-up is told on their own status page (#19 item 5): what to do (the
 * quarantine order's kind), until when (the order's end date once the commune confirmed it; else
 * the date the rule in force gives — the proposed order's end, or the contact's monitoring end),
 * where and when the exposure was (a venue's name and the citizen's own stay there that day; for
 * any other exposure only its type: never the case's name or any reference to the case), the
 * hotlines, and the page to book a test. Read in one statement for all the caller's people.
 */
import { provinceTimeZone } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { policyInForce } from '../policy/store.ts';

/** Hotlines when no warning-sign rule is in force (the same numbers the quarantine forms show). */
const DEFAULT_HOTLINES = { advice: '1022', emergency: '115' };

/** The citizen's booking page (testing module), opened for the person with reason "contact". */
export const BOOKING_PATH = '/me/tests/book';

export const guidanceSchema = z.object({
  kind: z.enum(['facility_quarantine', 'home_quarantine', 'home_isolation', 'monitoring']),
  /** 'order': confirmed by the commune; 'rule': the rule in force (proposal or monitoring period). */
  basis: z.enum(['order', 'rule']),
  until: z.string().nullable(),
  ruleSource: z.string().nullable(),
  exposure: z
    .object({
      type: z.string(),
      date: z.string().nullable(),
      venueName: z.string().nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    })
    .nullable(),
  hotlines: z.object({ advice: z.string(), emergency: z.string() }),
  bookingUrl: z.string(),
});

export type Guidance = z.infer<typeof guidanceSchema>;

interface Row {
  person_id: string;
  disease_code: string;
  exposure_type: string | null;
  exposure_date: string | null;
  monitoring_until: string | null;
  venue_name: string | null;
  stay_from: string | null;
  stay_to: string | null;
  order_kind: Guidance['kind'] | null;
  order_status: string | null;
  order_end: string | null;
  order_source: string | null;
}

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

/**
 * Guidance for each (person, disease) of `f1` (people whose confirmed status is F1), keyed
 * `personId|diseaseCode`; the caller has checked the people are the citizen's own.
 */
export async function f1Guidance(
  db: DbOrTx,
  f1: readonly { personId: string; diseaseCode: string }[],
  today: string,
): Promise<Map<string, Guidance>> {
  const out = new Map<string, Guidance>();
  if (f1.length === 0) return out;
  const zone = provinceTimeZone();
  const pairs = JSON.stringify(f1.map((i) => ({ p: i.personId, d: i.diseaseCode })));
  const rows = await queryRows<Row>(
    db,
    sql`select x.p as person_id, x.d as disease_code, k.exposure_type,
        to_char(k.exposure_date, 'YYYY-MM-DD') as exposure_date,
        to_char(k.monitoring_until, 'YYYY-MM-DD') as monitoring_until, v.name as venue_name,
        st.stay_from, st.stay_to, o.kind as order_kind, o.status as order_status,
        to_char(o.end_date, 'YYYY-MM-DD') as order_end, o.rule_source as order_source
      from jsonb_to_recordset(${pairs}::jsonb) as x(p uuid, d text)
      left join lateral (
        select * from contacts c where c.person_id = x.p and c.disease_code = x.d
          and c.status = 'confirmed' and coalesce(c.follow_up_status, 'active') = 'active'
        order by c.exposure_date desc nulls last, c.created_at desc limit 1
      ) k on true
      left join venues v on v.id = k.venue_id
      left join lateral (
        select min(ci.checked_in_at) as stay_from, max(ci.checked_out_at) as stay_to from checkins ci
        where k.venue_id is not null and k.exposure_date is not null
          and ci.person_id = x.p and ci.venue_id = k.venue_id
          and ci.checked_in_at >= k.exposure_date - 1 and ci.checked_in_at < k.exposure_date + 2
          and (ci.checked_in_at at time zone ${zone})::date = k.exposure_date
      ) st on true
      left join lateral (
        select * from quarantine_orders q where q.person_id = x.p and q.disease_code = x.d
          and q.role = 'F1' and q.status in ('active', 'proposed')
        order by (q.status = 'active') desc, q.created_at desc limit 1
      ) o on true`,
  );
  for (const r of rows) {
    const rule = await policyInForce(db, 'quarantine.warningSigns', today, r.disease_code);
    const f1Rule = r.order_source
      ? null
      : await policyInForce(db, 'quarantine.f1', r.exposure_date ?? today, r.disease_code);
    out.set(`${r.person_id}|${r.disease_code}`, {
      kind: r.order_kind ?? 'monitoring',
      basis: r.order_status === 'active' ? 'order' : 'rule',
      until: r.order_end ?? r.monitoring_until,
      ruleSource: r.order_source ?? f1Rule?.source.document ?? null,
      exposure: r.exposure_type
        ? {
            type: r.exposure_type,
            date: r.exposure_date,
            venueName: r.venue_name,
            from: iso(r.stay_from),
            to: iso(r.stay_to),
          }
        : null,
      hotlines: rule?.value.hotlines ?? DEFAULT_HOTLINES,
      bookingUrl: `${BOOKING_PATH}?person=${encodeURIComponent(r.person_id)}&reason=contact`,
    });
  }
  return out;
}
