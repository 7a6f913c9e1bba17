/**
 * Group commit of declarations (issue #15, the `declarations_per_s` target): the submissions of
 * citizens and of people without an account that reach this process at the same time are
 * collected (db/microBatch.ts: no timer, sent at the next turn of the event loop, batches grow
 * with the load) and stored by ONE statement, itself the transaction — record linkage of every
 * declarant without a record id in one `linkInto` call (its reads in one statement before), then
 * every declaration, its audit row and its outbox event, with linkage's people, keys, merges,
 * reviews, audit rows and event and the flagged ones' live events, in one data-modifying
 * statement — instead of a transaction (begin, statements, commit: a WAL flush) per declaration.
 *
 * Durability and answers are unchanged: a caller is answered after the transaction holding its
 * declaration commits, with the outcome `submitDeclaration` gives. What can differ per
 * submission is decided before the batch (`prepareSubmission`: questionnaire version, answers,
 * place, DCC; the person by record id; triage by the kept rule versions), so a refusal reaches
 * its own request. Anything the batch cannot decide for all — a submission already stored (a
 * retry), the same submission id twice, a triage version published meanwhile — fails the batch
 * (its statement's guard: nothing written), and the batcher sends each of its submissions alone
 * through `submitDeclaration` (in its own transaction: a replay answers with the first
 * declaration, a stale triage is redone), so no acknowledged write is lost and no error reaches
 * another request.
 *
 * Audit: each declaration's row names its caller (actor, IP, purpose) and the person; the
 * people linkage creates or merges are audited as the system's linkage of the batch (no IP: it
 * is one act for several callers), in the same transaction as the declarations naming them.
 */
import type { TriageResult } from '@epilink/core';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, systemAccess } from '../access/context.ts';
import { auditInsertGroups } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { Database, Db, DbOrTx } from '../db/client.ts';
import type { DeferredWrites } from '../db/deferred.ts';
import { queryNamed } from '../db/named.ts';
import { MicroBatcher } from '../db/microBatch.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';
import { publishEvents, publishEventsCtes } from '../events/publish.ts';
import { linkInto } from '../registry/linkage/ingest.ts';
import type { IncomingPerson } from '../registry/linkage/ingest.ts';
import { responseWithoutDcc, verifiedDccOf } from './dcc.ts';
import {
  channelOf,
  identityRecord,
  knownPerson,
  linkedId,
  prepareSubmission,
  submitDeclaration,
} from './submit.ts';
import type { Prepared, SubmitInput, SubmitOutcome } from './submit.ts';
import { triageKept, versionsUnchanged } from './triage.ts';

/** One submission, checked and triaged, waiting for its batch. */
export interface BatchedDeclaration {
  access: Access;
  origin: AuditOrigin;
  provinceCode: string;
  input: SubmitInput;
  prepared: Prepared;
  /** The person by record id (a citizen's own or one in their care); null: `identity` is linked. */
  known: { personId: string; declaredBy: 'self' | 'household' } | null;
  identity: IncomingPerson | null;
  triage: TriageResult & { ruleId: string | null; versions: string };
}

/**
 * Check a submission of a citizen or of someone without an account for the group commit: the
 * questionnaire version and answers, the person by record id or the identity to link, the triage
 * by the kept rule versions (a refusal is thrown here, to its own request).
 */
export async function checkForGroup(
  db: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  provinceCode: string,
  input: SubmitInput,
  checked?: Prepared,
): Promise<BatchedDeclaration> {
  const prepared = checked ?? (await prepareSubmission(db, provinceCode, input));
  const known = await knownPerson(db, access, input);
  const identity = known ? null : identityRecord(input, prepared.place, prepared.passport);
  const triage = await triageKept(db, prepared.answers, prepared.day, verifiedDccOf(prepared.dcc));
  return {
    access,
    origin,
    provinceCode,
    input,
    prepared,
    known:
      known === null
        ? null
        : { personId: known.personId, declaredBy: known.declaredBy === 'self' ? 'self' : 'household' },
    identity,
    triage,
  };
}

/** The batch cannot be stored as one: its submissions go alone (see the module note). */
class OneByOne extends Error {}

const TOPIC: OutboxTopic = 'declaration.submitted';

