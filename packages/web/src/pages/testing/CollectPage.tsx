/**
 * Collection desk: the site's booked registrations (recalls included); collecting assigns the
 * barcode (a pre-printed one is checked, else a new one) and offers the label PDF to print. Each
 * card names the person with date of birth and masked ID (year of birth for a visitor from
 * elsewhere), so two people of the same name are told apart before the tube is labelled.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { testingApi } from './api.ts';
import { PersonLine } from './SpecimenPerson.tsx';
import { useSitePicker } from './SitePicker.tsx';
import { TestingTabs } from './TestingTabs.tsx';

export function CollectPage() {
  const { t } = useTranslation();
  const k = (key: string, p?: Record<string, string | number>) => t(`testing.collect.${key}`, p);
  usePageTitle(k('title'));
  const { siteId, picker } = useSitePicker();
  const [version, setVersion] = useState(0);
  const regs = usePaged(
    useCallback(
      (cursor?: string) =>
        siteId
          ? testingApi.registrations({ siteId, status: 'booked', ...(cursor ? { cursor } : {}) })
          : Promise.resolve({ items: [], nextCursor: null }),
      // eslint-disable-next-line react-hooks/exhaustive-deps -- version reloads after a collection
      [siteId, version],
    ),
  );
  const [barcodes, setBarcodes] = useState<Record<string, string>>({});
  const [last, setLast] = useState<{ barcode: string; name: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const collect = (registrationId: string, name: string) => {
    const pre = barcodes[registrationId]?.trim();
    testingApi.collect({ registrationId, barcode: pre || null }).then(
      (r) => {
        setError(null);
        setLast({ barcode: r.barcode, name });
        setVersion((v) => v + 1);
        window.open(testingApi.labelUrl(r.barcode), '_blank', 'noopener');
      },
      (e: unknown) => {
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };

  return (
    <>
      <h1>{k('title')}</h1>
      <TestingTabs />
      {picker}
      <div aria-live="polite">
        {last && (
          <p className="notice notice--success">
            {last.name}: {k('done', { barcode: last.barcode })}{' '}
            <a href={testingApi.labelUrl(last.barcode)} target="_blank" rel="noopener">
              {k('printLabel')}
            </a>
          </p>
        )}
      </div>
      {error && <ErrorBox error={error} />}
      {regs.loading && !regs.latest && <Loading />}
      {regs.latest?.items.length === 0 && <p>{t('testing.register.none')}</p>}
      <ul className="list">
        {regs.items.map((r) => (
          <li key={r.id} className="card">
            <p data-testid="collect-person">
              <PersonLine person={r} />
            </p>
            <p className="small">
              {t(`testing.type.${r.testType}`)} · {t(`testing.reason.${r.reason}`)}
            </p>
            <div className="field">
              <label htmlFor={`bc-${r.id}`}>{k('barcode')}</label>
              <input
                id={`bc-${r.id}`}
                autoComplete="off"
                value={barcodes[r.id] ?? ''}
                onChange={(e) => {
                  setBarcodes((b) => ({ ...b, [r.id]: e.target.value }));
                }}
              />
            </div>
            <button
              type="button"
              className="button"
              onClick={() => {
                collect(r.id, r.fullName);
              }}
            >
              {k('submit')}
            </button>{' '}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                testingApi.closeRegistration(r.id, 'no_show').then(
                  () => {
                    setVersion((v) => v + 1);
                  },
                  (e: unknown) => {
                    setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
                  },
                );
              }}
            >
              {k('noShow')}
            </button>
          </li>
        ))}
      </ul>
      <LoadMore list={regs} />
    </>
  );
}
