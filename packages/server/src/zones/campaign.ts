/**
 * Community testing campaigns (issue #16 item 7): a round's progress by hamlet — the registry has no
 * hamlet field, so the hamlet is read from each member's address line (core `hamletOf`; a member
 * whose address names none is counted under "no hamlet") — and SMS invitations, with a one-tap
 * booking link, to the members not yet tested, queued through the notification outbox in the
 * request's transaction, at most once per person and round.
 */
import { AppError, addDays, hamletOf, localDayStart, percentOf, translate } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import { actorId } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { zoneRounds } from '../db/schema/index.ts';
import { enqueueMany } from '../outbox/outbox.ts';
import { bookingToken } from '../quarantine/links.ts';
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

/** A round of a zone in the caller's jurisdiction (else 404) with its window as instants. */
export async function roundOf(db: DbOrTx, access: Access, zoneId: string, roundId: string) {
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
  return sql`select m.person_id, m.registration_id, m.commune_code, p.address, p.phone,
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
 * hamlet) and was never invited to this round: the campaign, the round's days and their one-tap
 * booking link, in Vietnamese. Re-sending is idempotent per person and round (`zone_invitations`,
 * one row each, `on conflict do nothing`): those already invited are counted, not texted again.
 * One outbox message each, one audit row with the counts.
 */
export async function inviteUntested(
  tx: DbOrTx,
  access: Access,
  audit: Audit,
  publicUrl: string,
  input: { zoneId: string; roundId: string; communeCode?: string | undefined; hamlet?: string | undefined },
) {
  const { zone, round, from, to } = await roundOf(tx, access, input.zoneId, input.roundId);
  const rows = await queryRows<{
    person_id: string;
    registration_id: string;
    commune_code: string | null;
    address: string | null;
    phone: string | null;
  }>(tx, membersSql(round.id, from, to, true));
  const chosen = rows.filter(
    (r) =>
      (!input.communeCode || r.commune_code === input.communeCode) &&
      (!input.hamlet || hamletOf(r.address) === hamletOf(input.hamlet)),
  );
  const withPhone = chosen.filter((r) => r.phone);
  const fresh = new Set(
    withPhone.length === 0
      ? []
      : (
          await queryRows<{ person_id: string }>(
            tx,
            sql`insert into zone_invitations (round_id, person_id, zone_id, invited_by)
                select ${round.id}::uuid, p, ${zone.id}::uuid, ${actorId(access)}::uuid
                from unnest(${sql.param(withPhone.map((r) => r.person_id))}::uuid[]) as x(p)
                on conflict do nothing returning person_id`,
          )
        ).map((r) => r.person_id),
  );
  const invited = withPhone.filter((r) => fresh.has(r.person_id));
  const messages = [];
  for (const r of invited) {
    const link = `${publicUrl}/xn/${await bookingToken(tx, r.registration_id)}`;
    const body = translate('vi', 'campaigns.sms.invitationLink', {
      zone: zone.name,
      from: round.startsOn,
      to: round.endsOn,
      link,
    });
    messages.push({
      topic: 'notification.send' as const,
      payload: { channel: 'sms', to: r.phone!, subject: null, body },
    });
  }
  await enqueueMany(tx, messages);
  const counts = {
    invited: invited.length,
    alreadyInvited: withPhone.length - invited.length,
    withoutPhone: chosen.length - withPhone.length,
  };
  await audit({
    action: 'read',
    entity: 'zone_invitation',
    entityId: round.id,
    fields: ['phone', 'address'],
    purpose: 'testing invitation',
    details: { ...counts, communeCode: input.communeCode ?? null, hamlet: input.hamlet ?? null },
  });
  return counts;
}
