/** Choose a test site of my jurisdiction (remembered in the URL as `?site=`). */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { LoadMore, usePaged } from '../../paged.tsx';
import { testingApi, type TestSite } from './api.ts';

const FULL_WIDTH = { width: '100%' } as const;

/** The chosen site id ('' when there is none) and the picker element. */
export function useSitePicker(reloadKey = 0): { siteId: string; sites: TestSite[]; picker: React.ReactNode } {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- reloadKey forces a reload after a change
  const sites = usePaged(useCallback((cursor?: string) => testingApi.sites(cursor), [reloadKey]));
  const list = sites.items;
  const siteId = params.get('site') ?? list[0]?.id ?? '';
  const picker = (
    <>
      {sites.loading && !sites.latest && <Loading />}
      {sites.error && <ErrorBox error={sites.error} onRetry={sites.reload} />}
      {sites.latest && list.length === 0 && <p>{t('testing.sites.none')}</p>}
      {list.length > 0 && (
        <div className="field">
          <label htmlFor="site-pick">{t('testing.sites.site')}</label>
          <select
            id="site-pick"
            style={FULL_WIDTH}
            value={siteId}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set('site', e.target.value);
              next.delete('session');
              setParams(next, { replace: true });
            }}
          >
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.active ? '' : ` (${t('testing.status.closed')})`}
              </option>
            ))}
          </select>
          <LoadMore list={sites} />
        </div>
      )}
    </>
  );
  return { siteId, sites: list, picker };
}
