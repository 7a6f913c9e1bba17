/**
 * Choose a test site of my jurisdiction: remembered in the URL as `?site=` and, for the other tabs
 * of the testing desk (#19 item 10), in this browser's storage, so the desk keeps its site from
 * registration to collection to results.
 */
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { LoadMore, usePaged } from '../../paged.tsx';
import { testingApi, type TestSite } from './api.ts';

const FULL_WIDTH = { width: '100%' } as const;

/** Storage key of the last site chosen at this desk. */
export const SITE_STORAGE_KEY = 'epilink.testing.site';

function storedSite(): string | null {
  try {
    return window.localStorage.getItem(SITE_STORAGE_KEY);
  } catch {
    return null; // storage refused (private mode): the URL alone remembers
  }
}

function storeSite(id: string): void {
  try {
    window.localStorage.setItem(SITE_STORAGE_KEY, id);
  } catch {
    // storage refused: the URL alone remembers
  }
}

/** The chosen site id ('' when there is none) and the picker element. */
export function useSitePicker(reloadKey = 0): { siteId: string; sites: TestSite[]; picker: React.ReactNode } {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- reloadKey forces a reload after a change
  const sites = usePaged(useCallback((cursor?: string) => testingApi.sites(cursor), [reloadKey]));
  const list = sites.items;
  const stored = storedSite();
  // The URL first, then the site this desk chose last (if it is still one of mine), then the first.
  const siteId =
    params.get('site') ??
    (stored && list.some((s) => s.id === stored) ? stored : undefined) ??
    list[0]?.id ??
    '';
  const fromUrl = params.get('site');
  useEffect(() => {
    if (fromUrl) storeSite(fromUrl); // a site opened by link becomes the desk's site too
  }, [fromUrl]);
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
              storeSite(e.target.value);
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
