/** The testing section of the official person page: bookings and results (testing:read). */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { userMay } from '../../components/moduleAccess.ts';
import { useApi } from '../../hooks.ts';
import { testingApi, type TestsCursors } from './api.ts';
import { TestsList } from './MyTestsPage.tsx';
import { useTestsPages } from './useTestsPages.ts';

export function PersonTestingSection({ personId }: { personId: string }) {
  const { user } = useAuth();
  // Roles without testing:read do not see the section, and it asks the server nothing for them.
  if (!userMay(user, 'testing:read')) return null;
  return <Section personId={personId} />;
}

function Section({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const tests = useApi(useCallback(() => testingApi.personTests(personId), [personId]));
  const pages = useTestsPages(
    tests.latest ?? null,
    useCallback((cursors: TestsCursors) => testingApi.personTests(personId, cursors), [personId]),
  );
  return (
    <section className="card" aria-labelledby="person-tests">
      <h2 id="person-tests">{t('testing.person.title')}</h2>
      {tests.loading && !tests.latest && <Loading />}
      {tests.error && <ErrorBox error={tests.error} onRetry={tests.reload} />}
      {pages.error && <ErrorBox error={pages.error} />}
      {pages.tests && (
        <TestsList
          tests={pages.tests}
          onMoreResults={pages.moreResults}
          onMoreRegistrations={pages.moreRegistrations}
        />
      )}
    </section>
  );
}
