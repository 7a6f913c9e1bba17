import {
  AEFI_SERIOUS_CRITERIA,
  AEFI_SEVERITIES,
  AppError,
  COVERAGE_AGE_GROUPS,
  OVERDUE_GRACE_DAYS,
  addDays,
  today,
} from '@epilink/core';
import type { CoverageAgeGroup } from '@epilink/core';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { aefiFollowUps, aefiReports, persons, vaccinationStatus, vaccineLots } from '../db/schema/index.ts';
import { afterCursor, keyText, nextCursorSchema, orderByKey, pageOf, pageQuery } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { coverageReport } from './coverage.ts';
import { loadCensus } from './census.ts';
import { queueReminders } from './reminders.ts';
import { reportAefi } from './aefi.ts';

const ageGroups = Object.keys(COVERAGE_AGE_GROUPS) as [CoverageAgeGroup, ...CoverageAgeGroup[]];

/** The due list's order: the earliest due first (a person due for two diseases appears twice). */
const DUE_KEY: KeyPart[] = [
  { column: vaccinationStatus.nextDue, type: 'date' },
  { column: vaccinationStatus.personId, type: 'uuid' },
  { column: vaccinationStatus.disease, type: 'text' },
];

/** The AEFI list's order: newest first. */
const AEFI_KEY: KeyPart[] = [
  { column: aefiReports.createdAt, type: 'timestamptz' },
  { column: aefiReports.id, type: 'uuid' },
];

