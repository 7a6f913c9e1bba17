/**
 * Key figures as tiles that wrap (two a row on a phone, one row on a wide screen), each a labelled
 * group with its value and the change since yesterday.
 */
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format.ts';
import type { Indicators } from './api.ts';
import { lastDay, positivity, total, type Figure } from './figures.ts';

function Change({ change }: { change: number | null }) {
  const { t } = useTranslation();
  if (change === null) return null;
  const text =
    change > 0
      ? t('situation.tiles.changeUp', { count: change })
      : change < 0
        ? t('situation.tiles.changeDown', { count: -change })
        : t('situation.tiles.changeSame');
  const tone = change > 0 ? 'up' : change < 0 ? 'down' : 'same';
  return <span className={`tile__change tile__change--${tone}`}>{text}</span>;
}

function Tile({
  id,
  label,
  value,
  change,
}: {
  id: string;
  label: string;
  value: string;
  change?: number | null;
}) {
  return (
    <div className="tile" role="group" aria-label={label} data-testid={`tile-${id}`}>
      <span className="tile__label">{label}</span>
      <span className="tile__value">{value}</span>
      <Change change={change ?? null} />
    </div>
  );
}

/** The tiles of one indicators answer; `large` for presentation mode. */
export function Tiles({ data, large = false }: { data: Indicators; large?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (f: Figure) =>
    f.value === null ? '—' : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN').format(f.value);
  const today = lastDay(data, 'casesByReport');
  const active = lastDay(data, 'casesActive');
  const rate = positivity(data);
  const beds = lastDay(data, 'bedsOccupied');
  const bedsTotal = lastDay(data, 'bedsTotal');
  const pct = (v: number) =>
    t('situation.tiles.percent', {
      value: new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }).format(v),
    });
  return (
    <section className={large ? 'tiles tiles--large' : 'tiles'} aria-label={t('situation.tiles.label')}>
      <Tile
        id="casesToday"
        label={t('situation.tiles.casesToday', { day: formatDate(data.to, lang) ?? data.to })}
        value={n(today)}
        change={today.change}
      />
      <Tile
        id="casesPeriod"
        label={t('situation.tiles.casesPeriod')}
        value={n(total(data, 'casesByReport'))}
      />
      <Tile
        id="casesActive"
        label={t('situation.tiles.casesActive')}
        value={n(active)}
        change={active.change}
      />
      <Tile id="deaths" label={t('situation.tiles.deaths')} value={n(total(data, 'deaths'))} />
      <Tile id="tests" label={t('situation.tiles.tests')} value={n(total(data, 'tests'))} />
      <Tile id="positivity" label={t('situation.tiles.positivity')} value={rate === null ? '—' : pct(rate)} />
      <Tile id="doses" label={t('situation.tiles.doses')} value={n(total(data, 'doses'))} />
      <Tile
        id="beds"
        label={t('situation.tiles.beds')}
        value={
          beds.value === null || !bedsTotal.value
            ? '—'
            : t('situation.tiles.ofTotal', { used: beds.value, total: bedsTotal.value })
        }
        change={bedsTotal.value ? beds.change : null}
      />
    </section>
  );
}
