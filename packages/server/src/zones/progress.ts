/**
 * Progress of testing rounds (issue #16 items 6–7): for each round, its members tested (a negative or
 * positive result — individual or from their pool — sampled between the round's first local day and
 * the day after its last) and positive, overall and by commune; the zones' latest progress for the
 * map; and a campaign's residents not yet tested in a round (keyset-paginated, audited).
 */
import { addDays, localDayStart, percentOf } from '@epilink/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { persons, zoneRoundMembers, zoneRounds, zoneUnits, zones } from '../db/schema/index.ts';
import { afterCursor, keyText, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { zoneInScope } from './service.ts';

/** A round's figures for one commune (or all: `communeCode` null). */
export interface RoundFigures {
  communeCode: string | null;
  members: number;
  tested: number;
  positives: number;
  testedPercent: number;
}

/** The window of results counted for a round: [first day 00:00, day after the last 00:00) local. */
function windowOf(round: { startsOn: string; endsOn: string }) {
  return { from: localDayStart(round.startsOn), to: localDayStart(addDays(round.endsOn, 1)) };
}

/** Figures of a round by commune, with the total first. */
export async function roundProgress(
  db: DbOrTx,
  round: { id: string; startsOn: string; endsOn: string },
): Promise<RoundFigures[]> {
  const w = windowOf(round);
  const rows = await queryRows<{
    commune_code: string | null;
    members: number;
    tested: number;
    positives: number;
  }>(
    db,
    sql`select m.commune_code, count(*)::int as members,
          count(*) filter (where t.tested)::int as tested, count(*) filter (where t.positive)::int as positives
        from zone_round_members m
        cross join lateral (
          select coalesce(bool_or(r.outcome in ('negative', 'positive')), false) as tested,
                 coalesce(bool_or(r.outcome = 'positive'), false) as positive
          from test_results r
          where r.person_id = m.person_id and r.sampled_at >= ${w.from.toISOString()}::timestamptz
            and r.sampled_at < ${w.to.toISOString()}::timestamptz) t
        where m.round_id = ${round.id}::uuid
        group by rollup (m.commune_code)
        order by m.commune_code nulls first`,
  );
  // The rollup's total row has commune null; a member without commune would too, so the total is the first.
  const seen = new Set<string | null>();
  const out: RoundFigures[] = [];
  for (const r of rows) {
    if (seen.has(r.commune_code)) continue;
    seen.add(r.commune_code);
    out.push({
      communeCode: r.commune_code,
      members: r.members,
      tested: r.tested,
      positives: r.positives,
      testedPercent: percentOf(r.tested, r.members),
    });
  }
  return out;
}

/** Each round of a zone with its figures (total and by commune). */
export async function zoneProgress(db: DbOrTx, access: Access, zoneId: string) {
  const zone = await zoneInScope(db, access, zoneId);
  const rounds = await db
    .select()
    .from(zoneRounds)
    .where(eq(zoneRounds.zoneId, zone.id))
    .orderBy(zoneRounds.number);
  const out = [];
  for (const round of rounds) {
    const figures = await roundProgress(db, round);
    out.push({ ...round, total: figures[0]!, byCommune: figures.slice(1) });
  }
  return { zone, rounds: out };
}

/**
 * The map's blockade layer: every commune of an active zone (or campaign) of the caller's
 * jurisdiction, with its zone and the tested share and positives of the zone's latest round there.
 */
export async function zonesOnMap(db: DbOrTx, access: Access) {
  const active = await db
    .select({ id: zones.id, name: zones.name, kind: zones.kind, startsOn: zones.startsOn })
    .from(zones)
    .where(and(eq(zones.status, 'active'), scopeFor(access, zones)))
    .orderBy(zones.startsOn)
    .limit(200);
  if (active.length === 0) return [];
  const units = await db
    .select({ zoneId: zoneUnits.zoneId, communeCode: zoneUnits.communeCode })
    .from(zoneUnits)
    .where(
      inArray(
        zoneUnits.zoneId,
        active.map((z) => z.id),
      ),
    );
  const out: {
    communeCode: string;
    zoneId: string;
    zoneName: string;
    kind: 'blockade' | 'campaign';
    round: number | null;
    testedPercent: number | null;
    positives: number | null;
  }[] = [];
  for (const z of active) {
    const [latest] = await db
      .select()
      .from(zoneRounds)
      .where(eq(zoneRounds.zoneId, z.id))
      .orderBy(sql`${zoneRounds.number} desc`)
      .limit(1);
    const figures = latest ? await roundProgress(db, latest) : [];
    const byCommune = new Map(figures.slice(1).map((f) => [f.communeCode, f]));
    for (const u of units.filter((x) => x.zoneId === z.id)) {
      const f = byCommune.get(u.communeCode);
      out.push({
        communeCode: u.communeCode,
        zoneId: z.id,
        zoneName: z.name,
        kind: z.kind,
        round: latest?.number ?? null,
        testedPercent: f ? f.testedPercent : latest ? 0 : null,
        positives: f ? f.positives : latest ? 0 : null,
      });
    }
  }
  return out;
}

const UNTESTED_KEY: KeyPart[] = [
  { column: persons.nameKey, type: 'text' },
  { column: persons.id, type: 'uuid' },
];

/** A page of a round's members not yet tested in its window (audited read of personal data). */
export async function untestedMembers(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  zoneId: string,
  roundId: string,
  page: { communeCode?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const zone = await zoneInScope(db, access, zoneId);
  const [round] = await db
    .select()
    .from(zoneRounds)
    .where(and(eq(zoneRounds.id, roundId), eq(zoneRounds.zoneId, zone.id)));
  if (!round) return null;
  const w = windowOf(round);
  const [k0, k1] = keyText(UNTESTED_KEY);
  const rows = await db
    .select({
      id: persons.id,
      fullName: persons.fullName,
      dateOfBirth: persons.dateOfBirth,
      phone: persons.phone,
      address: persons.address,
      communeCode: persons.communeCode,
      registrationId: zoneRoundMembers.registrationId,
      k0: k0!,
      k1: k1!,
    })
    .from(zoneRoundMembers)
    .innerJoin(persons, eq(persons.id, zoneRoundMembers.personId))
    .where(
      and(
        eq(zoneRoundMembers.roundId, round.id),
        page.communeCode ? eq(zoneRoundMembers.communeCode, page.communeCode) : undefined,
        scopeFor(access, persons),
        sql`not exists (select 1 from test_results r where r.person_id = ${zoneRoundMembers.personId}
              and r.outcome in ('negative', 'positive')
              and r.sampled_at >= ${w.from.toISOString()}::timestamptz and r.sampled_at < ${w.to.toISOString()}::timestamptz)`,
        afterCursor(UNTESTED_KEY, page.cursor, 'asc'),
      ),
    )
    .orderBy(...orderByKey(UNTESTED_KEY, 'asc'))
    .limit(page.limit + 1);
  const p = pageOf(rows, page.limit, (r) => [r.k0, r.k1]);
  await writeAudit(db, access, origin, { action: 'read', entity: 'zone_untested', entityId: round.id });
  return { items: p.items.map(({ k0: _k0, k1: _k1, ...r }) => r), nextCursor: p.nextCursor };
}