/**
 * Store a batch of declarations (no replays, one triage version) with ONE statement and no
 * explicit transaction: linkage's reads go first on their own (under READ COMMITTED a transaction
 * around them would read the same), then a single data-modifying statement — itself a transaction
 * — writes every declaration, audit row, outbox event and live event with linkage's people, keys,
 * merges, reviews, audit rows and event. Its guard (`epilink_batch_guard`, migration 0078) fails
 * the statement, so nothing is written, when a triage version was published meanwhile or a
 * submission was stored already; the batcher then sends each submission alone. Two round trips
 * for a batch with declarants to link, one without (begin and commit were two more). When the
 * flagged ones' live events do not fit one notification, the statement and `publishEvents` share
 * a transaction.
 */
export async function recordDeclarations(
  db: Db,
  items: readonly BatchedDeclaration[],
): Promise<SubmitOutcome[]> {
  const submissionIds = new Set(items.map((i) => i.input.submissionId));
  if (submissionIds.size !== items.length) throw new OneByOne('the same submission twice in a batch');
  const versions = items[0]!.triage.versions;
  if (items.some((i) => i.triage.versions !== versions)) throw new OneByOne('triage versions differ');
  const toLink = items.flatMap((item, i) => (item.known ? [] : [i]));
  const linked = new Map<number, string>();
  // Linkage's writes — people, keys, merges, reviews, name deltas; its audit rows and event — are
  // handed over, written by the storing statement below.
  const linkage: DeferredWrites = { audit: [], outbox: [], events: [] };
  const linkageInserts: SQL[] = [];
  if (toLink.length > 0) {
    const outcomes = await linkInto(
      db,
      systemAccess('declarations: record linkage of a declarant'),
      { ip: null },
      toLink.map((i) => items[i]!.identity!),
      { writes: linkageInserts, deferred: linkage },
    );
    toLink.forEach((i, k) => linked.set(i, linkedId(outcomes[k]!)));
  }
  const authored = new Date().toISOString();
  const outcomes: SubmitOutcome[] = [];
  const rows: Record<string, unknown>[] = [];
  const queued: { topic: OutboxTopic; payload: Record<string, unknown> }[] = [...linkage.outbox];
  const audits: Parameters<typeof auditInsertGroups>[0][number][] = [...linkage.audit];
  const events: Parameters<typeof publishEvents>[1][number][] = [...linkage.events];
  items.forEach((item, i) => {
    const { access, origin, input, prepared: p, triage } = item;
    const id = randomUUID();
    const personId = item.known?.personId ?? linked.get(i)!;
    const declaredBy = item.known?.declaredBy ?? (input.forOther ? 'household' : 'self');
    const channel = channelOf(access);
    const flagStatus = triage.flagged ? 'open' : 'none';
    rows.push({
      id,
      submission_id: input.submissionId,
      questionnaire_id: p.q.id,
      kind: p.q.kind,
      person_id: personId,
      declared_by: declaredBy,
      channel,
      submitted_by: actorId(access),
      response: { ...responseWithoutDcc(p.response), authored },
      day: p.day,
      action: triage.action,
      reasons: triage.reasons,
      triage_rule_id: triage.ruleId,
      flag_status: flagStatus,
      dcc: p.dcc,
      ...{ province_code: p.place.provinceCode, district_code: p.place.districtCode },
      commune_code: p.place.communeCode,
    });
    audits.push({
      access,
      origin,
      entries: [
        {
          action: 'create',
          entity: 'declaration',
          entityId: id,
          personId,
          fields: ['response', 'triage'],
          details: { kind: p.q.kind, version: p.q.version, channel, declaredBy, dcc: p.dcc?.status ?? null },
        },
      ],
    });
    queued.push({
      topic: TOPIC,
      payload: {
        declarationId: id,
        personId,
        kind: p.q.kind,
        action: triage.action,
        flagged: triage.flagged,
        communeCode: p.place.communeCode,
      },
    });
    if (triage.flagged) events.push({ kind: 'declaration', id, personId, place: p.place });
    outcomes.push({
      id,
      submissionId: input.submissionId,
      kind: p.q.kind,
      personId,
      action: triage.action,
      flagged: triage.flagged,
      reasons: triage.reasons,
      flagStatus,
      replayed: false,
      districtCode: p.place.districtCode,
      communeCode: p.place.communeCode,
      dcc: p.dcc,
    });
  });
  // The flagged ones' live events in the same statement when they fit one notification.
  const live = publishEventsCtes(events);
  const statement = sql`with ${sql.join(
    linkageInserts.map((write, i) => sql`${sql.raw(`linked${i}`)} as (${write}), `),
    sql``,
  )}fresh as (select ${versionsUnchanged(versions)} as ok),
      d as (insert into declarations (id, submission_id, questionnaire_id, kind, person_id, declared_by,
          channel, submitted_by, paper, response, day, action, reasons, triage_rule_id, flag_status, dcc,
          province_code, district_code, commune_code)
        select x.id, x.submission_id, x.questionnaire_id, x.kind, x.person_id, x.declared_by, x.channel,
          x.submitted_by, false, x.response, x.day, x.action, x.reasons, x.triage_rule_id, x.flag_status, x.dcc,
          x.province_code, x.district_code, x.commune_code
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, submission_id uuid,
          questionnaire_id uuid, kind text, person_id uuid, declared_by text, channel text, submitted_by uuid,
          response jsonb, day date, action text, reasons jsonb, triage_rule_id uuid, flag_status text, dcc jsonb,
          province_code text, district_code text, commune_code text), fresh
        where fresh.ok
        on conflict (submission_id) do nothing
        returning id),
      audited as (${auditInsertGroups(audits)}),
      queued as (insert into outbox (topic, payload)
        select x.topic, x.payload from jsonb_to_recordset(${JSON.stringify(queued)}::jsonb) as x(topic text, payload jsonb))${
          live ? sql`, ${live.ctes}` : sql``
        }
      select epilink_batch_guard((select ok from fresh) and (select count(*) from d) = ${items.length}::int,
          'a triage version was published or a submission was stored already') as stored${
            live ? sql`, ${live.evaluate} as notified` : sql``
          }`;
  try {
    if (live || events.length === 0) await queryNamed(db, 'epilink_declarations_batch', statement);
    else
      await db.transaction(async (tx) => {
        await queryNamed(tx, 'epilink_declarations_batch', statement);
        await publishEvents(tx, events);
      });
  } catch (e) {
    // A newer triage version, or a submission stored already (a retry): each goes alone.
    if (isBatchRefused(e)) throw new OneByOne('a triage version was published or a submission was stored');
    throw e;
  }
  return outcomes;
}

