/** Every route of the testing module (spread into the route table, `src/routes.ts`). */
import type { AnyRoute } from '../http/route.ts';
import { labImportRoutes } from './import.ts';
import { personTestingRoutes } from './person.ts';
import { poolRoutes } from './pools-routes.ts';
import { testRegistrationRoutes } from './registrations.ts';
import { testResultRoutes } from './results-routes.ts';
import { testSiteRoutes } from './sites.ts';
import { specimenRoutes } from './specimens.ts';

export const testingRoutes: AnyRoute[] = [
  ...testSiteRoutes,
  ...testRegistrationRoutes,
  ...specimenRoutes,
  ...testResultRoutes,
  ...poolRoutes,
  ...labImportRoutes,
  ...personTestingRoutes,
];