export const vaccinationReportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/coverage',
    summary:
      'Coverage of an age group on a day (same cohort: people in the group that day who reached ≥ 1 dose, the full schedule, a booster by then) over the loaded census, else the registry; doses from the rollup',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: false,
    query: z.strictObject({
      asOf: z.iso.date().optional(),
      groupBy: z.enum(['commune', 'district']).default('district'),
      ageGroup: z.enum(ageGroups).default('18+'),
      disease: z.string().max(40).default('covid19'),
    }),
    response: z.object({
      asOf: z.string(),
      ageGroup: z.string(),
      items: z.array(
        z.object({
          unitCode: z.string(),
          doses: z.number(),
          firstDose: z.number(),
          fullSchedule: z.number(),
          booster: z.number(),
          population: z.number(),
          firstDoseRate: z.number(),
          fullScheduleRate: z.number(),
          boosterRate: z.number(),
          denominator: z.enum(['census', 'registry']),
        }),
      ),
      census: z.object({ source: z.string(), referenceDate: z.string() }).nullable(),
    }),
    async handler({ deps, access, query }) {
      const asOf = query.asOf ?? today();
      const { items, census } = await coverageReport(deps.database.db, access, { ...query, asOf });
      return { asOf, ageGroup: query.ageGroup, items, census };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/census',
    summary:
      'Load the census (CSV commune_code,age_band,population) used as the coverage denominator; replaces the named communes, all lines checked first',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccine:manage' },
    personalData: false,
    body: z.strictObject({
      csv: z.string().min(1).max(500_000),
      source: z.string().trim().min(1).max(200),
      referenceDate: z.iso.date(),
    }),
    response: z.object({ communes: z.number(), rows: z.number(), population: z.number() }),
    async handler({ deps, access, origin, body }) {
      return deps.database.db.transaction((tx) => loadCensus(tx, access, origin, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/due',
    summary: 'Who is due or overdue for a next dose, by commune',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    query: z.strictObject({
      communeCode: z
        .string()
        .regex(/^\d{5}$/u)
        .optional(),
      asOf: z.iso.date().optional(),
      ...pageQuery(200, 1000),
    }),
    response: z.object({
      nextCursor: nextCursorSchema,
      items: z.array(
        z.object({
          personId: z.string(),
          fullName: z.string(),
          dateOfBirth: z.string().nullable(),
          communeCode: z.string().nullable(),
          nextDoseNumber: z.number().nullable(),
          nextDoseKind: z.string().nullable(),
          nextDue: z.string().nullable(),
          overdue: z.boolean(),
        }),
      ),
    }),
    async handler({ deps, access, query, origin }) {
      const asOf = query.asOf ?? today();
      const { db } = deps.database;
      const [k0, k1, k2] = keyText(DUE_KEY);
      const rows = await db
        .select({
          s: vaccinationStatus,
          fullName: persons.fullName,
          dateOfBirth: persons.dateOfBirth,
          k0: k0!,
          k1: k1!,
          k2: k2!,
        })
        .from(vaccinationStatus)
        .innerJoin(persons, eq(persons.id, vaccinationStatus.personId))
        .where(
          and(
            lte(vaccinationStatus.nextDue, asOf),
            isNull(persons.mergedInto),
            query.communeCode ? eq(vaccinationStatus.communeCode, query.communeCode) : undefined,
            scopeFor(access, vaccinationStatus),
            afterCursor(DUE_KEY, query.cursor, 'asc'),
          ),
        )
        .orderBy(...orderByKey(DUE_KEY, 'asc'))
        .limit(query.limit + 1);
      const page = pageOf(rows, query.limit, (r) => [r.k0, r.k1, r.k2]);
      const overdueBefore = addDays(asOf, -OVERDUE_GRACE_DAYS);
      await writeAudit(db, access, origin, {
        action: 'search',
        entity: 'vaccination_due',
        fields: ['summary'],
        details: { results: page.items.length },
      });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((r) => ({
          personId: r.s.personId,
          fullName: r.fullName,
          dateOfBirth: r.dateOfBirth,
          communeCode: r.s.communeCode,
          nextDoseNumber: r.s.nextDoseNumber,
          nextDoseKind: r.s.nextDoseKind,
          nextDue: r.s.nextDue,
          overdue: (r.s.nextDue ?? asOf) < overdueBefore,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/reminders',
    summary:
      'Queue SMS reminders (outbox) for everyone due in your jurisdiction not yet reminded for that dose; each is marked reminded only once sent',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:write' },
    personalData: true,
    body: z.strictObject({
      asOf: z.iso.date().optional(),
      communeCode: z
        .string()
        .regex(/^\d{5}$/u)
        .optional(),
    }),
    response: z.object({ queued: z.number() }),
    async handler({ deps, access, origin, body }) {
      const asOf = body.asOf ?? today();
      return deps.database.db.transaction(async (tx) => ({
        queued: await queueReminders(tx, access, origin, { asOf, communeCode: body.communeCode }),
      }));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/aefi',
    summary:
      'Report an adverse event following immunisation (severity and WHO seriousness criteria apart); two or more reports of the same event related in time and by lot or commune form a cluster (policy aefi.clusterRule); a lot cluster flags the lot',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'aefi:write' },
    personalData: true,
    successStatus: 201,
    body: z.strictObject({
      doseId: z.uuid(),
      onsetDate: z.iso.date(),
      symptoms: z.array(z.string().trim().min(1).max(80)).min(1).max(20),
      description: z.string().max(2000).optional(),
      severity: z.enum(AEFI_SEVERITIES),
      seriousCriteria: z.array(z.enum(AEFI_SERIOUS_CRITERIA)).max(4).default([]),
    }),
    response: z.object({
      id: z.string(),
      lotFlagged: z.boolean(),
      serious: z.boolean(),
      cluster: z
        .object({ event: z.string(), relatedBy: z.enum(['lot', 'commune']), reports: z.number() })
        .nullable(),
    }),
    async handler({ deps, access, origin, body }) {
      const r = await deps.database.db.transaction((tx) => reportAefi(tx, access, origin, body));
      return {
        id: r.id,
        lotFlagged: r.lotFlagged,
        serious: r.serious,
        cluster: r.cluster
          ? { event: r.cluster.event, relatedBy: r.cluster.relatedBy, reports: r.cluster.reportIds.length }
          : null,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vaccination/aefi',
    summary: 'AEFI reports in your jurisdiction (newest first, keyset-paginated) with their lot',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'vaccination:read' },
    personalData: true,
    query: z.strictObject(pageQuery(100, 500)),
    response: z.object({
      nextCursor: nextCursorSchema,
      items: z.array(
        z.object({
          id: z.string(),
          personId: z.string(),
          fullName: z.string(),
          onsetDate: z.string(),
          severity: z.string(),
          seriousCriteria: z.array(z.string()),
          serious: z.boolean(),
          status: z.string(),
          lotNumber: z.string().nullable(),
          lotFlagged: z.boolean(),
        }),
      ),
    }),
    async handler({ deps, access, origin, query }) {
      const { db } = deps.database;
      const [k0, k1] = keyText(AEFI_KEY);
      const rows = await db
        .select({
          r: aefiReports,
          fullName: persons.fullName,
          lotNumber: vaccineLots.lotNumber,
          flagged: vaccineLots.aefiFlaggedAt,
          k0: k0!,
          k1: k1!,
        })
        .from(aefiReports)
        .innerJoin(persons, eq(persons.id, aefiReports.personId))
        .leftJoin(vaccineLots, eq(vaccineLots.id, aefiReports.lotId))
        .where(and(scopeFor(access, aefiReports), afterCursor(AEFI_KEY, query.cursor, 'desc')))
        .orderBy(...orderByKey(AEFI_KEY, 'desc'))
        .limit(query.limit + 1);
      const page = pageOf(rows, query.limit, (r) => [r.k0, r.k1]);
      await writeAudit(db, access, origin, {
        action: 'search',
        entity: 'aefi_report',
        fields: ['summary'],
        details: { results: page.items.length },
      });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((x) => ({
          ...x.r,
          fullName: x.fullName,
          lotNumber: x.lotNumber,
          lotFlagged: x.flagged !== null,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vaccination/aefi/:id/follow-up',
    summary: 'Add a follow-up to an AEFI report (status, outcome, note)',
    tags: ['vaccination'],
    auth: { kind: 'user', permission: 'aefi:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({
      note: z.string().trim().min(1).max(2000),
      status: z.enum(['following_up', 'closed']),
      outcome: z.enum(['recovered', 'recovering', 'sequelae', 'died', 'unknown']).optional(),
    }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ deps, access, origin, params, body }) {
      return deps.database.db.transaction(async (tx) => {
        const [r] = await tx
          .select()
          .from(aefiReports)
          .where(and(eq(aefiReports.id, params.id), scopeFor(access, aefiReports)));
        if (!r) throw new AppError('NOT_FOUND');
        await tx.insert(aefiFollowUps).values({
          reportId: r.id,
          note: body.note,
          status: body.status,
          outcome: body.outcome ?? null,
          by: access.actor.kind === 'user' ? access.actor.userId : null,
        });
        await tx
          .update(aefiReports)
          .set({ status: body.status, outcome: body.outcome ?? r.outcome })
          .where(eq(aefiReports.id, r.id));
        await writeAudit(tx, access, origin, {
          action: 'update',
          entity: 'aefi_report',
          entityId: r.id,
          personId: r.personId,
          fields: ['followUp'],
        });
        return { ok: true as const };
      });
    },
  }),
];
