/**
 * Community testing campaigns (issue #16 item 7): a round's progress by hamlet — the registry has no
 * hamlet field, so the hamlet is read from each member's address line (core `hamletOf`; a member
 * whose address names none is counted under "no hamlet") — and SMS invitations to the members not
 * yet tested, queued through the notification outbox in the request's transaction.
 */
import { AppError, addDays, hamletOf, localDayStart, percentOf, translate } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { testSites, zoneRounds } from '../db/schema/index.ts';
import { enqueueMany } from '../outbox/outbox.ts';
import { zoneInScope } from './service.ts';

type Audit = (entries: AuditEntry | AuditEntry[]) => Promise<void>;

/** One hamlet's figures in a round (hamlet null: addresses naming no hamlet). */
export interface HamletFigures {
  communeCode: string | null;
  hamlet: string | null;
  members: number;
  tested: number;
  positives: number;
  testedPercent: number;
}

async function roundOf(db: DbOrTx, access: Access, zoneId: string, roundId: string) {
  const zone = await zoneInScope(db, access, zoneId);
  const [round] = await db
    .select()
    .from(zoneRounds)
    .where(and(eq(zoneRounds.id, roundId), eq(zoneRounds.zoneId, zone.id)));
  if (!round) throw new AppError('NOT_FOUND');
  const from = localDayStart(round.startsOn).toISOString();
  const to = localDayStart(addDays(round.endsOn, 1)).toISOString();
  return { zone, round, from, to };
}

/** Members of a round with their address, phone and whether tested in the round's window. */
function membersSql(roundId: string, from: string, to: string, onlyUntested: boolean) {
  return sql`select m.person_id, m.commune_code, p.address, p.phone,
        exists (select 1 from test_results r where r.person_id = m.person_id
          and r.outcome in ('negative', 'positive')
          and r.sampled_at >= ${from}::timestamptz and r.sampled_at < ${to}::timestamptz) as tested,
        exists (select 1 from test_results r where r.person_id = m.person_id and r.outcome = 'positive'
          and r.sampled_at >= ${from}::timestamptz and r.sampled_at < ${to}::timestamptz) as positive
      from zone_round_members m join persons p on p.id = m.person_id
      where m.round_id = ${roundId}::uuid
      ${
        onlyUntested
          ? sql`and not exists (select 1 from test_results r where r.person_id = m.person_id
          and r.outcome in ('negative', 'positive')
          and r.sampled_at >= ${from}::timestamptz and r.sampled_at < ${to}::timestamptz)`
          : sql``
      }`;
}

/** A round's progress by commune and hamlet (members, tested, positives), sorted by commune then hamlet. */
export async function hamletProgress(
  db: DbOrTx,
  access: Access,
  zoneId: string,
  roundId: string,
): Promise<HamletFigures[]> {
  const { round, from, to } = await roundOf(db, access, zoneId, roundId);
  const rows = await queryRows<{
    commune_code: string | null;
    address: string | null;
    tested: boolean;
    positive: boolean;
  }>(db, membersSql(round.id, from, to, false));
  const groups = new Map<string, HamletFigures>();
  for (const r of rows) {
    const hamlet = hamletOf(r.address);
    const key = `${r.commune_code ?? ''}\u0000${hamlet ?? ''}`;
    const g = groups.get(key) ?? {
      communeCode: r.commune_code,
      hamlet,
      members: 0,
      tested: 0,
      positives: 0,
      testedPercent: 0,
    };
    g.members += 1;
    if (r.tested) g.tested += 1;
    if (r.positive) g.positives += 1;
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, testedPercent: percentOf(g.tested, g.members) }))
    .sort(
      (a, b) =>
        (a.communeCode ?? '').localeCompare(b.communeCode ?? '') ||
        (a.hamlet === null ? 1 : 0) - (b.hamlet === null ? 1 : 0) ||
        (a.hamlet ?? '').localeCompare(b.hamlet ?? '', 'vi', { numeric: true }),
    );
}

/**
 * Text every member of a round not yet tested who has a phone (optionally of one commune or
 * hamlet): the site and the round's days, in Vietnamese. One outbox message each, one audit row
 * with the count; returns how many were invited and how many had no phone.
 */
export async function inviteUntested(
  tx: DbOrTx,
  access: Access,
  audit: Audit,
  input: { zoneId: string; roundId: string; communeCode?: string | undefined; hamlet?: string | undefined },
) {
  const { zone, round, from, to } = await roundOf(tx, access, input.zoneId, input.roundId);
  const [site] = await tx
    .select({ name: testSites.name })
    .from(testSites)
    .where(eq(testSites.id, round.siteId));
  const rows = await queryRows<{
    person_id: string;
    commune_code: string | null;
    address: string | null;
    phone: string | null;
  }>(tx, membersSql(round.id, from, to, true));
  const chosen = rows.filter(
    (r) =>
      (!input.communeCode || r.commune_code === input.communeCode) &&
      (!input.hamlet || hamletOf(r.address) === hamletOf(input.hamlet)),
  );
  const body = translate('vi', 'campaigns.sms.invitation', {
    zone: zone.name,
    site: site?.name ?? '',
    from: round.startsOn,
    to: round.endsOn,
  });
  const withPhone = chosen.filter((r) => r.phone);
  await enqueueMany(
    tx,
    withPhone.map((r) => ({
      topic: 'notification.send' as const,
      payload: { channel: 'sms', to: r.phone!, subject: null, body },
    })),
  );
  await audit({
    action: 'read',
    entity: 'zone_invitation',
    entityId: round.id,
    fields: ['phone', 'address'],
    purpose: 'testing invitation',
    details: {
      invited: withPhone.length,
      withoutPhone: chosen.length - withPhone.length,
      communeCode: input.communeCode ?? null,
      hamlet: input.hamlet ?? null,
    },
  });
  return { invited: withPhone.length, withoutPhone: chosen.length - withPhone.length };
}
