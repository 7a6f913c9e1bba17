/**
 * The epidemiological status on the official person page (for roles that read cases) and on the
 * citizen's own page (self and wards). Both update live.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { roleAllows, isRole } from '@epilink/core';
import { useAuth } from '../../auth.tsx';
import { useApi } from '../../hooks.ts';
import { casesApi } from './api.ts';
import { EpiStatusList, EpiStatusSection } from './EpiStatus.tsx';
import { F1Guidance } from './F1Guidance.tsx';
import { MY_EVENTS_URL, isTracingEvent, useLiveEvents } from './useLiveEvents.ts';

/** Section of `/people/:id`; renders nothing for roles without `case:read`. */
export function PersonEpiStatus({ personId }: { personId: string }) {
  const { user } = useAuth();
  const load = useCallback(() => casesApi.personStatus(personId), [personId]);
  const role = user && isRole(user.role) ? user.role : null;
  if (!role || !roleAllows(role, 'case:read')) return null;
  return <EpiStatusSection personId={personId} load={load} />;
}

/** The citizen's statuses (self and wards), one block per person. */
export function MyEpiStatus({ persons }: { persons: { id: string; fullName: string }[] }) {
  const { t } = useTranslation();
  const { latest, reload } = useApi(casesApi.myStatus);
  // The citizen's own stream carries changes of their records and their wards' only.
  useLiveEvents(isTracingEvent, reload, 250, MY_EVENTS_URL);
  if (!latest) return null;
  return (
    <section aria-labelledby="my-epi-status" className="card" aria-live="polite">
      <h2 id="my-epi-status">{t('casesWeb.epi.title')}</h2>
      {persons.map((p) => (
        <div key={p.id}>
          {persons.length > 1 && <h3>{p.fullName}</h3>}
          <EpiStatusList items={latest.items.filter((s) => s.personId === p.id)} />
          {latest.items
            .filter((s) => s.personId === p.id)
            .map(
              (s) =>
                s.guidance && (
                  <F1Guidance
                    key={s.diseaseCode}
                    guidance={s.guidance}
                    id={`guide-${p.id}-${s.diseaseCode}`}
                  />
                ),
            )}
        </div>
      ))}
    </section>
  );
}
