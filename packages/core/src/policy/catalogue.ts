/**
 * The catalogue of policy keys the product knows: what each means, the TypeScript type of its
 * value and a type-guard validator, so an edited or imported rule is checked before it is used.
 */
import type {
  EpidemicLevelAggregation,
  EpidemicLevelCapacity,
  EpidemicLevelCombining,
} from '../levels/types.ts';
import type { AefiClusterRule } from '../vaccination/aefi.ts';
import { ELIGIBILITY_GROUPS } from '../vaccination/doseRules.ts';
import type { AgeEligibility, ExtraDoseRules, ScreeningRules } from '../vaccination/doseRules.ts';
import type { StatusDeferralRule } from '../vaccination/deferral.ts';
import { SCREENING_OUTCOMES, SCREENING_QUESTION_KEYS } from '../vaccination/screening.ts';
import type { Check } from './check.ts';
import { QUARANTINE_KEYS } from './quarantineKeys.ts';
import { ZONE_KEYS } from './zoneKeys.ts';
import { DECLARATION_KEYS } from './declarationKeys.ts';
import { CORRECTION_KEYS } from './correctionKeys.ts';
import { arr, bool, int, num, obj, oneOf, problemsOf, str, tagged } from './check.ts';
import type {
  ConfirmationRule,
  EpidemicLevelThresholds,
  F0HomeIsolation,
  F1Criteria,
  F1Quarantine,
  InfectiousWindow,
  LinkageThresholdsValue,
  StatusColourRules,
  StatusCondition,
  VenueClusterRule,
} from './values.ts';

/** Definition of one policy key: a description for officials and a validator. */
export interface PolicyKeyDefinition<V> {
  description: string;
  /** Problems with a candidate value (empty when valid). */
  problems: (value: unknown) => string[];
  /** Type guard: true when `value` is a valid value of this key. */
  isValid: (value: unknown) => value is V;
}

function define<V>(description: string, check: Check): PolicyKeyDefinition<V> {
  const problems = (value: unknown): string[] => problemsOf(check, value);
  return { description, problems, isValid: (value: unknown): value is V => problems(value).length === 0 };
}

const share = num(0, 1);
const days = int(0, 3650);

const vaccinationCondition = obj({
  minDoses: (v, p, out) => {
    if (v !== null) int(0, 20)(v, p, out);
  },
  minDaysSinceLastDose: (v, p, out) => {
    if (v !== null) days(v, p, out);
  },
  'maxDaysSinceLastDose?': (v, p, out) => {
    if (v !== null) days(v, p, out);
  },
  'fullSeries?': (v, p, out) => {
    if (v === null) return;
    obj({
      default: int(1, 10),
      byProduct: (m, q, o) => {
        if (typeof m !== 'object' || m === null || Array.isArray(m)) o.push(`${q}: expected an object`);
        else for (const [k, n] of Object.entries(m)) int(1, 10)(n, `${q}.${k}`, o);
      },
    })(v, p, out);
  },
  recoveredWithinDays: (v, p, out) => {
    if (v !== null) days(v, p, out);
  },
});

const statusCondition: Check = (v, path, problems) => {
  tagged({
    activeCaseOrContact: obj({ kind: str }),
    fullyVaccinatedDays: obj({ kind: str, min: days }),
    firstDoseDays: obj({ kind: str, min: days }),
    recoveredWithinDays: obj({ kind: str, max: days }),
    negativePcrWithinHours: obj({ kind: str, max: int(0, 24 * 365) }),
    noData: obj({ kind: str }),
    always: obj({ kind: str }),
    anyOf: obj({ kind: str, conditions: arr(statusCondition, 1) }),
  })(v, path, problems);
};

