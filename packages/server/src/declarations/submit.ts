/**
 * Submit a declaration (citizen signed in, anonymous, or staff from paper), in the request's
 * transaction: the same client submission id twice is one declaration (the unique id decides in
 * the statement that stores; a retry, even a concurrent one, gets the first's answer); the answers are checked
 * against the questionnaire version they answer; the person is the caller's own record (or one in
 * their care), or found/created through record linkage; triage by the rule in force on the day; a
 * flag opens the person's entry on the commune's review list (live event); audit and outbox inside.
 */
import { AppError, addDays, collectAnswers, today, validateResponse } from '@epilink/core';
import type { QuestionnaireResponse, TriageAction } from '@epilink/core';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, citizenPersonIds, scopeFor, systemAccess } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx, Tx } from '../db/client.ts';
import { adminUnits, declarations, persons } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import type { IncomingPerson, IngestOutcome } from '../registry/linkage/ingest.ts';
import { DatabaseCache } from './cache.ts';
import { dccTextOf, responseWithoutDcc, triageAnswers, verifiedDccOf, verifyDcc } from './dcc.ts';
import type { DccVerdict } from './dcc.ts';
import { questionnaireById, supersedingVersion } from './questionnaires.ts';
import { storeDeclaration } from './store.ts';
import { triageKept } from './triage.ts';

/** Days a superseded questionnaire version is still accepted (a form opened offline before). */
export const SUPERSEDED_GRACE_DAYS = 7;

/** Identity of someone declared for without a record id (linked through record linkage). */
export interface DeclaredIdentity {
  fullName: string;
  dateOfBirth?: string | null | undefined;
  sex?: 'male' | 'female' | null | undefined;
  idNumber?: string | null | undefined;
  passport?: string | null | undefined;
  phone?: string | null | undefined;
}

/** What a submission carries. */
export interface SubmitInput {
  submissionId: string;
  questionnaireId: string;
  /** The commune the declarant stays in (in the province): the declaration's jurisdiction. */
  communeCode: string;
  response: unknown;
  personId?: string | undefined;
  person?: DeclaredIdentity | undefined;
  /** For someone else: a household member or guardian (citizen or anonymous). */
  forOther?: boolean | undefined;
  paper?: boolean | undefined;
}

/** A stored declaration's answer to its submitter. */
export interface SubmitOutcome {
  id: string;
  submissionId: string;
  kind: string;
  personId: string;
  action: TriageAction;
  flagged: boolean;
  reasons: string[];
  flagStatus: string;
  replayed: boolean;
  /** Where it was declared (the suggested test is looked for there). */
  districtCode: string | null;
  communeCode: string | null;
  /** The server's verdict on a scanned DCC (null: none scanned). */
  dcc: DccVerdict | null;
}

/** The stored declaration of a submission id, answered as a replay (null: none stored). */
export async function storedSubmission(tx: DbOrTx, submissionId: string): Promise<SubmitOutcome | null> {
  const [row] = await tx
    .select({
      id: declarations.id,
      kind: declarations.kind,
      personId: declarations.personId,
      action: declarations.action,
      reasons: declarations.reasons,
      flagStatus: declarations.flagStatus,
      districtCode: declarations.districtCode,
      communeCode: declarations.communeCode,
      dcc: declarations.dcc,
    })
    .from(declarations)
    .where(eq(declarations.submissionId, submissionId));
  if (!row) return null;
  const flagged = row.action === 'test' || row.action === 'isolateAndTest';
  return { ...row, dcc: row.dcc as DccVerdict | null, submissionId, flagged, replayed: true };
}

/**
 * The live communes of the province by code, kept a minute per database (units change by decree,
 * rarely; a submission need not read one each time).
 */
const communes = new DatabaseCache<{ provinceCode: string; districtCode: string | null }>(60_000, 2000);

async function communeOf(tx: DbOrTx, provinceCode: string, communeCode: string) {
  const u = await communes.get(tx, `${provinceCode}:${communeCode}`, async () => {
    const [row] = await tx
      .select({ districtCode: adminUnits.parentCode, provinceCode: adminUnits.provinceCode })
      .from(adminUnits)
      .where(
        and(
          eq(adminUnits.code, communeCode),
          eq(adminUnits.level, 'commune'),
          eq(adminUnits.provinceCode, provinceCode),
          isNull(adminUnits.validTo),
        ),
      );
    return row;
  });
  if (!u) throw new AppError('UNKNOWN_CODE', { params: { code: communeCode } });
  return { provinceCode: u.provinceCode, districtCode: u.districtCode, communeCode };
}

