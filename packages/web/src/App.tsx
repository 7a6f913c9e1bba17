import { Suspense, lazy, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Loading } from './components/Feedback.tsx';
import { Layout, PublicLayout } from './components/Layout.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { SessionPage } from './pages/vaccination/SessionPage.tsx';
import { CoveragePage } from './pages/vaccination/CoveragePage.tsx';
import { DuePage } from './pages/vaccination/DuePage.tsx';
import { AefiPage } from './pages/vaccination/AefiPage.tsx';
import { testingStaffRoutes } from './pages/testing/routes.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { citizenRoutes } from './citizenRoutes.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { PeopleSearchPage } from './pages/PeopleSearchPage.tsx';
import { PersonPage } from './pages/PersonPage.tsx';
import { ReviewsPage } from './pages/ReviewsPage.tsx';
import { UnitsPage } from './pages/UnitsPage.tsx';
import { RegisterPersonPage } from './pages/registry/RegisterPersonPage.tsx';
import { PolicyPage } from './pages/policy/PolicyPage.tsx';
import { ActivityPage } from './pages/checkin/ActivityPage.tsx';
import { ApprovalPage } from './pages/checkin/ApprovalPage.tsx';
import { CheckinHubPage } from './pages/checkin/CheckinHubPage.tsx';
import { TracePage } from './pages/checkin/TracePage.tsx';
import { VenuesPage } from './pages/checkin/VenuesPage.tsx';
import { AdminPage } from './pages/admin/AdminPage.tsx';
import { AccountsPage } from './pages/admin/AccountsPage.tsx';
import { SessionsPage } from './pages/admin/SessionsPage.tsx';
import { AuditPage } from './pages/admin/AuditPage.tsx';
import { ApiKeysPage } from './pages/admin/ApiKeysPage.tsx';
import { RehomingPage } from './pages/admin/RehomingPage.tsx';
import { UnitListsPage } from './pages/admin/UnitListsPage.tsx';
import { WebhooksPage } from './pages/admin/WebhooksPage.tsx';
import { CasesPage } from './pages/cases/CasesPage.tsx';
import { CasePage } from './pages/cases/CasePage.tsx';
import { WorklistPage } from './pages/cases/WorklistPage.tsx';
import { QuarantinePage } from './pages/quarantine/QuarantinePage.tsx';
import { FacilitiesPage } from './pages/quarantine/FacilitiesPage.tsx';
import { ReferralsPage } from './pages/cases/ReferralsPage.tsx';

