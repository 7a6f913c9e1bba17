import { useTranslation } from 'react-i18next';
import type { CommuneFigures, MapFeature } from './data.ts';

/** The chosen commune's figures (officials) or its level and guidance (public view). */
export function CommunePanel({
  feature,
  figures,
  level,
  publicView,
  format,
  onClose,
}: {
  feature: MapFeature | null;
  figures: CommuneFigures | null;
  level: number | null;
  publicView: boolean;
  format: (v: number | null, percent?: boolean) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  if (!feature) return <p className="hint">{t('map.figures.none')}</p>;
  const rows: [string, string][] = [
    [t('map.figures.group'), feature.properties.groupName ?? '—'],
    [t('map.figures.level'), level === null ? t('map.noData') : t(`map.levelName.${level}`)],
  ];
  if (!publicView && figures)
    rows.push(
      [t('map.figures.population'), format(figures.population)],
      [t('map.figures.cases7'), format(figures.cases7)],
      [t('map.figures.per100k7'), format(figures.per100k7)],
      [t('map.figures.cases14'), format(figures.cases14)],
      [t('map.figures.per100k14'), format(figures.per100k14)],
      [t('map.figures.coverage'), format(figures.coverage, true)],
      [t('map.figures.testSites'), format(figures.testSites)],
      [t('map.figures.facilities'), format(figures.facilities)],
      [t('map.figures.clusters'), format(figures.clusters)],
    );
  return (
    <section className="card epimap__panel" aria-labelledby="epimap-commune" aria-live="polite">
      <h3 id="epimap-commune">{feature.properties.name}</h3>
      <dl className="epimap__figures">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {level !== null && <p>{t(`map.guidance.${level}`)}</p>}
      <button type="button" className="button button--secondary" onClick={onClose}>
        {t('map.figures.close')}
      </button>
    </section>
  );
}
