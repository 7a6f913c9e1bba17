/**
 * `/situation` — the live dashboard (issue #13 item 7): one unit of the caller's jurisdiction over
 * a period, key figures with the change since yesterday, and the charts (epidemic curve,
 * positivity, coverage by age band, beds, levels by week). Live events refetch the figures.
 */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { Downloads, DosesByAgeTable } from './Downloads.tsx';
import { BedsChart, CoverageChart, CurveChart, LevelsChart, PositivityChart } from './Charts.tsx';
import { ScopeForm } from './ScopeForm.tsx';
import { SituationTabs } from './SituationTabs.tsx';
import { Tiles } from './Tiles.tsx';
import { useIndicators } from './useIndicators.ts';
import { useScope } from './scope.ts';
import './situation.css';
import { formatTimeOfDay } from '@epilink/core';

export function SituationPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('situation.dashboard.title'));
  const { scope, setScope } = useScope();
  const indicators = useIndicators(scope);
  const data = indicators.data;
  const lang = i18n.language;
  if (!scope) return <Loading />;
  return (
    <div className="situation">
      <div className="situation__head">
        <h1>{t('situation.dashboard.title')}</h1>
        <Link
          className="button"
          to={{ pathname: '/situation/present', search: new URLSearchParams({ ...scope }).toString() }}
        >
          {t('situation.dashboard.present')}
        </Link>
      </div>
      <SituationTabs />
      <ScopeForm scope={scope} onChange={setScope} />
      {indicators.error && <ErrorBox error={indicators.error} onRetry={indicators.reload} />}
      {!data && !indicators.error && <Loading />}
      {data && (
        <>
          <p className="muted">
            <span className="badge badge--live">{t('situation.dashboard.live')}</span>{' '}
            {t('situation.dashboard.intro', {
              unit: data.unit.name,
              from: formatDate(data.from, lang),
              to: formatDate(data.to, lang),
            })}{' '}
            {indicators.updatedAt &&
              t('situation.dashboard.updatedAt', {
                time: formatTimeOfDay(indicators.updatedAt, lang),
              })}
          </p>
          <Tiles data={data} />
          <div className="situation__charts">
            <CurveChart data={data} />
            <PositivityChart data={data} />
            <CoverageChart data={data} />
            <BedsChart data={data} />
            <LevelsChart unitCode={data.unit.code} from={data.from} to={data.to} />
            {/* Read from the dose rows (no rollup has dose kind × age band): at most once a minute. */}
            <DosesByAgeTable
              scope={scope}
              version={Math.floor((indicators.updatedAt?.getTime() ?? 0) / 60_000)}
            />
          </div>
          <Downloads scope={scope} />
        </>
      )}
    </div>
  );
}
