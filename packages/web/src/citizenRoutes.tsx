/**
 * The routes a resident opens from a QR code or a link (check-in, certificate verifier, health
 * book, tests, declarations, quarantine forms). They are shared by the officials' app (App.tsx)
 * and the light citizen entry (CitizenApp.tsx, citizen.html), so a phone in front of a market
 * stall does not download the officials' pages, maps and charts.
 */
import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Loading } from './components/Feedback.tsx';
import { loadWholeCatalogue } from './i18n.ts';
import { PublicLayout } from './components/Layout.tsx';
import { CitizenLayout } from './components/CitizenLayout.tsx';
import { CheckinPage } from './pages/checkin/CheckinPage.tsx';
import { VerifierPage } from './pages/vaccination/VerifierPage.tsx';

/**
 * A citizen page loaded on first use, rendered once the whole catalogue is there too (the light
 * entry starts with the namespaces of its own pages only: messages.citizen.ts).
 */
function later<T extends ComponentType>(load: () => Promise<{ default: T }>) {
  return lazy(() => Promise.all([load(), loadWholeCatalogue()]).then(([page]) => page));
}

// Only the check-in page and the verifier (the pages opened in a queue; the verifier's page is
// 2.4 KB compressed, one round trip less on a slow network, its @epilink/dcc code loads on the
// first check) and the citizen layout are in the entry chunk; every other citizen page loads on first use (its own module: a page also imported
// statically would not be split).
const CitizenHomePage = later(() =>
  import('./pages/CitizenPages.tsx').then((m) => ({ default: m.CitizenHomePage })),
);
const CitizenLoginPage = later(() =>
  import('./pages/CitizenPages.tsx').then((m) => ({ default: m.CitizenLoginPage })),
);
const MyCertificatesPage = later(() =>
  import('./pages/vaccination/MyCertificatesPage.tsx').then((m) => ({ default: m.MyCertificatesPage })),
);
const DemoInboxPage = later(() =>
  import('./pages/DemoInboxPage.tsx').then((m) => ({ default: m.DemoInboxPage })),
);
const CheckinHistoryPage = later(() =>
  import('./pages/checkin/CheckinHistoryPage.tsx').then((m) => ({ default: m.CheckinHistoryPage })),
);
const VerifyOrderPage = later(() =>
  import('./pages/quarantine/VerifyOrderPage.tsx').then((m) => ({ default: m.VerifyOrderPage })),
);
const HealthFormPage = later(() =>
  import('./pages/quarantine/HealthFormPage.tsx').then((m) => ({ default: m.HealthFormPage })),
);
const BookingPage = later(() =>
  import('./pages/zones/BookingPage.tsx').then((m) => ({ default: m.BookingPage })),
);
const MyTestsPage = later(() =>
  import('./pages/testing/MyTestsPage.tsx').then((m) => ({ default: m.MyTestsPage })),
);
const BookTestPage = later(() =>
  import('./pages/testing/MyTestsPage.tsx').then((m) => ({ default: m.BookTestPage })),
);
const CitizenDeclarations = later(() =>
  import('./pages/declarations/CitizenDeclarations.tsx').then((m) => ({ default: m.CitizenDeclarations })),
);

const HealthBookPage = later(() =>
  import('./pages/healthbook/HealthBookPage.tsx').then((m) => ({ default: m.HealthBookPage })),
);

function Later({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/**
 * Path prefixes served by the citizen entry (citizen.html). The server mirrors this list
 * (packages/server/src/http/webEntries.ts) to pick the HTML page of a deep link.
 */
export const CITIZEN_PATH = /^\/(?:c|q|me|declare|verify|demo\/inbox)(?:\/|$)/u;

/** The citizen and public-verifier routes (a fragment for `<Routes>`). */
export function citizenRoutes() {
  return (
    <>
      <Route element={<PublicLayout />}>
        <Route path="/verify" element={<VerifierPage />} />
      </Route>
      <Route element={<CitizenLayout />}>
        <Route
          path="/me"
          element={
            <Later>
              <CitizenHomePage />
            </Later>
          }
        />
        <Route
          path="/me/login"
          element={
            <Later>
              <CitizenLoginPage />
            </Later>
          }
        />
        <Route path="/c/:token" element={<CheckinPage />} />
        <Route
          path="/me/certificates"
          element={
            <Later>
              <MyCertificatesPage />
            </Later>
          }
        />
        <Route
          path="/demo/inbox"
          element={
            <Later>
              <DemoInboxPage />
            </Later>
          }
        />
        <Route
          path="/q/verify/:code"
          element={
            <Later>
              <VerifyOrderPage />
            </Later>
          }
        />
        <Route
          path="/q/:token"
          element={
            <Later>
              <HealthFormPage />
            </Later>
          }
        />
        <Route
          path="/xn/:token"
          element={
            <Later>
              <BookingPage />
            </Later>
          }
        />
        <Route
          path="/me/checkins"
          element={
            <Later>
              <CheckinHistoryPage />
            </Later>
          }
        />
        <Route
          path="/me/book/:personId"
          element={
            <Later>
              <HealthBookPage />
            </Later>
          }
        />
        <Route
          path="/me/tests"
          element={
            <Later>
              <MyTestsPage />
            </Later>
          }
        />
        <Route
          path="/me/tests/book"
          element={
            <Later>
              <BookTestPage />
            </Later>
          }
        />
        <Route
          path="/declare/*"
          element={
            <Later>
              <CitizenDeclarations />
            </Later>
          }
        />
      </Route>
    </>
  );
}
