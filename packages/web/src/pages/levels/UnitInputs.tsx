/** A unit's inputs as a short list: cases per 100,000, population, coverage per criterion, capacity. */
import { useTranslation } from 'react-i18next';
import type { LevelInputs } from './api.ts';

export function UnitInputs({ inputs }: { inputs: LevelInputs }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'vi-VN';
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const k = (key: string) => t(`levels.committee.${key}`);
  return (
    <ul className="levels__inputs">
      <li>
        {k('per100k')}: {inputs.casesPer100kWeek == null ? '—' : nf.format(inputs.casesPer100kWeek)}
        {inputs.newCases !== undefined && ` (${k('cases')}: ${nf.format(inputs.newCases)})`}
      </li>
      <li>
        {k('population')}: {inputs.population == null ? '—' : nf.format(inputs.population)}
      </li>
      {inputs.coverage?.map((c) => (
        <li key={`${c.population}-${c.measure}`}>
          {t('levels.committee.coverageItem', {
            population: t(`levels.committee.populationName.${c.population}`),
            measure: t(`levels.committee.measureName.${c.measure}`),
            share: c.share === null ? k('notMeasured') : pct.format(c.share),
            min: pct.format(c.minShare),
          })}
          {c.met === false && ' ✗'}
        </li>
      ))}
      {inputs.communesByLevel && (
        <li>
          {inputs.communesByLevel
            .map((n, i) => `${t(`levels.colour.level${i + 1}`)}: ${nf.format(n)}`)
            .join(' · ')}
        </li>
      )}
      {inputs.capacity && (
        <li>
          {k('capacity')}: {t(`levels.committee.capacityValue.${inputs.capacity}`)}
        </li>
      )}
      {inputs.freeBedsPer100k != null && (
        <li>
          {t('levels.committee.freeBeds', {
            per100k: nf.format(inputs.freeBedsPer100k),
            icu: nf.format(inputs.freeIcuBeds ?? 0),
          })}
        </li>
      )}
    </ul>
  );
}
