/** The backtesting API (issue #14 item 6): stored forecasts scored against what happened. */
import { defineRoute } from '../../http/route.ts';
import { backtestUnit } from './backtest.ts';
import { backtestQuery, backtestResult } from './schemas.ts';

export const backtestRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/analytics/backtest',
    summary:
      'A unit’s stored 14-day forecasts made between from and to, scored against the cases by report that happened: per horizon mean weighted interval score and 50/90 % coverage',
    tags: ['analytics'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: backtestQuery,
    response: backtestResult,
    handler: ({ tx, access, query }) => backtestUnit(tx, access, query),
  }),
];
