/**
 * A person's declarations on the officials' pages (person page, tracer's case page): newest first,
 * page by page, with action, reasons, flag status and who declared. Shown only to roles that may
 * read declarations (`declaration:read`, the same rule the server applies); it reloads on live
 * declaration events.
 */
import { isRole, roleAllows } from '@epilink/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { LoadMore, usePaged } from '../../paged.tsx';
import { declarationsApi } from './api.ts';
import { DeclarationTable } from './ReviewPage.tsx';
import { useDeclarationEvents } from './liveEvents.ts';
import './declarations.css';

function Section({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const list = usePaged(
    useCallback((cursor?: string) => declarationsApi.list({ personId }, cursor), [personId]),
  );
  useDeclarationEvents(list.reload);
  return (
    <section className="card" aria-labelledby="person-declarations">
      <h2 id="person-declarations">{t('declarationsWeb.person.title')}</h2>
      {list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : list.latest === undefined ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <p>{t('declarationsWeb.person.none')}</p>
      ) : (
        <DeclarationTable items={list.items} caption={t('declarationsWeb.person.title')} withPerson={false} />
      )}
      <LoadMore list={list} />
    </section>
  );
}

/** The declarations section of a person (nothing for roles that may not read declarations). */
export function PersonDeclarations({ personId }: { personId: string }) {
  const { user } = useAuth();
  if (!user || !isRole(user.role) || !roleAllows(user.role, 'declaration:read')) return null;
  return <Section personId={personId} />;
}