/** The person declared for by record id (no linkage), and who declared; null: by identity. */
export async function knownPerson(
  tx: DbOrTx,
  access: Access,
  input: SubmitInput,
): Promise<{ personId: string; declaredBy: 'self' | 'household' | 'staff' } | null> {
  if (input.personId === undefined) return null;
  const kind = access.actor.kind;
  if (kind === 'citizen') {
    if (!citizenPersonIds(access).includes(input.personId)) throw new AppError('NOT_FOUND');
    const self = access.actor.kind === 'citizen' && access.actor.personId === input.personId;
    return { personId: input.personId, declaredBy: self ? 'self' : 'household' };
  }
  if (kind !== 'user') throw new AppError('NOT_FOUND');
  const [p] = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, input.personId), isNull(persons.mergedInto), scopeFor(access, persons)));
  if (!p) throw new AppError('NOT_FOUND');
  return { personId: p.id, declaredBy: 'staff' };
}

/** The linkage record of the person declared for by identity (refused when there is none). */
export function identityRecord(
  input: SubmitInput,
  place: { provinceCode: string; districtCode: string | null; communeCode: string },
  passport: string | null,
): IncomingPerson {
  const who = input.person;
  if (!who)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'person', messageKey: 'errors.field.required' }],
    });
  return {
    source: 'declaration',
    fullName: who.fullName,
    dateOfBirth: who.dateOfBirth ?? null,
    sex: who.sex ?? null,
    cccd: who.idNumber ?? null,
    passport: who.passport ?? passport,
    phone: who.phone ?? null,
    ...place,
  };
}

/** The person record linkage chose for an ingested record (a match is its survivor). */
export function linkedId(outcome: IngestOutcome): string {
  return outcome.decision === 'merged' && outcome.matchedId ? outcome.matchedId : outcome.personId;
}

/** The person declared for by identity, through record linkage (in the caller's savepoint). */
async function linkedPerson(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  input: SubmitInput,
  place: { provinceCode: string; districtCode: string | null; communeCode: string },
  passport: string | null,
): Promise<{ personId: string; declaredBy: 'self' | 'household' | 'staff' }> {
  const kind = access.actor.kind;
  const record = identityRecord(input, place, passport);
  const [outcome] = await ingestPersons(
    tx,
    kind === 'user' ? access : systemAccess('declarations: record linkage of a declarant'),
    origin,
    [record],
    kind === 'user' ? { within: access } : {},
  );
  const personId = linkedId(outcome!);
  if (kind === 'user') return { personId, declaredBy: 'staff' };
  return { personId, declaredBy: input.forOther ? 'household' : 'self' };
}

function answerString(response: QuestionnaireResponse, linkId: string): string | null {
  const a = collectAnswers(response).get(linkId)?.[0];
  return a?.valueString ?? null;
}

/** Thrown inside the linkage savepoint when the submission was already stored: rolls the linkage back. */
class Replayed extends Error {}

/** What `prepareSubmission` checked and derived (questionnaire, day, answers, place, DCC verdict). */
export type Prepared = Awaited<ReturnType<typeof prepareSubmission>>;

/** Everything checked before the person is known (a failure may still be a replay, see below). */
export async function prepareSubmission(tx: DbOrTx, provinceCode: string, input: SubmitInput) {
  const q = await questionnaireById(tx, input.questionnaireId);
  if (!q) throw new AppError('NOT_FOUND');
  const day = today();
  if (q.effectiveFrom > day) throw new AppError('NOT_FOUND');
  const newer = await supersedingVersion(tx, q, day);
  // Superseded: accepted for a few days (a form opened offline), then refused.
  if (newer && newer.effectiveFrom < addDays(day, -SUPERSEDED_GRACE_DAYS))
    throw new AppError('CONFLICT', {
      details: [{ path: 'questionnaireId', messageKey: 'declarations.errors.superseded' }],
    });
  const response = validateResponse(q.resource, input.response);
  const place = await communeOf(tx, provinceCode, input.communeCode);
  const passport = q.kind === 'entry' ? answerString(response, 'passport.number') : null;
  const answers = collectAnswers(response);
  // A scanned DCC counts as the server verified it, never as the device claimed (dcc.ts).
  const hc1 = dccTextOf(answers);
  const dcc = hc1 === null ? null : await verifyDcc(tx, hc1, new Date());
  return { q, day, response, place, passport, answers: triageAnswers(answers, dcc), dcc };
}

