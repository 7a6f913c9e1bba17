/**
 * The indicator API (issue #13, Contract A): indicators of a unit over a period, their CSV / xlsx
 * export, the adoption indicators, and the facilities' daily bed reports.
 */
import { PENDING_METRICS } from '@epilink/core/indicators/metrics';
import { defineRoute } from '../http/route.ts';
import { readIndicators } from './read.ts';
import { indicatorQuery, indicatorResult } from './schemas.ts';

const wantsChildren = (v: string | undefined) => v === '1' || v === 'true';

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
    async handler({ tx, access, query }) {
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
    },
  }),
];
