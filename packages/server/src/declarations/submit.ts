/**
 * Submit a declaration (citizen signed in, anonymous, or staff from paper), in the request's
 * transaction: the same client submission id twice is one declaration (an advisory lock on the id
 * serialises concurrent retries; the second gets the first's answer); the answers are checked
 * against the questionnaire version they answer; the person is the caller's own record (or one in
 * their care), or found/created through record linkage; triage by the rule in force on the day; a
 * flag opens the person's entry on the commune's review list (live event); audit and outbox inside.
 */
import { AppError, addDays, collectAnswers, today, validateResponse } from '@epilink/core';
import type { QuestionnaireResponse, TriageAction } from '@epilink/core';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, citizenPersonIds, scopeFor, systemAccess } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, declarations, persons } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { ingestPersons } from '../registry/linkage/ingest.ts';
import { DatabaseCache } from './cache.ts';
import { dccTextOf, responseWithoutDcc, triageAnswers, verifyDcc } from './dcc.ts';
import type { DccVerdict } from './dcc.ts';
import { questionnaireById, supersedingVersion } from './questionnaires.ts';
import { triageOn } from './triage.ts';

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

async function existing(tx: DbOrTx, submissionId: string): Promise<SubmitOutcome | null> {
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

/** The person declared for, and who declared. */
async function personFor(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  input: SubmitInput,
  place: { provinceCode: string; districtCode: string | null; communeCode: string },
  passport: string | null,
): Promise<{ personId: string; declaredBy: 'self' | 'household' | 'staff' }> {
  const kind = access.actor.kind;
  if (input.personId !== undefined) {
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
  const who = input.person;
  if (!who)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'person', messageKey: 'errors.field.required' }],
    });
  // A savepoint in the request's transaction (ingestPersons takes a transaction).
  const [outcome] = await tx.transaction((inner) =>
    ingestPersons(
      inner,
      kind === 'user' ? access : systemAccess('declarations: record linkage of a declarant'),
      origin,
      [
        {
          source: 'declaration',
          fullName: who.fullName,
          dateOfBirth: who.dateOfBirth ?? null,
          sex: who.sex ?? null,
          cccd: who.idNumber ?? null,
          passport: who.passport ?? passport,
          phone: who.phone ?? null,
          ...place,
        },
      ],
      kind === 'user' ? { within: access } : {},
    ),
  );
  const personId =
    outcome!.decision === 'merged' && outcome!.matchedId ? outcome!.matchedId : outcome!.personId;
  if (kind === 'user') return { personId, declaredBy: 'staff' };
  return { personId, declaredBy: input.forOther ? 'household' : 'self' };
}

function answerString(response: QuestionnaireResponse, linkId: string): string | null {
  const a = collectAnswers(response).get(linkId)?.[0];
  return a?.valueString ?? null;
}

/** Submit a declaration (idempotent by `submissionId`). */
export async function submitDeclaration(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  provinceCode: string,
  input: SubmitInput,
): Promise<SubmitOutcome> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`declaration:${input.submissionId}`}))`);
  const before = await existing(tx, input.submissionId);
  if (before) return before;
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
  const { personId, declaredBy } = await personFor(tx, access, origin, input, place, passport);
  const answers = collectAnswers(response);
  // A scanned DCC counts as the server verified it, never as the device claimed (dcc.ts).
  const hc1 = dccTextOf(answers);
  const dcc = hc1 === null ? null : await verifyDcc(tx, hc1, new Date());
  const triage = await triageOn(tx, triageAnswers(answers, dcc), day);
  const channel =
    access.actor.kind === 'user' ? 'staff' : access.actor.kind === 'citizen' ? 'citizen' : 'anonymous';
  const flagStatus = triage.flagged ? ('open' as const) : ('none' as const);
  const [row] = await tx
    .insert(declarations)
    .values({
      submissionId: input.submissionId,
      questionnaireId: q.id,
      kind: q.kind,
      personId,
      declaredBy,
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
    })
    .returning({ id: declarations.id });
  const id = row!.id;
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'declaration',
    entityId: id,
    personId,
    fields: ['response', 'triage'],
    details: { kind: q.kind, version: q.version, channel, declaredBy, dcc: dcc?.status ?? null },
  });
  await enqueue(tx, 'declaration.submitted', {
    declarationId: id,
    personId,
    kind: q.kind,
    action: triage.action,
    flagged: triage.flagged,
    communeCode: place.communeCode,
  });
  if (triage.flagged) await publishEvents(tx, [{ kind: 'declaration', id, personId, place }]);
  return {
    id,
    submissionId: input.submissionId,
    kind: q.kind,
    personId,
    action: triage.action,
    flagged: triage.flagged,
    reasons: triage.reasons,
    flagStatus,
    replayed: false,
    districtCode: place.districtCode,
    communeCode: place.communeCode,
    dcc,
  };
}
