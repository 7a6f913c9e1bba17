/**
 * `/levels` — the public page (no sign-in; issue #13 item 3): the latest confirmed epidemic levels
 * of the province, its districts or health areas and its communes, how many communes are at each
 * level, and what each level means, in Vietnamese and English. Readable at 360 px (cards).
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { foldText } from '@epilink/core';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { fetchPublicLevels } from './api.ts';
import type { Level } from './api.ts';
import { LevelBadge } from './LevelBadge.tsx';
import './levels.css';

const LEVELS: Level[] = [1, 2, 3, 4];

function Guidance() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="levels-guidance">
      <h2 id="levels-guidance">{t('levels.public.guidance')}</h2>
      <ul className="levels__guidance">
        {LEVELS.map((l) => (
          <li key={l} className={`level-badge--${l}`}>
            <h3>
              <LevelBadge level={l} /> {t(`levels.name.level${l}`)}
            </h3>
            <p>{t(`levels.guidance.level${l}`)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PublicLevelsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('levels.public.title'));
  const [search, setSearch] = useState('');
  const load = useCallback(() => fetchPublicLevels(), []);
  const feed = useApi(load);
  const latest = feed.latest?.latest ?? null;
  const communes = useMemo(() => (latest ? latest.units.filter((u) => u.level === 'commune') : []), [latest]);
  const shown = useMemo(() => {
    const q = foldText(search.trim());
    return q === '' ? communes : communes.filter((c) => foldText(c.name).includes(q));
  }, [communes, search]);
  const nameOf = useMemo(() => new Map((latest?.units ?? []).map((u) => [u.code, u.name])), [latest]);
  const counts = LEVELS.map((l) => communes.filter((c) => c.epidemicLevel === l).length);
  return (
    <div className="levels levels--public">
      <h1>{t('levels.public.title')}</h1>
      <p className="muted">{t('levels.public.intro')}</p>
      {feed.error && <ErrorBox error={feed.error} onRetry={feed.reload} />}
      {!feed.latest && !feed.error && <Loading />}
      {feed.latest && !latest && <p>{t('levels.public.none')}</p>}
      {latest && (
        <>
          <p>
            <strong>{t('levels.public.week', { week: formatDate(latest.week, i18n.language) })}</strong>
            {latest.confirmedAt && (
              <>
                {' '}
                · {t('levels.public.confirmedAt', { at: formatDateTime(latest.confirmedAt, i18n.language) })}
              </>
            )}
          </p>
          <ul className="chips" aria-label={t('levels.public.summary')}>
            {latest.units
              .filter((u) => u.level !== 'commune')
              .map((u) => (
                <li key={`${u.level}-${u.code}`} className="chip">
                  {u.name}: <LevelBadge level={u.epidemicLevel} />
                </li>
              ))}
          </ul>
          <p>
            {t('levels.public.summary')}:{' '}
            {LEVELS.map((l, i) => (
              <span key={l}>
                {i > 0 && ' · '}
                <LevelBadge level={l} /> {counts[i]}
              </span>
            ))}
          </p>
        </>
      )}
      <Guidance />
      {latest && (
        <section aria-labelledby="levels-communes">
          <h2 id="levels-communes">{t('levels.public.communes')}</h2>
          <div className="field">
            <label htmlFor="levels-search">{t('levels.public.search')}</label>
            <input
              id="levels-search"
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
              }}
            />
          </div>
          <div className="table-scroll">
            <table className="table table--cards">
              <caption className="visually-hidden">{t('levels.public.communes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('levels.unitLevel.commune')}</th>
                  <th scope="col">{t('levels.unitLevel.district')}</th>
                  <th scope="col">{t('levels.public.level')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.code}>
                    <th scope="row" data-label={t('levels.unitLevel.commune')}>
                      {c.name}
                    </th>
                    <td data-label={t('levels.unitLevel.district')}>
                      {c.parentCode ? (nameOf.get(c.parentCode) ?? c.parentCode) : '—'}
                    </td>
                    <td data-label={t('levels.public.level')}>
                      <LevelBadge level={c.epidemicLevel} /> {t(`levels.colour.level${c.epidemicLevel}`)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <p className="muted small">
        {t('levels.public.feed')}: <a href="/api/public/levels">/api/public/levels</a> ·{' '}
        <a href="/api/public/levels/history?from=2021-10-11&to=2022-12-31">/api/public/levels/history</a>
      </p>
    </div>
  );
}