/** Whether `e` is the storing statement's guard refusing the batch (SQLSTATE EL001). */
function isBatchRefused(e: unknown): boolean {
  for (let c: unknown = e; c && typeof c === 'object'; c = (c as { cause?: unknown }).cause)
    if ((c as { code?: unknown }).code === 'EL001') return true;
  return false;
}

/** One batcher per database (its pool, or the PGlite instance). */
const batchers = new WeakMap<object, MicroBatcher<BatchedDeclaration, SubmitOutcome>>();

/**
 * Batches in flight at once (connections used) and submissions per batch. One at a time while
 * fewer than a batch's worth wait: the submissions arriving while a batch is stored wait for the
 * next one, so batches grow with the rate and each transaction's fixed cost (begin, statements
 * parsed and planned, commit and its WAL flush, linkage's statements) is shared by more
 * declarations. With three always allowed a batch held about a third as many; at 100/s (open
 * loop, load 13, 4 Dec) three stored 3.8-21 declarations per transaction for 2.6 ms node + 2.9 ms
 * PostgreSQL CPU per declaration, one 14-61 for 2.3 + 2.3 ms (bench/load/declarations-ab.ts). Once
 * a full batch waits, up to three run (one alone capped the rate at 128 per batch duration: 200/s
 * at load 11). A lone submission is still sent at once.
 */
const LIMITS = { maxInFlight: 1, maxItems: 128, maxInFlightWhenFull: 3 };

/**
 * Submit a checked declaration with the others arriving at the same time (group commit); answers
 * once its transaction has committed. Alone (a quiet moment, or a batch sent one by one) it goes
 * through `submitDeclaration` in its own transaction, exactly as before.
 */
export function submitGrouped(database: Database, item: BatchedDeclaration): Promise<SubmitOutcome> {
  return batcherOf(database).submit(item);
}

/** Batches sent and submissions answered so far by `database`'s group commit (tests, benchmarks). */
export function groupCommitStats(database: Database): { batches: number; items: number } {
  const { batches, items } = batcherOf(database).stats;
  return { batches, items };
}

function batcherOf(database: Database): MicroBatcher<BatchedDeclaration, SubmitOutcome> {
  const key: object = database.pool ?? database.pglite ?? database.db;
  let batcher = batchers.get(key);
  if (!batcher) {
    batcher = new MicroBatcher<BatchedDeclaration, SubmitOutcome>(async (items) => {
      if (items.length > 1) return recordDeclarations(database.db, items);
      const { access, origin, provinceCode, input, prepared } = items[0]!;
      return [
        await database.db.transaction((tx) =>
          submitDeclaration(tx, access, origin, provinceCode, input, prepared),
        ),
      ];
    }, LIMITS);
    batchers.set(key, batcher);
  }
  return batcher;
}
