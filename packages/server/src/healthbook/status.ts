/**
 * The health status colour (#17 item 2), evaluated on read: the person's facts from their linked
 * records (open cases, monitored contacts, active orders, doses, recoveries, negative RT-PCRs) on
 * today's date, under the policy `status.colourRules` in force today. The card's QR carries only
 * the colour, the name's initials and an expiry, signed ES256 with STATUS_SIGNING_KEY
 * (`core/healthbook/statusQr.ts`, `statusKey.ts`): the offline verifier and the venue scanner check
 * it against the published key; `verifyStatusToken` is the same check on the server.
 */
import { AppError, today } from '@epilink/core';
import { nameInitials, statusColour } from '@epilink/core/healthbook/colour';
import type { StatusFacts } from '@epilink/core/healthbook/colour';
import { signStatusQr, verifyStatusQr } from '@epilink/core/healthbook/statusQr';
import type { StatusQrPublicKey } from '@epilink/core/healthbook/statusQr';
import { sql } from 'drizzle-orm';
import { citizenPersonIds } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { queryRows } from '../db/client.ts';
import type { DbOrTx } from '../db/client.ts';
import { policyInForce } from '../policy/store.ts';

import type { StatusSigningKey } from './statusKey.ts';

const DISEASE = 'COVID-19';
/** How long a card's QR is good for: short, so a colour cannot be carried for days. */
export const STATUS_TOKEN_MINUTES = 10;

/** What a card shows, and what its QR reveals. */
export interface StatusCard {
  colour: string;
  hex: string;
  label: { vi: string; en: string };
  initials: string;
  /** Local day the rule was evaluated on. */
  on: string;
  expiresAt: string;
  token: string;
}

/** The person's facts on `on`, from their records (a merged record's too). */
async function statusFacts(
  db: DbOrTx,
  personId: string,
  on: string,
): Promise<StatusFacts & { name: string }> {
  const [row] = await queryRows<{
    name: string;
    active: boolean;
    completed: string | null;
    first: string | null;
    recovered: string | null;
    pcr: string | null;
    has_data: boolean;
  }>(
    db,
    sql`with ids as (select id from persons where id = ${personId}::uuid or merged_into = ${personId}::uuid)
      select p.full_name as name,
        (exists (select 1 from cases where person_id in (select id from ids) and status = 'open'
                   and classification <> 'discarded')
         or exists (select 1 from contacts where person_id in (select id from ids) and status = 'confirmed'
                   and (monitoring_until is null or monitoring_until >= ${on}::date)
                   and follow_up_status is distinct from 'completed')
         or exists (select 1 from quarantine_orders where person_id in (select id from ids) and status = 'active'))
          as active,
        (select max(completed_on)::text from vaccination_status where person_id in (select id from ids)) as completed,
        (select min(date)::text from vaccination_doses where person_id in (select id from ids) and voided_at is null)
          as first,
        (select max(outcome_date)::text from cases where person_id in (select id from ids) and outcome = 'recovered')
          as recovered,
        (select to_char(max(sampled_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') from test_results
          where person_id in (select id from ids) and outcome = 'negative' and test_type = 'rtPcr') as pcr,
        (exists (select 1 from vaccination_doses where person_id in (select id from ids) and voided_at is null)
         or exists (select 1 from test_results where person_id in (select id from ids))
         or exists (select 1 from cases where person_id in (select id from ids))) as has_data
      from persons p where p.id = ${personId}::uuid`,
  );
  if (!row) throw new AppError('NOT_FOUND');
  return {
    name: row.name,
    activeCaseOrContact: row.active,
    fullyVaccinatedOn: row.completed,
    firstDoseOn: row.first,
    recoveredOn: row.recovered,
    lastNegativePcrAt: row.pcr,
    hasData: row.has_data,
  };
}

/** The citizen's (or a ward's) status card; another person's id is NOT_FOUND. Audited. */
export async function myStatusCard(
  db: DbOrTx,
  key: StatusSigningKey,
  access: Access,
  origin: AuditOrigin,
  personId: string,
  now: Date = new Date(),
): Promise<StatusCard> {
  if (!citizenPersonIds(access).includes(personId)) throw new AppError('NOT_FOUND');
  const on = today(now);
  const policy = await policyInForce(db, 'status.colourRules', on, DISEASE);
  if (!policy) throw new AppError('NOT_FOUND');
  const facts = await statusFacts(db, personId, on);
  const { rule } = statusColour(policy.value, facts, on, now);
  const initials = nameInitials(facts.name);
  const expires = Math.floor(now.getTime() / 1000) + STATUS_TOKEN_MINUTES * 60;
  const token = await signStatusQr(
    { colour: rule.colour, initials, expiresAt: expires },
    key.published.kid,
    key.sign,
  );
  await writeAudit(db, access, origin, [
    {
      action: 'read',
      entity: 'status_colour',
      entityId: personId,
      personId,
      fields: ['doses', 'testResults', 'cases', 'contacts', 'quarantineOrders'],
      details: { colour: rule.colour, ruleFrom: policy.effectiveFrom },
    },
  ]);
  return {
    colour: rule.colour,
    hex: rule.hex,
    label: rule.label,
    initials,
    on,
    expiresAt: new Date(expires * 1000).toISOString(),
    token,
  };
}

/** What a venue's scanner learns from a card's QR: the colour and initials, or why it is refused. */
export type StatusCheck =
  | {
      valid: true;
      colour: string;
      hex: string;
      label: { vi: string; en: string };
      initials: string;
      expiresAt: string;
    }
  | { valid: false; reason: 'invalid' | 'expired' };

/** The colours of today's rule as the offline verifier shows them (published with the trust list). */
export async function statusColourCatalogue(
  db: DbOrTx,
  now: Date = new Date(),
): Promise<{ colour: string; hex: string; label: { vi: string; en: string } }[]> {
  const policy = await policyInForce(db, 'status.colourRules', today(now), DISEASE);
  return (policy?.value.rules ?? []).map((r) => ({ colour: r.colour, hex: r.hex, label: r.label }));
}

/** Check a card's QR (published key, signature, expiry); the colour's display comes from today's rule. */
export async function verifyStatusToken(
  db: DbOrTx,
  keys: readonly StatusQrPublicKey[],
  token: string,
  now: Date = new Date(),
): Promise<StatusCheck> {
  const check = await verifyStatusQr(token, keys, now);
  if (!check.valid) return { valid: false, reason: check.reason === 'expired' ? 'expired' : 'invalid' };
  const rule = (await statusColourCatalogue(db, now)).find((r) => r.colour === check.colour);
  return {
    valid: true,
    colour: check.colour,
    hex: rule?.hex ?? '#757575',
    label: rule?.label ?? { vi: check.colour, en: check.colour },
    initials: check.initials,
    expiresAt: new Date(check.expiresAt * 1000).toISOString(),
  };
}
