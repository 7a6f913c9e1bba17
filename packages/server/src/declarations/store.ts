/**
 * The one statement that stores a declaration (issue #15 item 1): the row, its audit row and its
 * outbox event in one data-modifying CTE, so an accepted declaration costs begin, this, commit.
 *
 * - The client's submission id is unique: `on conflict do nothing` makes a retry (even one racing
 *   the first, which waits on the index until the first commits) store nothing; the caller then
 *   answers with the first declaration. No advisory lock, no read before.
 * - The triage was decided with the versions of `declaration.triage` kept in this process
 *   (`triage.ts#triageKept`); the row is stored only while they are still the stored versions,
 *   checked in this statement's snapshot, so a published version is never missed: the caller
 *   re-triages with the versions read again.
 */
import { sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import type { AuditEntry, AuditOrigin } from '../audit/audit.ts';
import { auditInsert } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryNamed } from '../db/named.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';
import { versionsUnchanged } from './triage.ts';

/** A declaration row as stored (its id chosen by the caller). */
export interface DeclarationRow {
  id: string;
  submissionId: string;
  questionnaireId: string;
  kind: string;
  personId: string;
  declaredBy: 'self' | 'household' | 'staff';
  channel: 'citizen' | 'anonymous' | 'staff';
  submittedBy: string | null;
  paper: boolean;
  response: unknown;
  day: string;
  action: string;
  reasons: string[];
  triageRuleId: string | null;
  flagStatus: 'none' | 'open';
  dcc: unknown;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string;
}

const TOPIC: OutboxTopic = 'declaration.submitted';

/** What the statement did: stored, found the submission already stored, or found newer triage versions. */
export type StoreOutcome = 'stored' | 'replay' | 'staleTriage';

/** Store `row` with its audit entry and outbox event, unless a replay or the triage is stale. */
export async function storeDeclaration(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  row: DeclarationRow,
  audit: AuditEntry,
  outboxPayload: Record<string, unknown>,
  triageVersions: string,
): Promise<StoreOutcome> {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const [out] = await queryNamed<{ fresh: boolean; stored: boolean }>(
    tx,
    'epilink_declaration_store',
    sql`with fresh as (select ${versionsUnchanged(triageVersions)} as ok),
      d as (insert into declarations (id, submission_id, questionnaire_id, kind, person_id, declared_by,
          channel, submitted_by, paper, response, day, action, reasons, triage_rule_id, flag_status, dcc,
          province_code, district_code, commune_code)
        select ${row.id}::uuid, ${row.submissionId}::uuid, ${row.questionnaireId}::uuid, ${row.kind},
          ${row.personId}::uuid, ${row.declaredBy}, ${row.channel}, ${row.submittedBy}::uuid, ${row.paper},
          ${json(row.response)}::jsonb, ${row.day}::date, ${row.action}, ${json(row.reasons)}::jsonb,
          ${row.triageRuleId}::uuid, ${row.flagStatus}, ${json(row.dcc)}::jsonb, ${row.provinceCode},
          ${row.districtCode}, ${row.communeCode}
        from fresh where fresh.ok
        on conflict (submission_id) do nothing
        returning id),
      audited as (${auditInsert(access, origin, [audit], undefined, sql`exists (select 1 from d)`)}),
      queued as (insert into outbox (topic, payload)
        select ${TOPIC}, ${JSON.stringify(outboxPayload)}::jsonb from d)
      select (select ok from fresh) as fresh, exists (select 1 from d) as stored`,
  );
  if (!out?.fresh) return 'staleTriage';
  return out.stored ? 'stored' : 'replay';
}
