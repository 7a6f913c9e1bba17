import { AEFI_SERIOUS_CRITERIA, AEFI_SEVERITIES, COVERAGE_AGE_GROUPS, today } from '@epilink/core';
import type { CoverageAgeGroup } from '@epilink/core';
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { coverageReport } from './coverage-report.ts';
import { loadCensus } from './census.ts';
import { aefiList, dueList, followUpAefi } from './lists.ts';
import { queueReminders } from './reminders.ts';
import { reportAefi } from './aefi.ts';

const ageGroups = Object.keys(COVERAGE_AGE_GROUPS) as [CoverageAgeGroup, ...CoverageAgeGroup[]];

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
      /** The units to report in: the list in force on this day (default today's). */
      unitsAsOf: z.iso.date().optional(),
      groupBy: z.enum(['commune', 'district']).default('district'),
      ageGroup: z.enum(ageGroups).default('18+'),
      disease: z.string().max(40).default('covid19'),
    }),
    response: z.object({
      asOf: z.string(),
      unitsAsOf: z.string(),
      ageGroup: z.string(),
      items: z.array(
        z.object({
          unitCode: z.string(),
          unitName: z.string().nullable(),
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
    async handler({ tx, access, query }) {
      const asOf = query.asOf ?? today();
      const unitsAsOf = query.unitsAsOf ?? today();
      const { items, census } = await coverageReport(tx, access, { ...query, asOf, unitsAsOf });
      return { asOf, unitsAsOf, ageGroup: query.ageGroup, items, census };
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
    async handler({ tx, access, origin, body }) {
      return loadCensus(tx, access, origin, body);
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
    async handler({ tx, access, query, audit }) {
      const page = await dueList(tx, access, { ...query, asOf: query.asOf ?? today() });
      await audit({
        action: 'search',
        entity: 'vaccination_due',
        fields: ['summary'],
        details: { results: page.items.length },
      });
      return page;
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
    async handler({ tx, access, origin, body }) {
      const asOf = body.asOf ?? today();
      return { queued: await queueReminders(tx, access, origin, { asOf, communeCode: body.communeCode }) };
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
    async handler({ tx, access, origin, body }) {
      const r = await reportAefi(tx, access, origin, body);
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
    query: z.strictObject({
      ...pageQuery(100, 500),
      status: z.enum(['open', 'following_up', 'closed']).optional(),
      serious: z.enum(['true', 'false']).optional(),
    }),
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
    async handler({ tx, access, query, audit }) {
      const page = await aefiList(tx, access, {
        ...query,
        serious: query.serious === undefined ? undefined : query.serious === 'true',
      });
      await audit({
        action: 'search',
        entity: 'aefi_report',
        fields: ['summary'],
        details: { results: page.items.length },
      });
      return page;
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
    async handler({ tx, access, origin, params, body }) {
      await followUpAefi(tx, access, origin, params.id, body);
      return { ok: true as const };
    },
  }),
];
