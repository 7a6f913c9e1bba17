/** The analytics API (issue #14): a unit's curves with nowcast, Rt, forecast and early-warning alarms. */
import { defineRoute } from '../http/route.ts';
import { unitAnalysisQuery, unitAnalysisResult } from './schemas.ts';
import { analyseUnit } from './unit.ts';
import { runScenarios, scenariosBody, scenariosResult } from './scenarios.ts';

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
  defineRoute({
    method: 'POST',
    url: '/api/analytics/scenarios',
    summary:
      'A unit’s baseline and up to 4 scenarios (contact reduction, doses a day, testing) of an age-structured SEIRV model seeded from the rollups, 90–180 days, with every assumption and its source',
    tags: ['analytics'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    body: scenariosBody,
    response: scenariosResult,
    handler: ({ tx, access, body }) => runScenarios(tx, access, body),
  }),
];
