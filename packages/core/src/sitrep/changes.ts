/**
 * "What changed since yesterday", generated from the numbers (issue #13 item 9): the sitrep never
 * carries free text. `describeChanges` compares two days' headline figures and returns sentences as
 * message keys with parameters; `renderSentence` turns one into Vietnamese or English through the
 * catalogue (`i18n/sitrep.ts`), so plurals and number formats follow the language.
 */
import { translate } from '../i18n/index.ts';
import type { Language } from '../i18n/index.ts';

/** The headline figures of one unit on one local day (what the sitrep states first). */
export interface SitrepFigures {
  /** New cases reported that day. */
  newCases: number;
  /** Active (open) cases at the end of the day. */
  activeCases: number;
  deaths: number;
  tests: number;
  testsPositive: number;
  doses: number;
  checkins: number;
}

/** The figures compared day to day, in the order the sentences are written. */
export const COUNTED_FIGURES = ['newCases', 'activeCases', 'deaths', 'tests', 'doses', 'checkins'] as const;
export type CountedFigure = (typeof COUNTED_FIGURES)[number];

/** One generated sentence: a catalogue key and its parameters. */
export interface ChangeSentence {
  key: string;
  params: Record<string, string | number>;
}

/** Positivity in percent (positive tests over tests), null without tests. */
export function positivityPct(f: Pick<SitrepFigures, 'tests' | 'testsPositive'>): number | null {
  return f.tests > 0 ? (100 * f.testsPositive) / f.tests : null;
}

/** Round to one decimal, as every percentage of the sitrep is shown. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The change of one counted figure: rose / fell / same, or first (nothing the day before). */
function countedSentence(figure: CountedFigure, today: number, yesterday: number): ChangeSentence {
  const base = `sitrep.changes.${figure}`;
  const diff = today - yesterday;
  if (diff === 0) return { key: `${base}.same`, params: { count: today } };
  if (yesterday === 0) return { key: `${base}.fromZero`, params: { count: today } };
  const pct = round1((100 * Math.abs(diff)) / yesterday);
  return {
    key: `${base}.${diff > 0 ? 'rose' : 'fell'}`,
    params: { count: Math.abs(diff), pct, value: today },
  };
}

/** The positivity sentence (in percentage points), or none when neither day had tests. */
function positivitySentence(today: SitrepFigures, yesterday: SitrepFigures): ChangeSentence | null {
  const now = positivityPct(today);
  const before = positivityPct(yesterday);
  if (now === null) return null;
  if (before === null) return { key: 'sitrep.changes.positivity.first', params: { now: round1(now) } };
  const points = round1(now - before);
  if (points === 0) return { key: 'sitrep.changes.positivity.same', params: { now: round1(now) } };
  return {
    key: `sitrep.changes.positivity.${points > 0 ? 'rose' : 'fell'}`,
    params: { before: round1(before), now: round1(now), count: Math.abs(points) },
  };
}

/** Every sentence comparing a day with the day before, in a fixed order (pure). */
export function describeChanges(today: SitrepFigures, yesterday: SitrepFigures): ChangeSentence[] {
  const out: ChangeSentence[] = [];
  for (const figure of COUNTED_FIGURES) {
    out.push(countedSentence(figure, today[figure], yesterday[figure]));
    if (figure === 'tests') {
      const p = positivitySentence(today, yesterday);
      if (p) out.push(p);
    }
  }
  return out;
}

/** A sentence in a language: numbers formatted and plurals chosen the language's way. */
export function renderSentence(lang: Language, s: ChangeSentence): string {
  return translate(lang, s.key, s.params);
}
