/**
 * The indicator API (issue #13, Contract A): indicators of a unit over a period, their CSV / xlsx
 * export, the adoption indicators, and the facilities' daily bed reports.
 */
import { AppError, today } from '@epilink/core';
import { PENDING_METRICS } from '@epilink/core/indicators/metrics';
import { checkPeriod } from '@epilink/core/indicators/query';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { adoptionByCommune } from './adoption.ts';
import { bedFacilities, recordBedReport } from './beds.ts';
import { dosesByAgeBand } from './doses-by-age.ts';
import {
  CSV_TABLES,
  childrenTable,
  coverageTable,
  dailyTable,
  dosesByAgeTable,
  indicatorsXlsx,
  tableCsv,
} from './export.ts';
import { readIndicators } from './read.ts';
import {
  adoptionQuery,
  adoptionResult,
  bedReportBody,
  bedReportResult,
  bedFacilitiesResult,
  dosesByAgeQuery,
  dosesByAgeResult,
  indicatorQuery,
  indicatorResult,
} from './schemas.ts';
import { resolveUnit, unitWithinJurisdiction } from './units.ts';

const wantsChildren = (v: string | undefined) => v === '1' || v === 'true';

async function read(tx: DbOrTx, access: Access, query: z.output<typeof indicatorQuery>) {
  const result = await readIndicators(tx, access, {
    unitCode: query.unit,
    from: query.from,
    to: query.to,
    ...(query.asOf ? { asOf: query.asOf } : {}),
    disease: query.disease,
    ...(query.metrics ? { metrics: query.metrics } : {}),
    children: wantsChildren(query.children),
  });
  const asked = Object.keys(result.series);
  return { ...result, pending: PENDING_METRICS.filter((m) => asked.includes(m)) };
}

/** Doses of the period by age band and dose kind: the unit checked as every indicator read. */
async function readDosesByAge(
  tx: DbOrTx,
  access: Access,
  query: { unit: string; from: string; to: string; asOf?: string | undefined; disease: string },
) {
  const asOf = query.asOf ?? today();
  checkPeriod(query.from, query.to, asOf);
  const unit = await resolveUnit(tx, query.unit, asOf);
  if (!(await unitWithinJurisdiction(tx, access, unit))) throw new AppError('NOT_FOUND');
  const bands = await dosesByAgeBand(tx, access, unit, { ...query, asOf });
  return { unit, asOf, bands };
}

export const indicatorRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/indicators',
    summary:
      'Indicators of a unit (province, district/health area, commune of the list in force on asOf) per day over a period, with totals, child units and coverage by age band (from the rollups)',
    tags: ['indicators'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: indicatorQuery,
    response: indicatorResult,
    handler: ({ tx, access, query }) => read(tx, access, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators/export',
    summary: 'The same indicators as a CSV (UTF-8 with BOM) or xlsx file, headers in the caller’s language',
    tags: ['indicators'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: indicatorQuery.extend({
      format: z.enum(['csv', 'xlsx']).default('csv'),
      table: z.enum(CSV_TABLES).default('daily'),
    }),
    response: null,
    async handler({ tx, access, query, lang, reply }) {
      const result = await read(tx, access, query);
      const name = `indicators-${result.unit.code}-${result.from}-${result.to}`;
      const wantsDoses = query.format === 'xlsx' || query.table === 'dosesByAge';
      const doses = wantsDoses ? (await readDosesByAge(tx, access, query)).bands : [];
      if (query.format === 'xlsx') {
        await reply
          .code(200)
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(await indicatorsXlsx(result, lang, doses));
      } else {
        const table =
          query.table === 'children'
            ? childrenTable(result, lang)
            : query.table === 'coverage'
              ? coverageTable(result, lang)
              : query.table === 'dosesByAge'
                ? dosesByAgeTable(doses, lang)
                : dailyTable(result, lang);
        const suffix = query.table === 'daily' ? '' : `-${query.table}`;
        await reply
          .code(200)
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}${suffix}.csv"`)
          .send(tableCsv(table));
      }
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators/doses-by-age',
    summary:
      'Doses given in a period by age band (at the dose date) and dose kind (first, second, booster, additional) for a unit of the list in force on asOf',
    tags: ['indicators'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: dosesByAgeQuery,
    response: dosesByAgeResult,
    async handler({ tx, access, query }) {
      const { unit, asOf, bands } = await readDosesByAge(tx, access, query);
      return {
        unit: { code: unit.code, name: unit.name, level: unit.level },
        from: query.from,
        to: query.to,
        asOf,
        disease: query.disease,
        bands,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators/adoption',
    summary:
      'Adoption by commune: registered vs active check-in points (7 days), citizens signed in this week, declarations per day; lowest first',
    tags: ['indicators'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: adoptionQuery,
    response: adoptionResult,
    async handler({ tx, access, query }) {
      const asOf = query.asOf ?? today();
      checkPeriod(asOf, asOf);
      const unit = await resolveUnit(tx, query.unit, asOf);
      if (!(await unitWithinJurisdiction(tx, access, unit))) throw new AppError('NOT_FOUND');
      const communes = await adoptionByCommune(tx, access, unit, asOf);
      return {
        unit: { code: unit.code, name: unit.name, level: unit.level },
        asOf,
        communes,
        pending: [],
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators/beds/facilities',
    summary:
      'Facilities in the caller’s jurisdiction that report beds, with their latest report (the beds form)',
    tags: ['indicators'],
    auth: { kind: 'user', permission: 'beds:report' },
    personalData: false,
    response: bedFacilitiesResult,
    handler: async ({ tx, access }) => ({ items: await bedFacilities(tx, access) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/indicators/beds',
    summary:
      'Report a facility’s hospital and ICU beds for a day (replaces that day’s earlier report; audited; also by API key with scope beds:report)',
    tags: ['indicators'],
    auth: { kind: 'user', permission: 'beds:report' },
    personalData: false,
    body: bedReportBody,
    response: bedReportResult,
    handler: ({ tx, access, body, audit }) => recordBedReport(tx, access, body, audit),
  }),
];
