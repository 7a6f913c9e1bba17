import { authRoutes } from './auth/routes.ts';
import type { AnyRoute } from './http/route.ts';
import { sitrepRoutes } from './sitrep/routes.ts';
import { metaRoutes } from './meta/routes.ts';
import { linkageRoutes } from './registry/linkage/routes.ts';
import { personRoutes } from './registry/persons/routes.ts';
import { unitRoutes } from './registry/units/routes.ts';
import { facilityRoutes } from './registry/facilities/routes.ts';
import { policyRoutes } from './policy/routes.ts';
import { diseaseRoutes } from './diseases/routes.ts';
import { twoFactorRoutes } from './auth/twoFactor.ts';
import { citizenLoginRoutes } from './citizens/login.ts';
import { citizenRoutes } from './citizens/routes.ts';
import { demoInboxRoutes } from './notify/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { adminUserRoutes } from './admin/users.ts';
import { adminSessionRoutes } from './admin/sessions.ts';
import { apiKeyRoutes } from './admin/apiKeys.ts';
import { vaccinationRoutes } from './vaccination/routes.ts';
import { vaccineStockRoutes } from './vaccination/stockRoutes.ts';
import { vaccinationReportRoutes } from './vaccination/reports-routes.ts';
import { vaccinationStandingRoutes } from './vaccination/standingRoutes.ts';
import { certificateRoutes } from './certificates/routes.ts';
import { checkinRoutes } from './checkin/routes/index.ts';
import { testingRoutes } from './testing/routes.ts';
import { caseRoutes } from './cases/caseRoutes.ts';
import { contactRoutes } from './cases/contactRoutes.ts';
import { tracingRoutes } from './cases/tracingRoutes.ts';
import { eventRoutes } from './events/routes.ts';
import { referralRoutes } from './cases/referralRoutes.ts';
import { mapRoutes } from './map/routes.ts';
import { indicatorRoutes } from './indicators/routes.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { alarmRoutes } from './analytics/alarms/routes.ts';
import { backtestRoutes } from './analytics/forecasts/routes.ts';
import { levelRoutes } from './levels/routes.ts';
import { declarationRoutes } from './declarations/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { zoneRoutes } from './zones/routes.ts';
import { quarantineRoutes } from './quarantine/routes.ts';
import { fhirRoutes } from './fhir/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import { healthbookRoutes } from './healthbook/routes.ts';
import { correctionRoutes } from './healthbook/corrections-routes.ts';
import { facilityRoutes as quarantineFacilityRoutes } from './quarantine/facilities/routes.ts';
import { campaignRoutes } from './zones/campaign-routes.ts';

/**
 * The route table: every endpoint of the API. It drives registration, the OpenAPI document and
 * the authorization matrix test, so a new endpoint cannot skip any of them.
 */
export const ROUTES: readonly AnyRoute[] = [
  ...metaRoutes(() => ROUTES),
  ...authRoutes,
  ...unitRoutes,
  ...facilityRoutes,
  ...personRoutes,
  ...linkageRoutes,
  ...policyRoutes,
  ...diseaseRoutes,
  ...twoFactorRoutes,
  ...citizenLoginRoutes,
  ...citizenRoutes,
  ...demoInboxRoutes,
  ...auditRoutes,
  ...adminUserRoutes,
  ...adminSessionRoutes,
  ...apiKeyRoutes,
  ...vaccineStockRoutes,
  ...vaccinationRoutes,
  ...vaccinationReportRoutes,
  ...certificateRoutes,
  ...checkinRoutes,
  ...testingRoutes,
  ...caseRoutes,
  ...contactRoutes,
  ...tracingRoutes,
  ...referralRoutes,
  ...eventRoutes,
  ...mapRoutes,
  ...indicatorRoutes,
  ...analyticsRoutes,
  ...backtestRoutes,
  ...alarmRoutes,
  ...levelRoutes,
  ...sitrepRoutes,
  ...importRoutes,
  ...zoneRoutes,
  ...declarationRoutes,
  ...quarantineRoutes,
  ...fhirRoutes,
  ...webhookRoutes,
  ...healthbookRoutes,
  ...quarantineFacilityRoutes,
  ...campaignRoutes,
  ...vaccinationStandingRoutes,
  ...correctionRoutes,
];
