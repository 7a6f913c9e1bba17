/** Tracer worklist, tracers, chain graph, clusters, epidemiological status (person page and citizen), outbreaks. */
import { AppError, today } from '@epilink/core';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { citizenPersonIds } from '../access/context.ts';
import { listAuditEntries } from '../audit/results.ts';
import { persons } from '../db/schema/index.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { personField } from '../http/personalData.ts';
import { defineRoute } from '../http/route.ts';
import { chainGraph, clusters } from './chain.ts';
import { declareOutbreak, epiStatusOf, listOutbreaks, listTracers } from './outbreaks.ts';
import { f1Guidance, guidanceSchema } from './guidance.ts';
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
    summary:
      'Officials of your jurisdiction who may trace (for assignment), by name, keyset-paginated (`cursor` = the previous page’s `nextCursor`)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: false,
    query: z.strictObject(pageQuery(500, 500)),
    response: z.object({
      /** The next page's cursor; null when this page is the last. */
      nextCursor: nextCursorSchema,
      items: z.array(
        z.object({
          id: z.string(),
          displayName: z.string(),
          role: z.string(),
          communeCode: z.string().nullable(),
        }),
      ),
    }),
    async handler({ tx, access, query }) {
      return listTracers(tx, access, query);
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
    async handler({ tx, access, query, audit }) {
      const graph = await chainGraph(tx, access, query);
      // One search row with the counts, then one read row per person shown (node ids are person ids).
      await audit(
        listAuditEntries(
          'chain_graph',
          graph.nodes.map((n) => n.id),
          { nodes: graph.nodes.length, named: graph.nodes.filter((n) => n.label !== null).length },
          ['names', 'degrees'],
        ),
      );
      return graph;
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
    async handler({ tx, access, query, audit }) {
      const result = await clusters(tx, access, query);
      const shown = [...new Set(result.clusters.flatMap((c) => c.personIds))];
      await audit([
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
    async handler({ tx, data, params, audit }) {
      const [p] = await data.persons(eq(persons.id, params.id));
      if (!p) throw new AppError('NOT_FOUND');
      const items = await epiStatusOf(tx, [p.id]);
      await audit({
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
    summary:
      'My epidemiological status and that of household members in my care; for an F1 under follow-up, what to do, until when, the exposure (venue and time, never the case), the hotlines and the booking page',
    tags: ['citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    response: z.object({
      items: z.array(epiItem.extend({ personId: z.string(), guidance: guidanceSchema.nullable() })),
    }),
    async handler({ tx, access, audit }) {
      const ids = citizenPersonIds(access);
      if (ids.length === 0) return { items: [] };
      // A probable contact ("candidate": proposed by the system, no tracer has looked yet) is not
      // shown to the citizen (#19 item 5); of a confirmed status only the confirmed degree is.
      const shown = (await epiStatusOf(tx, ids)).filter((i) => i.status !== 'candidate');
      const guidance = await f1Guidance(
        tx,
        shown.filter((i) => i.status === 'f1'),
        today(),
      );
      const items = shown.map((i) => ({
        ...i,
        proposedDegree: i.degree,
        guidance: guidance.get(`${i.personId}|${i.diseaseCode}`) ?? null,
      }));
      await audit(
        ids.map((personId) => ({
          action: 'read' as const,
          entity: 'epi_status',
          personId,
          fields: guidance.size > 0 ? ['epiStatus', 'guidance'] : ['epiStatus'],
        })),
      );
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/outbreaks',
    summary:
      'Outbreaks (optional grouping of cases), with the count of their cases in your jurisdiction (keyset-paginated: cursor, nextCursor)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: false,
    query: z.strictObject({ diseaseCode: z.string().max(40).optional(), ...pageQuery(200, 500) }),
    response: z.object({
      nextCursor: nextCursorSchema,
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
    async handler({ tx, access, query }) {
      return listOutbreaks(tx, access, query);
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
    async handler({ tx, body, deps, audit }) {
      // The chain's transaction: the declaration and its audit row commit (or roll back) together.
      const id = await declareOutbreak(tx, deps.config.provinceCode, body);
      await audit({
        action: 'create',
        entity: 'outbreak',
        entityId: id,
        fields: ['diseaseCode', 'name', 'startedOn', 'note'],
        details: { diseaseCode: body.diseaseCode, startedOn: body.startedOn },
      });
      return { id };
    },
  }),
];
