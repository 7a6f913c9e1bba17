/**
 * `/situation/present` — presentation mode for the steering committee's online meeting (issue #13
 * item 8): the whole screen, large type, one view at a time (headline figures with the latest
 * sitrep's, the epidemic curve, positivity, coverage, the map, beds, levels), advancing on a timer
 * (`?interval=` seconds, changeable) or a key (→ or space next, ← back, Esc leaves), with a
 * full-screen button. The figures stay live, as on the dashboard.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { weekMonday } from '@epilink/core';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { EpiMap } from '../../components/map/EpiMap.tsx';
import { formatDate } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { fetchLatestSitrep, type Indicators, type Scope } from './api.ts';
import { BedsChart, CoverageChart, CurveChart, LevelsChart, PositivityChart } from './Charts.tsx';
import { Tiles } from './Tiles.tsx';
import { useIndicators } from './useIndicators.ts';
import { useScope } from './scope.ts';
import './situation.css';

/** The sitrep's headline figures shown, labelled by the sitrep's own catalogue (`sitrep.figures`). */
const SITREP_FIGURES = ['newCases', 'activeCases', 'deaths', 'tests', 'doses'] as const;

/** Seconds per slide unless `?interval=` says otherwise (2–600). */
export const DEFAULT_INTERVAL_S = 20;

interface Slide {
  key: string;
  title: string;
  body: ReactNode;
}

function Headline({ data, scope }: { data: Indicators; scope: Scope }) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => fetchLatestSitrep(scope.unit), [scope.unit]);
  const sitrep = useApi(load).latest ?? null;
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN');
  return (
    <>
      <Tiles data={data} large />
      {sitrep && (
        <section className="present__sitrep" aria-labelledby="present-sitrep">
          <h3 id="present-sitrep">
            {t('situation.present.sitrep', { day: formatDate(sitrep.day, i18n.language) })}
          </h3>
          <div className="tiles tiles--large">
            {SITREP_FIGURES.filter((key) => sitrep.headline[key] !== undefined).map((key) => (
              <div className="tile" role="group" aria-label={t(`sitrep.figures.${key}`)} key={key}>
                <span className="tile__label">{t(`sitrep.figures.${key}`)}</span>
                <span className="tile__value">{nf.format(sitrep.headline[key] ?? 0)}</span>
              </div>
            ))}
          </div>
          {sitrep.sentences.length > 0 && (
            <ul className="present__changes">
              {sitrep.sentences.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}

function slidesFor(data: Indicators, scope: Scope, t: (k: string) => string): Slide[] {
  const chart = { data, large: true, height: '100%' } as const;
  return [
    { key: 'headline', title: t('situation.present.headline'), body: <Headline data={data} scope={scope} /> },
    { key: 'curve', title: t('situation.charts.curve'), body: <CurveChart {...chart} /> },
    { key: 'positivity', title: t('situation.charts.positivity'), body: <PositivityChart {...chart} /> },
    { key: 'coverage', title: t('situation.charts.coverage'), body: <CoverageChart {...chart} /> },
    {
      key: 'map',
      title: t('situation.present.map'),
      body: (
        <EpiMap
          unitCode={scope.unit}
          asOf={scope.asOf}
          layer="cases7"
          week={weekMonday(scope.to)}
          height="calc(100vh - 14rem)"
        />
      ),
    },
    { key: 'beds', title: t('situation.charts.beds'), body: <BedsChart {...chart} /> },
    {
      key: 'levels',
      title: t('situation.charts.levels'),
      body: <LevelsChart unitCode={data.unit.code} from={data.from} to={data.to} large height="100%" />,
    },
  ];
}

function intervalFrom(raw: string | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 2 && n <= 600 ? n : DEFAULT_INTERVAL_S;
}

/** Keys typed into a field are the field's (arrows step a number); space on a button presses it. */
function keyBelongsTo(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (/^(INPUT|SELECT|TEXTAREA)$/u.test(target.tagName)) return true;
  return key === ' ' && /^(BUTTON|A)$/u.test(target.tagName);
}

export function PresentPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('situation.present.title'));
  const navigate = useNavigate();
  const { scope } = useScope();
  const indicators = useIndicators(scope);
  const data = indicators.data;
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [interval, setIntervalS] = useState(() =>
    intervalFrom(new URLSearchParams(window.location.search).get('interval')),
  );
  const root = useRef<HTMLDivElement>(null);
  const slides = data && scope ? slidesFor(data, scope, t) : [];
  const count = slides.length;

  const step = useCallback(
    (by: number) => {
      if (count > 0) setIndex((i) => (i + by + count) % count);
    },
    [count],
  );
  const leave = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    const search = scope ? new URLSearchParams({ ...scope }).toString() : '';
    void navigate({ pathname: '/situation', search });
  }, [navigate, scope]);

  useEffect(() => {
    if (!playing || count === 0) return;
    const timer = setTimeout(() => {
      step(1);
    }, interval * 1000);
    return () => {
      clearTimeout(timer);
    };
  }, [playing, interval, index, count, step]);

  // A layout effect: the listener that knows the slides is in place as soon as they are drawn (a
  // passive effect ran later, and a key pressed in between went to the listener of no slides).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        leave();
        return;
      }
      if (keyBelongsTo(e.target, e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowRight' || e.key === ' ' || e.key === 'PageDown') {
        e.preventDefault();
        step(1);
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        e.preventDefault();
        step(-1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [step, leave]);

  const fullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void root.current?.requestFullscreen().catch(() => undefined);
  };

  const slide = slides[Math.min(index, Math.max(0, count - 1))];
  return (
    <div className="present" ref={root} role="region" aria-label={t('situation.present.label')}>
      <div className="present__bar">
        <button type="button" className="button button--secondary" onClick={leave}>
          {t('situation.present.exit')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            step(-1);
          }}
        >
          {t('situation.present.previous')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            step(1);
          }}
        >
          {t('situation.present.next')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          aria-pressed={!playing}
          onClick={() => {
            setPlaying((p) => !p);
          }}
        >
          {playing ? t('situation.present.pause') : t('situation.present.play')}
        </button>
        <div className="field">
          <label htmlFor="present-interval">{t('situation.present.interval')}</label>
          <input
            id="present-interval"
            type="number"
            min={2}
            max={600}
            value={interval}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 2 && n <= 600) setIntervalS(n);
            }}
          />
        </div>
        <button type="button" className="button button--secondary" onClick={fullscreen}>
          {t('situation.present.fullscreen')}
        </button>
        <span className="muted">{t('situation.present.keys')}</span>
        {data && (
          <span className="present__scope">
            {t('situation.present.scope', {
              unit: data.unit.name,
              from: formatDate(data.from, i18n.language),
              to: formatDate(data.to, i18n.language),
            })}
          </span>
        )}
        {count > 0 && (
          <span className="present__count" aria-live="polite" data-testid="present-count">
            {t('situation.present.slide', { n: index + 1, total: count })}
          </span>
        )}
      </div>
      {indicators.error && <ErrorBox error={indicators.error} onRetry={indicators.reload} />}
      {!slide && !indicators.error && <Loading />}
      {slide && (
        <section
          className="present__slide"
          aria-roledescription="slide"
          aria-label={slide.title}
          key={`${slide.key}-${i18n.language}`}
        >
          <h2>{slide.title}</h2>
          {slide.body}
        </section>
      )}
    </div>
  );
}
