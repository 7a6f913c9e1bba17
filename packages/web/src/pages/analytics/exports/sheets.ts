/** The data behind each chart of the analysis page, as xlsx sheets (headers in the language on screen). */
import type { TFunction } from 'i18next';
import type { UnitAnalysis } from '../api.ts';
import type { Backtest } from '../backtest/api.ts';
import type { ScenariosResult } from '../scenarios.ts';
import type { Sheet } from './download.ts';

const col = (t: TFunction, keys: readonly string[]) => keys.map((k) => t(`analyticsExportsWeb.col.${k}`));
const sheet = (t: TFunction, key: string) => t(`analyticsExportsWeb.sheet.${key}`);

/** Cases by onset and report, the nowcast and its 90 % interval, per day. */
export function curveSheets(a: UnitAnalysis, t: TFunction): Sheet[] {
  const nowcast = new Map(a.nowcast.days.map((d) => [d.day, d]));
  return [
    {
      name: sheet(t, 'curve'),
      rows: [
        col(t, ['day', 'byOnset', 'byReport', 'nowcast', 'nowcastLower90', 'nowcastUpper90']),
        ...a.days.map((day, i) => {
          const n = nowcast.get(day);
          return [
            day,
            a.casesByOnset[i] ?? 0,
            a.casesByReport[i] ?? 0,
            a.casesByOnsetNowcast[i] ?? 0,
            n?.lower90 ?? null,
            n?.upper90 ?? null,
          ];
        }),
      ],
    },
  ];
}

/** Every Rt window with its posterior summaries. */
export function rtSheets(a: UnitAnalysis, t: TFunction): Sheet[] {
  const yes = t('analyticsExportsWeb.col.yes');
  const no = t('analyticsExportsWeb.col.no');
  return [
    {
      name: sheet(t, 'rt'),
      rows: [
        col(t, [
          'start',
          'end',
          'cases',
          'reliable',
          'mean',
          'median',
          'lower50',
          'upper50',
          'lower95',
          'upper95',
        ]),
        ...a.rt.windows.map((w) => [
          w.start,
          w.end,
          w.cases,
          w.reliable ? yes : no,
          w.mean,
          w.median,
          w.lower50,
          w.upper50,
          w.lower95,
          w.upper95,
        ]),
      ],
    },
  ];
}

/** The 14 forecast days with their 50/90 % intervals. */
export function forecastSheets(a: UnitAnalysis, t: TFunction): Sheet[] {
  return [
    {
      name: sheet(t, 'forecast'),
      rows: [
        col(t, ['day', 'median', 'lower50', 'upper50', 'lower90', 'upper90']),
        ...(a.forecast?.days ?? []).map((d) => [d.day, d.median, d.lower50, d.upper50, d.lower90, d.upper90]),
      ],
    },
  ];
}

/** Hospital and ICU beds per forecast day, and the rule and severity mix behind them. */
export function bedsSheets(a: UnitAnalysis, t: TFunction): Sheet[] {
  const b = a.beds;
  if (!b) return [];
  const bands = ['median', 'lower50', 'upper50', 'lower90', 'upper90'] as const;
  const hospital = t('analyticsExportsWeb.col.hospital');
  const icu = t('analyticsExportsWeb.col.icu');
  return [
    {
      name: sheet(t, 'beds'),
      rows: [
        [
          t('analyticsExportsWeb.col.day'),
          ...col(t, bands).map((c) => `${hospital} ${c}`),
          ...col(t, bands).map((c) => `${icu} ${c}`),
        ],
        ...b.days.map((d) => [d.day, ...bands.map((k) => d.hospital[k]), ...bands.map((k) => d.icu[k])]),
      ],
    },
    {
      name: sheet(t, 'rule'),
      rows: [
        col(t, ['assumption', 'value']),
        ['hospitalSeverities', b.rule.hospitalSeverities.join(', ')],
        ['icuSeverities', b.rule.icuSeverities.join(', ')],
        ['admissionDelayDays', b.rule.admissionDelayDays],
        ['hospitalStay.meanDays', b.rule.hospitalStay.meanDays],
        ['hospitalStay.sdDays', b.rule.hospitalStay.sdDays],
        ['icuStay.meanDays', b.rule.icuStay.meanDays],
        ['icuStay.sdDays', b.rule.icuStay.sdDays],
        ['effectiveFrom', b.rule.effectiveFrom],
        ['verification', b.rule.verification],
        ['source', b.rule.source],
        ['mix.recorded', b.mix.recorded],
        ['mix.hospital', b.mix.hospital],
        ['mix.icu', b.mix.icu],
      ],
    },
  ];
}

/** Expected reported cases of every scenario per day, and the assumptions. */
export function scenariosSheets(r: ScenariosResult, t: TFunction): Sheet[] {
  const name = (n: string) => (n === 'baseline' ? t('scenariosWeb.baseline') : n);
  return [
    {
      name: sheet(t, 'scenarios'),
      rows: [
        [t('analyticsExportsWeb.col.day'), ...r.curves.map((c) => name(c.name))],
        ...r.days.map((day, i) => [day, ...r.curves.map((c) => Math.round((c.cases[i] ?? 0) * 10) / 10)]),
      ],
    },
    {
      name: sheet(t, 'assumptions'),
      rows: [
        col(t, ['assumption', 'value', 'source']),
        ...r.assumptions.map((x) => [x.name, x.value, x.source]),
      ],
    },
  ];
}

/** Every stored forecast day against what happened, and the scores by horizon. */
export function backtestSheets(b: Backtest, t: TFunction): Sheet[] {
  return [
    {
      name: sheet(t, 'backtest'),
      rows: [
        col(t, [
          'madeOn',
          'horizon',
          'day',
          'median',
          'lower50',
          'upper50',
          'lower90',
          'upper90',
          'observed',
        ]),
        ...b.forecasts.map((f) => [
          f.madeOn,
          f.horizon,
          f.day,
          f.median,
          f.lower50,
          f.upper50,
          f.lower90,
          f.upper90,
          f.observed,
        ]),
      ],
    },
    {
      name: sheet(t, 'scores'),
      rows: [
        col(t, ['horizon', 'count', 'wis', 'coverage50', 'coverage90']),
        ...b.byHorizon.map((h) => [h.horizon, h.count, h.wis, h.coverage50, h.coverage90]),
      ],
    },
  ];
}
