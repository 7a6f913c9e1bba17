/** The analytics API (issue #14): a unit's curves with nowcast, Rt, forecast and early-warning alarms. */
import { defineRoute } from '../http/route.ts';
import { unitAnalysisQuery, unitAnalysisResult } from './schemas.ts';
import { analyseUnit } from './unit.ts';

export const analyticsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/analytics/unit',
    summary:
      'A unit’s last 120 days: epidemic curves by onset and report (rollups), nowcast of recent onsets, Rt (Cori, weekly windows), 14-day forecast (1,000 seeded simulations, 50/90 % intervals) and EARS C1–C3 alarms',
    tags: ['analytics'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: unitAnalysisQuery,
    response: unitAnalysisResult,
    handler: ({ tx, access, query }) => analyseUnit(tx, access, query),
  }),
];
