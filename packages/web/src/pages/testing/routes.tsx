/** The testing module's routes (spread into App.tsx: staff pages in the main layout, citizen pages in the citizen layout). */
import { Route } from 'react-router-dom';
import { CollectPage } from './CollectPage.tsx';
import { ImportPage } from './ImportPage.tsx';
import { BookTestPage, MyTestsPage } from './MyTestsPage.tsx';
import { PoolsPage } from './PoolsPage.tsx';
import { RegisterPage } from './RegisterPage.tsx';
import { ResultsPage } from './ResultsPage.tsx';
import { SitesPage } from './SitesPage.tsx';

/** Staff pages under /testing. */
export function testingStaffRoutes() {
  return (
    <>
      <Route path="/testing" element={<SitesPage />} />
      <Route path="/testing/register" element={<RegisterPage />} />
      <Route path="/testing/collect" element={<CollectPage />} />
      <Route path="/testing/results" element={<ResultsPage />} />
      <Route path="/testing/pools" element={<PoolsPage />} />
      <Route path="/testing/import" element={<ImportPage />} />
    </>
  );
}

/** Citizen pages under /me/tests. */
export function testingCitizenRoutes() {
  return (
    <>
      <Route path="/me/tests" element={<MyTestsPage />} />
      <Route path="/me/tests/book" element={<BookTestPage />} />
    </>
  );
}
