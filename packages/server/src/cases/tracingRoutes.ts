/** Tracer worklist, tracers, chain graph, clusters, epidemiological status (person page and citizen), outbreaks. */
import { AppError } from '@epilink/core';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { citizenPersonIds, scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { cases, diseases, outbreaks, personEpiStatus, persons, users } from '../db/schema/index.ts';
import { personField } from '../http/personalData.ts';
import { defineRoute } from '../http/route.ts';
import { findUnit } from '../registry/units/repository.ts';
import { chainGraph, clusters } from './chain.ts';
import { epiStatusSchema } from './presenter.ts';
import { worklistRoute } from './worklist.ts';

const uuid = z.uuid();
const code5 = z.string().regex(/^\d{5}$/u);

const chainQuery = z.strictObject({
  diseaseCode: z.string().max(40).default('COVID-19'),
  outbreakId: uuid.optional(),
  communeCode: code5.optional(),
  personId: uuid.optional(),
  days: z.coerce.number().int().min(1).max(365).default(60),
  maxNodes: z.coerce.number().int().min(1).max(100_000).default(30_000),
});

const epiItem = epiStatusSchema;

export const tracingRoutes = [
  worklistRoute,
  defineRoute({
    method: 'GET',
    url: '/api/tracing/tracers',
    summary: 'Officials of your jurisdiction who may trace (for assignment)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: false,
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          displayName: z.string(),
          role: z.string(),
          communeCode: z.string().nullable(),
        }),
      ),
    }),
    async handler({ deps, access }) {
      const rows = await deps.database.db
        .select({
          id: users.id,
          displayName: users.displayName,
          role: users.role,
          communeCode: users.communeCode,
        })
        .from(users)
        .where(
          and(
            eq(users.active, true),
            scopeFor(access, users),
            inArray(users.role, ['tracer', 'commune_officer', 'district_officer']),
          ),
        )
        .orderBy(asc(users.displayName))
        .limit(500);
      return { items: rows };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/tracing/graph',
    summary:
      'Transmission chain graph around the cases in your jurisdiction (outbreak, commune or one person’s component)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: true,
    query: chainQuery,
    response: z.object({
      nodes: z.array(
        z.object({
          id: z.string(),
          /** The person's name (a marked person field: the matrix derives from it). */
          label: personField(z.string().nullable()),
          caseId: z.string().nullable(),
          classification: z.string().nullable(),
          degree: z.number().nullable(),
          proposedDegree: z.number().nullable(),
          status: z.string(),
          communeCode: z.string().nullable(),
        }),
      ),
      edges: z.array(
        z.object({
          id: z.string(),
          from: z.string(),
          to: z.string(),
          status: z.string(),
          exposureType: z.string(),
        }),
      ),
      truncated: z.boolean(),
      /** People of the chain outside your jurisdiction: counted, never shown. */
      outsideJurisdiction: z.number(),
    }),
    async handler({ deps, access, query, origin }) {
      const { db } = deps.database;
      return db.transaction(async (tx) => {
        const graph = await chainGraph(tx, access, query);
        await writeAudit(tx, access, origin, {
          action: 'search',
          entity: 'chain_graph',
          fields: ['names', 'degrees'],
          details: { nodes: graph.nodes.length, named: graph.nodes.filter((n) => n.label !== null).length },
        });
        return graph;
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/tracing/clusters',
    summary:
      'Clusters: connected components of the contact graph with their timeline, and venue clusters (policy cluster.venueMinCases)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: true,
    query: chainQuery,
    response: z.object({
      clusters: z.array(
        z.object({
          id: z.string(),
          size: z.number(),
          caseCount: z.number(),
          /** Members inside your jurisdiction; the others are only counted. */
          personIds: z.array(z.string()),
          outsideJurisdiction: z.number(),
          timeline: z.array(z.object({ date: z.string(), cases: z.number(), contacts: z.number() })),
        }),
      ),
      venueClusters: z.array(
        z.object({
          venueId: z.string(),
          venueName: z.string(),
          from: z.string(),
          to: z.string(),
          caseIds: z.array(z.string()),
        }),
      ),
    }),
    async handler({ deps, access, query, origin }) {
      const { db } = deps.database;
      return db.transaction(async (tx) => {
        const result = await clusters(tx, access, query);
        const shown = [...new Set(result.clusters.flatMap((c) => c.personIds))];
        await writeAudit(tx, access, origin, [
          {
            action: 'search',
            entity: 'clusters',
            fields: ['clusters'],
            details: { clusters: result.clusters.length, people: shown.length },
          },
          ...shown.map((personId) => ({
            action: 'read' as const,
            entity: 'cluster_member',
            personId,
            fields: ['cluster'],
          })),
        ]);
        return result;
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/persons/:id/epi-status',
    summary:
      'A person’s epidemiological status per disease (F0, F1…, cleared, recovered), derived from the graph',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    response: z.object({ items: z.array(epiItem) }),
    async handler({ deps, access, params, origin }) {
      const { db } = deps.database;
      const [p] = await db
        .select({ id: persons.id })
        .from(persons)
        .where(and(eq(persons.id, params.id), scopeFor(access, persons)));
      if (!p) throw new AppError('NOT_FOUND');
      const items = await db.select().from(personEpiStatus).where(eq(personEpiStatus.personId, p.id));
      await writeAudit(db, access, origin, {
        action: 'read',
        entity: 'epi_status',
        personId: p.id,
        fields: ['epiStatus'],
      });
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/epi-status',
    summary: 'My epidemiological status and that of household members in my care',
    tags: ['citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    response: z.object({ items: z.array(epiItem.extend({ personId: z.string() })) }),
    async handler({ deps, access, origin }) {
      const { db } = deps.database;
      const ids = citizenPersonIds(access);
      if (ids.length === 0) return { items: [] };
      const items = await db.select().from(personEpiStatus).where(inArray(personEpiStatus.personId, ids));
      await writeAudit(
        db,
        access,
        origin,
        ids.map((personId) => ({
          action: 'read' as const,
          entity: 'epi_status',
          personId,
          fields: ['epiStatus'],
        })),
      );
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/outbreaks',
    summary: 'Outbreaks (optional grouping of cases), with the count of their cases in your jurisdiction',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: false,
    query: z.strictObject({ diseaseCode: z.string().max(40).optional() }),
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          diseaseCode: z.string(),
          name: z.string(),
          provinceCode: z.string(),
          startedOn: z.string(),
          endedOn: z.string().nullable(),
          caseCount: z.number(),
        }),
      ),
    }),
    async handler({ deps, access, query }) {
      const { db } = deps.database;
      const rows = await db
        .select()
        .from(outbreaks)
        .where(query.diseaseCode ? eq(outbreaks.diseaseCode, query.diseaseCode) : undefined)
        .orderBy(asc(outbreaks.startedOn));
      // Cases are counted only inside the caller's jurisdiction (a case's place is its person's).
      const counts =
        rows.length === 0
          ? []
          : await db
              .select({ outbreakId: cases.outbreakId, n: sql<number>`count(*)::int` })
              .from(cases)
              .where(
                and(
                  inArray(
                    cases.outbreakId,
                    rows.map((o) => o.id),
                  ),
                  scopeFor(access, cases),
                ),
              )
              .groupBy(cases.outbreakId);
      const countOf = new Map(counts.map((c) => [c.outbreakId, c.n]));
      return { items: rows.map((o) => ({ ...o, caseCount: countOf.get(o.id) ?? 0 })) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/outbreaks',
    summary: 'Declare an outbreak of a disease in the province',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:write' },
    personalData: false,
    body: z.strictObject({
      diseaseCode: z.string().min(1).max(40),
      name: z.string().trim().min(1).max(200),
      startedOn: z.iso.date(),
      note: z.string().trim().max(2000).nullable().optional(),
    }),
    response: z.object({ id: z.string() }),
    successStatus: 201,
    async handler({ deps, body, access, origin }) {
      const { db } = deps.database;
      const [disease] = await db
        .select({ code: diseases.code })
        .from(diseases)
        .where(eq(diseases.code, body.diseaseCode));
      if (!disease) throw new AppError('UNKNOWN_CODE', { params: { code: body.diseaseCode } });
      const province = await findUnit(db, deps.config.provinceCode);
      // The declaration and its audit row commit together.
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(outbreaks)
          .values({ ...body, provinceCode: province?.code ?? deps.config.provinceCode })
          .returning({ id: outbreaks.id });
        await writeAudit(tx, access, origin, {
          action: 'create',
          entity: 'outbreak',
          entityId: row!.id,
          fields: ['diseaseCode', 'name', 'startedOn', 'note'],
          details: { diseaseCode: body.diseaseCode, startedOn: body.startedOn },
        });
        return { id: row!.id };
      });
    },
  }),
];