// Pages with heavy code of their own load on first use, so the phone that opens a check-in QR
// or the sign-in page does not download the certificate verifier, the camera QR decoder or the
// chain graph.
const ScannerPage = lazy(() =>
  import('./pages/checkin/ScannerPage.tsx').then((m) => ({ default: m.ScannerPage })),
);
const CorrectionsPage = lazy(() =>
  import('./pages/healthbook/CorrectionsPage.tsx').then((m) => ({ default: m.CorrectionsPage })),
);
const ChainPage = lazy(() => import('./pages/cases/ChainPage.tsx').then((m) => ({ default: m.ChainPage })));
const ReportsPage = lazy(() =>
  import('./pages/reports/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })),
);
const AdoptionPage = lazy(() =>
  import('./pages/reports/AdoptionPage.tsx').then((m) => ({ default: m.AdoptionPage })),
);
const SituationPage = lazy(() =>
  import('./pages/situation/SituationPage.tsx').then((m) => ({ default: m.SituationPage })),
);
const PresentPage = lazy(() =>
  import('./pages/situation/PresentPage.tsx').then((m) => ({ default: m.PresentPage })),
);
const AnalyticsPage = lazy(() =>
  import('./pages/analytics/AnalyticsPage.tsx').then((m) => ({ default: m.AnalyticsPage })),
);
const BedsPage = lazy(() => import('./pages/situation/BedsPage.tsx').then((m) => ({ default: m.BedsPage })));
const PublicMapPage = lazy(() =>
  import('./pages/map/PublicMapPage.tsx').then((m) => ({ default: m.PublicMapPage })),
);
const SituationMapPage = lazy(() =>
  import('./pages/map/SituationMapPage.tsx').then((m) => ({ default: m.SituationMapPage })),
);

const LevelsPage = lazy(() =>
  import('./pages/levels/LevelsPage.tsx').then((m) => ({ default: m.LevelsPage })),
);
const PublicLevelsPage = lazy(() =>
  import('./pages/levels/PublicLevelsPage.tsx').then((m) => ({ default: m.PublicLevelsPage })),
);

const StaffDeclarations = lazy(() =>
  import('./pages/declarations/StaffDeclarations.tsx').then((m) => ({ default: m.StaffDeclarations })),
);

const ZonesPage = lazy(() => import('./pages/zones/ZonesPage.tsx').then((m) => ({ default: m.ZonesPage })));
const ZonePage = lazy(() => import('./pages/zones/ZonePage.tsx').then((m) => ({ default: m.ZonePage })));

const ImportsPage = lazy(() =>
  import('./pages/imports/ImportsPage.tsx').then((m) => ({ default: m.ImportsPage })),
);

function Later({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/**
 * The routes of the app. The router itself is supplied by the caller (BrowserRouter in
 * main.tsx, MemoryRouter in tests), and so is the AuthProvider.
 */
export function App() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/map"
          element={
            <Later>
              <PublicMapPage />
            </Later>
          }
        />
        <Route
          path="/levels"
          element={
            <Later>
              <PublicLevelsPage />
            </Later>
          }
        />
      </Route>
      {citizenRoutes()}
      <Route element={<Layout />}>
        <Route path="/checkins" element={<CheckinHubPage />} />
        <Route path="/checkins/activity" element={<ActivityPage />} />
        <Route path="/checkins/trace" element={<TracePage />} />
        <Route path="/venues" element={<VenuesPage />} />
        <Route path="/venues/approval" element={<ApprovalPage />} />
        <Route
          path="/venues/:id/scan"
          element={
            <Later>
              <ScannerPage />
            </Later>
          }
        />
        <Route index element={<OverviewPage />} />
        <Route path="/units" element={<UnitsPage />} />
        <Route path="/units/:code" element={<UnitsPage />} />
        <Route path="/people" element={<PeopleSearchPage />} />
        <Route path="/people/new" element={<RegisterPersonPage />} />
        <Route path="/people/:id" element={<PersonPage />} />
        <Route path="/policy" element={<PolicyPage />} />
        <Route path="/duplicates" element={<ReviewsPage />} />
        <Route path="/vaccination" element={<SessionPage />} />
        <Route path="/vaccination/coverage" element={<CoveragePage />} />
        <Route path="/vaccination/due" element={<DuePage />} />
        <Route path="/vaccination/aefi" element={<AefiPage />} />
        <Route path="/admin" element={<AdminPage />} />
        <Route path="/admin/accounts" element={<AccountsPage />} />
        <Route path="/admin/sessions" element={<SessionsPage />} />
        <Route path="/admin/audit" element={<AuditPage />} />
        <Route path="/admin/api-keys" element={<ApiKeysPage />} />
        <Route path="/admin/unit-lists" element={<UnitListsPage />} />
        <Route path="/admin/rehoming" element={<RehomingPage />} />
        <Route path="/admin/webhooks" element={<WebhooksPage />} />
        <Route
          path="/imports"
          element={
            <Later>
              <ImportsPage />
            </Later>
          }
        />
        <Route path="/cases" element={<CasesPage />} />
        <Route path="/cases/worklist" element={<WorklistPage />} />
        <Route path="/quarantine" element={<QuarantinePage />} />
        <Route path="/quarantine/facilities" element={<FacilitiesPage />} />
        <Route
          path="/corrections"
          element={
            <Later>
              <CorrectionsPage />
            </Later>
          }
        />
        <Route
          path="/zones"
          element={
            <Later>
              <ZonesPage kind="blockade" />
            </Later>
          }
        />
        <Route
          path="/zones/:id"
          element={
            <Later>
              <ZonePage />
            </Later>
          }
        />
        <Route
          path="/campaigns"
          element={
            <Later>
              <ZonesPage kind="campaign" />
            </Later>
          }
        />
        <Route
          path="/campaigns/:id"
          element={
            <Later>
              <ZonePage />
            </Later>
          }
        />
        <Route path="/cases/referrals" element={<ReferralsPage />} />
        <Route
          path="/cases/chain"
          element={
            <Later>
              <ChainPage />
            </Later>
          }
        />
        <Route path="/cases/:id" element={<CasePage />} />
        <Route
          path="/situation"
          element={
            <Later>
              <SituationPage />
            </Later>
          }
        />
        <Route
          path="/situation/map"
          element={
            <Later>
              <SituationMapPage />
            </Later>
          }
        />
        <Route
          path="/situation/beds"
          element={
            <Later>
              <BedsPage />
            </Later>
          }
        />
        <Route
          path="/situation/present"
          element={
            <Later>
              <PresentPage />
            </Later>
          }
        />
        <Route
          path="/situation/reports"
          element={
            <Later>
              <ReportsPage />
            </Later>
          }
        />
        <Route
          path="/situation/adoption"
          element={
            <Later>
              <AdoptionPage />
            </Later>
          }
        />
        <Route
          path="/situation/analytics"
          element={
            <Later>
              <AnalyticsPage />
            </Later>
          }
        />
        <Route
          path="/situation/levels"
          element={
            <Later>
              <LevelsPage />
            </Later>
          }
        />
        {testingStaffRoutes()}
        <Route
          path="/declarations/*"
          element={
            <Later>
              <StaffDeclarations />
            </Later>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