/** The channel a declaration came through, by who sent it. */
export function channelOf(access: Access): 'staff' | 'citizen' | 'anonymous' {
  return access.actor.kind === 'user' ? 'staff' : access.actor.kind === 'citizen' ? 'citizen' : 'anonymous';
}

/**
 * Submit a declaration (idempotent by `submissionId`: the unique submission id decides, in the
 * statement that stores — `store.ts`; a retry gets the first declaration's answer).
 */
export async function submitDeclaration(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  provinceCode: string,
  input: SubmitInput,
  prepared?: Prepared,
): Promise<SubmitOutcome> {
  let p: Prepared;
  try {
    p = prepared ?? (await prepareSubmission(tx, provinceCode, input));
  } catch (e) {
    // A retry of a stored submission answers as before even if its version has been superseded since.
    const before = await storedSubmission(tx, input.submissionId);
    if (before) return before;
    throw e;
  }
  const { q, day, response, place, dcc } = p;
  const channel = channelOf(access);
  const id = randomUUID();
  let triage = await triageKept(tx, p.answers, day, verifiedDccOf(dcc));
  const store = async (db: DbOrTx, who: { personId: string; declaredBy: 'self' | 'household' | 'staff' }) => {
    for (let attempt = 0; ; attempt++) {
      const flagStatus = triage.flagged ? ('open' as const) : ('none' as const);
      const outcome = await storeDeclaration(
        db,
        access,
        origin,
        {
          id,
          submissionId: input.submissionId,
          questionnaireId: q.id,
          kind: q.kind,
          ...who,
          channel,
          submittedBy: actorId(access),
          paper: access.actor.kind === 'user' && input.paper === true,
          response: { ...responseWithoutDcc(response), authored: new Date().toISOString() },
          day,
          action: triage.action,
          reasons: triage.reasons,
          triageRuleId: triage.ruleId,
          flagStatus,
          dcc,
          ...place,
        },
        {
          action: 'create',
          entity: 'declaration',
          entityId: id,
          personId: who.personId,
          fields: ['response', 'triage'],
          details: {
            kind: q.kind,
            version: q.version,
            channel,
            declaredBy: who.declaredBy,
            dcc: dcc?.status ?? null,
          },
        },
        {
          declarationId: id,
          personId: who.personId,
          kind: q.kind,
          action: triage.action,
          flagged: triage.flagged,
          communeCode: place.communeCode,
        },
        triage.versions,
      );
      if (outcome !== 'staleTriage') return outcome;
      // A version of the triage rule was published since this process read them: triage again.
      if (attempt >= 2) throw new Error('declaration.triage changed during three submissions in a row');
      triage = await triageKept(db, p.answers, day, verifiedDccOf(dcc), true);
    }
  };
  let who = await knownPerson(tx, access, input);
  if (who) {
    if ((await store(tx, who)) === 'replay') return (await storedSubmission(tx, input.submissionId))!;
  } else {
    // Record linkage and the store share a savepoint: a replay rolls the linkage back.
    try {
      who = await tx.transaction(async (inner) => {
        const linked = await linkedPerson(inner, access, origin, input, place, p.passport);
        if ((await store(inner, linked)) === 'replay') throw new Replayed();
        return linked;
      });
    } catch (e) {
      if (e instanceof Replayed) return (await storedSubmission(tx, input.submissionId))!;
      throw e;
    }
  }
  const { personId } = who;
  if (triage.flagged) await publishEvents(tx, [{ kind: 'declaration', id, personId, place }]);
  return {
    id,
    submissionId: input.submissionId,
    kind: q.kind,
    personId,
    action: triage.action,
    flagged: triage.flagged,
    reasons: triage.reasons,
    flagStatus: triage.flagged ? 'open' : 'none',
    replayed: false,
    districtCode: place.districtCode,
    communeCode: place.communeCode,
    dcc,
  };
}