const colourRules: Check = (v, path, problems) => {
  obj({
    rules: arr(
      obj({
        colour: str,
        hex: (x, p, out) => {
          if (typeof x !== 'string' || !/^#[0-9a-f]{6}$/iu.test(x)) out.push(`${p}: expected #rrggbb`);
        },
        label: obj({ vi: str, en: str }),
        condition: statusCondition,
      }),
      1,
    ),
  })(v, path, problems);
  // The last rule must always apply, so everyone gets a colour.
  const rules = (v as { rules?: { condition?: StatusCondition }[] } | null)?.rules;
  if (Array.isArray(rules) && rules.length > 0 && rules[rules.length - 1]?.condition?.kind !== 'always') {
    problems.push(`${path === '' ? '' : `${path}.`}rules: the last rule must have condition kind "always"`);
  }
};

const level = oneOf(1, 2, 3, 4);

/** Every policy key the product understands. */
/** Value of `earlyWarning.weeklyIncidence`: the 7-day incidence per 100,000 that raises an alarm. */
export interface WeeklyIncidenceThreshold {
  per100k: number;
}

/** Value of `earlyWarning.alarmClosing`: days without any alarm after which an alarm closes itself. */
export interface AlarmClosing {
  quietDays: number;
}

/** Value of `earlyWarning.earsMinSigma`: the smallest standard deviation EARS divides by. */
export interface EarsMinSigma {
  minSigma: number;
}

/** A case severity as the case record holds it (`cases.severity`). */
export type CaseSeverity = 'asymptomatic' | 'mild' | 'moderate' | 'severe' | 'critical';

/** Value of `analytics.hospitalDemand`: who needs a hospital or ICU bed, when, and for how long. */
export interface HospitalDemandRule {
  /** Severities admitted to hospital (ICU included). */
  hospitalSeverities: CaseSeverity[];
  /** Severities cared for in intensive care (a subset of the hospital ones). */
  icuSeverities: CaseSeverity[];
  /** Days from a case's day (onset) to admission. */
  admissionDelayDays: number;
  /** Length of stay in hospital (days, gamma): mean and standard deviation. */
  hospitalStay: { meanDays: number; sdDays: number };
  /** Length of stay in intensive care (days, gamma). */
  icuStay: { meanDays: number; sdDays: number };
}

const severities = arr(oneOf('asymptomatic', 'mild', 'moderate', 'severe', 'critical'), 1);
const stay = obj({ meanDays: num(1.1, 365), sdDays: num(0.1, 365) });

export const POLICY_KEYS = {
  'checkin.retentionDays': define<number>('Days a venue check-in is kept before deletion.', int(1, 3650)),
  'testing.poolMaxSize': define<number>('Largest number of samples pooled in one test.', int(1, 100)),
  'testing.poolEligibleReasons': define<string[]>(
    'Registration reasons whose specimens may be pooled (symptomatic people and contacts are tested individually).',
    arr(oneOf('symptoms', 'contact', 'screening', 'recall', 'travel'), 1),
  ),
  'case.infectiousWindow': define<InfectiousWindow>(
    'Infectious period of a case, used to find contacts.',
    obj({
      daysBeforeOnset: days,
      daysBeforeSampleIfAsymptomatic: days,
      endCtAbove: num(0, 50),
      'rapidNegativeAfterLowCt?': obj({ ctBelow: num(0, 50), withinHours: int(0, 24 * 60) }),
    }),
  ),
  'case.confirmationRule': define<ConfirmationRule>(
    'Evidence that confirms a case (F0).',
    obj({
      anyOf: arr(
        obj({
          allOf: arr(oneOf('rtPcrPositive', 'rapidAntigenPositive', 'symptoms', 'epidemiologicalLink'), 1),
        }),
        1,
      ),
    }),
  ),
  'contact.f1Criteria': define<F1Criteria>(
    'What makes someone a close contact (F1) of a case.',
    obj({
      criteria: arr(
        obj({
          code: oneOf('physicalContact', 'closeWithMask', 'closeWithoutMask', 'caringWithoutPpe'),
          'maxDistanceM?': num(0, 100),
          'sameClosedSpace?': bool,
          'minMinutes?': int(0, 24 * 60),
        }),
        1,
      ),
      'checkin?': obj({
        minOverlapMinutes: int(0, 24 * 60),
        venueTypes: (v, p, out) => {
          if (v !== null) arr(str, 1)(v, p, out);
        },
        'maskOffVenueTypes?': arr(str),
      }),
    }),
  ),
  'quarantine.f1': define<F1Quarantine>(
    'Quarantine, tests and monitoring of close contacts, by vaccination status.',
    obj({
      bands: arr(
        obj({
          appliesTo: (v, p, out) => {
            if (v !== null) vaccinationCondition(v, p, out);
          },
          place: oneOf('centralised', 'home', 'none'),
          quarantineDays: days,
          testDays: arr(int(0, 365)),
          monitoringDays: days,
        }),
        1,
      ),
    }),
  ),
  'quarantine.f0Home': define<F0HomeIsolation>(
    'Release from home isolation of a case.',
    obj({
      releaseAfterDays: days,
      releaseTest: oneOf('rapidAntigenNegative', 'rtPcrNegative'),
      maxDaysFullyVaccinated: days,
      maxDaysOther: days,
      healthFormsPerDay: int(0, 24),
    }),
  ),
  'epidemicLevel.thresholds': define<EpidemicLevelThresholds>(
    'Epidemic level bands (cases per 100,000 per week) and vaccine-coverage criteria.',
    obj({
      incidenceBands: arr(obj({ level, fromPer100kPerWeek: num(0), inclusive: bool }), 1),
      alsoCounts: arr(oneOf('oxygenPatients', 'deaths')),
      coverage: arr(
        obj({
          population: oneOf('adults18Plus', 'elderly65Plus', 'totalPopulation', 'highRisk'),
          measure: oneOf('atLeastOneDose', 'fullyVaccinated'),
          minShare: share,
        }),
      ),
      coverageFailureRaisesLevel: bool,
      capacityFailureBlocksLowering: bool,
    }),
  ),
  'epidemicLevel.combining': define<EpidemicLevelCombining>(
    'Epidemic level: criterion 1 (cases) × criterion 2 (coverage) → level, one row per criterion-1 level; how unreported treatment capacity counts.',
    (v, path, problems) => {
      obj({
        rows: arr(obj({ incidenceLevel: level, coverageMet: level, coverageNotMet: level }), 4),
        capacityNotReported: oneOf('blocksLowering', 'ignored'),
      })(v, path, problems);
      const rows = (v as { rows?: { incidenceLevel?: unknown }[] } | null)?.rows;
      if (
        Array.isArray(rows) &&
        [1, 2, 3, 4].some((l) => rows.filter((r) => r.incidenceLevel === l).length !== 1)
      )
        problems.push('rows: exactly one row for each level 1-4');
    },
  ),
  'epidemicLevel.aggregation': define<EpidemicLevelAggregation>(
    'Epidemic level of a district, health area or province from its communes: by share of communes at a level, or population-weighted.',
    (v, path, problems) => {
      const method = (v as { method?: unknown } | null)?.method;
      if (method === 'populationWeighted') {
        obj({ method: str })(v, path, problems);
        return;
      }
      if (method !== 'shareOfCommunes') {
        problems.push(
          `${path === '' ? '' : `${path}.`}method: expected shareOfCommunes or populationWeighted`,
        );
        return;
      }
      obj({
        method: str,
        rules: arr(
          obj({ level, communeLevelAtLeast: level, 'minShare?': share, 'minCount?': int(1, 100_000) }),
          1,
        ),
      })(v, path, problems);
      const rules = (v as { rules?: unknown[] }).rules;
      if (Array.isArray(rules))
        rules.forEach((r, i) => {
          const rule = r as { minShare?: unknown; minCount?: unknown } | null;
          if (rule?.minShare === undefined && rule?.minCount === undefined)
            problems.push(`rules[${i}]: minShare or minCount required`);
        });
    },
  ),
  'epidemicLevel.capacity': define<EpidemicLevelCapacity>(
    'Epidemic level, criterion 3: free treatment beds per 100,000 people and free ICU beds a district or health area needs for its capacity to be adequate.',
    obj({ minFreeBedsPer100k: num(0, 100_000), minFreeIcuBeds: int(0, 100_000) }),
  ),
  'status.colourRules': define<StatusColourRules>('Health status colours, checked in order.', colourRules),
  'cluster.venueMinCases': define<VenueClusterRule>(
    'Venue cluster: at least this many cases at one venue within a window of days.',
    obj({ minCases: int(2, 10_000), windowDays: int(1, 365) }),
  ),
  'aefi.clusterRule': define<AefiClusterRule>(
    'AEFI cluster: at least minReports reports of the same event with onsets within windowDays, related by lot or commune.',
    obj({ minReports: int(2, 1000), windowDays: int(1, 365), relatedBy: arr(oneOf('lot', 'commune'), 1) }),
  ),
  'vaccination.ageEligibility': define<AgeEligibility>(
    'Youngest age (years) vaccinated from this date (each product keeps its own licensed minimum).',
    obj({ minAgeYears: int(0, 120) }),
  ),
  'vaccination.extraDoses': define<ExtraDoseRules>(
    'Doses after the primary series (additional primary dose, boosters, dose 4): for whom by age and group, and how many days after the previous dose.',
    obj({
      rules: arr(
        obj({
          extraDose: int(1, 10),
          kind: oneOf('additionalPrimary', 'booster'),
          minAgeYears: int(0, 120),
          maxAgeYears: (v, p, out) => {
            if (v !== null) int(0, 120)(v, p, out);
          },
          groups: (v, p, out) => {
            if (v !== null) arr(oneOf(...ELIGIBILITY_GROUPS), 1)(v, p, out);
          },
          afterDays: days,
        }),
      ),
    }),
  ),
  'vaccination.screening': define<ScreeningRules>(
    'Pre-vaccination screening: the outcome of each checklist question answered yes (a question not listed is not asked).',
    obj({
      outcomes: (v, p, out) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) {
          out.push(`${p}: expected an object`);
          return;
        }
        for (const [q, o] of Object.entries(v)) {
          if (!(SCREENING_QUESTION_KEYS as string[]).includes(q)) out.push(`${p}.${q}: unknown question`);
          oneOf(...SCREENING_OUTCOMES)(o, `${p}.${q}`, out);
        }
      },
    }),
  ),
  'vaccination.statusDeferral': define<StatusDeferralRule>(
    'Vaccination and the person’s epidemiological standing: a case (F0) or isolation order, an F1 under monitoring or a quarantine order, and a positive test within this many days defer the dose.',
    obj({ deferActiveCase: bool, deferMonitoredContact: bool, afterPositiveDays: int(0, 3650) }),
  ),
  'linkage.thresholds': define<LinkageThresholdsValue>(
    'Record-linkage score thresholds for automatic match and for review.',
    (v, path, problems) => {
      obj({ match: share, review: share })(v, path, problems);
      const t = v as Partial<LinkageThresholdsValue> | null;
      if (typeof t?.match === 'number' && typeof t.review === 'number' && t.review > t.match) {
        problems.push('review must not be above match');
      }
    },
  ),
  'earlyWarning.weeklyIncidence': define<WeeklyIncidenceThreshold>(
    'Early warning: a commune raises an alarm when its cases by report over the last 7 days, per 100,000 registered residents, reach this threshold.',
    obj({ per100k: num(0, 1_000_000) }),
  ),
  'earlyWarning.alarmClosing': define<AlarmClosing>(
    'Early warning: an open or acknowledged alarm closes itself when its commune and disease have raised no alarm (no method above its threshold) for this many days.',
    obj({ quietDays: int(1, 365) }),
  ),
  'earlyWarning.earsMinSigma': define<EarsMinSigma>(
    'Early warning: EARS C1–C3 use at least this standard deviation of the baseline (the surveillance package’s minSigma), so a commune whose last week had no case does not alarm on its first one.',
    obj({ minSigma: num(0, 1000) }),
  ),
  'analytics.hospitalDemand': define<HospitalDemandRule>(
    'Forecast hospital and ICU demand: the case severities that need a hospital or an ICU bed, the delay from onset to admission and the lengths of stay.',
    (v, path, problems) => {
      obj({
        hospitalSeverities: severities,
        icuSeverities: severities,
        admissionDelayDays: int(0, 60),
        hospitalStay: stay,
        icuStay: stay,
      })(v, path, problems);
      const r = v as Partial<HospitalDemandRule> | null;
      if (Array.isArray(r?.icuSeverities) && Array.isArray(r.hospitalSeverities)) {
        for (const s of r.icuSeverities) {
          if (!r.hospitalSeverities.includes(s))
            problems.push(`${path}.icuSeverities: ${s} is not a hospital severity`);
        }
      }
    },
  ),
  ...QUARANTINE_KEYS,
  ...ZONE_KEYS,
  ...DECLARATION_KEYS,
  ...CORRECTION_KEYS,
} as const;

export type PolicyKey = keyof typeof POLICY_KEYS;

/** The value type of a policy key. */
export type PolicyValue<K extends PolicyKey> =
  (typeof POLICY_KEYS)[K] extends PolicyKeyDefinition<infer V> ? V : never;

/** True when `key` is a known policy key. */
export function isPolicyKey(key: string): key is PolicyKey {
  return Object.hasOwn(POLICY_KEYS, key);
}

/** Problems with `value` as a value of `key` (empty when valid); unknown keys are a problem too. */
export function validatePolicyValue(key: string, value: unknown): string[] {
  if (!isPolicyKey(key)) return [`unknown policy key ${key}`];
  return POLICY_KEYS[key].problems(value);
}
