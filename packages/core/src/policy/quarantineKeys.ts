/**
 * Policy keys of quarantine and isolation (issue #16): home-care eligibility of cases, warning
 * signs in health forms, form slots and alert escalation. Spread into `POLICY_KEYS`.
 */
import type { AlertEscalationRule, HomeCareEligibility, WarningSignRule } from '../quarantine/types.ts';
import { WARNING_SYMPTOMS } from '../quarantine/types.ts';
import type { PolicyKeyDefinition } from './catalogue.ts';
import type { Check } from './check.ts';
import { arr, bool, int, num, obj, oneOf, problemsOf, str } from './check.ts';

function define<V>(description: string, check: Check): PolicyKeyDefinition<V> {
  const problems = (value: unknown): string[] => problemsOf(check, value);
  return { description, problems, isValid: (value: unknown): value is V => problems(value).length === 0 };
}

const hhmm: Check = (v, p, out) => {
  if (typeof v !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/u.test(v)) out.push(`${p}: expected HH:mm`);
};

/** The quarantine keys of the policy catalogue. */
export const QUARANTINE_KEYS = {
  'quarantine.f0HomeEligibility': define<HomeCareEligibility>(
    'Who may be cared for at home when confirmed: severity, respiratory rate, SpO2, and vaccinated or (age, no underlying disease, not pregnant).',
    obj({
      severities: arr(oneOf('asymptomatic', 'mild', 'moderate', 'severe', 'critical'), 1),
      maxRespiratoryRate: int(0, 200),
      minSpO2: num(0, 100),
      vaccinatedMinDoses: int(0, 10),
      unvaccinated: obj({
        minAge: int(0, 150),
        maxAge: int(0, 150),
        noUnderlyingDisease: bool,
        notPregnant: bool,
      }),
    }),
  ),
  'quarantine.warningSigns': define<WarningSignRule>(
    'Warning signs in a health form that raise an alert at once, with the hotlines shown.',
    obj({
      respiratoryBands: arr(
        obj({
          fromAge: num(0, 150),
          toAge: (v, p, out) => {
            if (v !== null) num(0, 150)(v, p, out);
          },
          alertAtOrAbove: int(1, 200),
        }),
        1,
      ),
      spo2Below: num(0, 100),
      pulseAbove: int(0, 300),
      pulseBelow: int(0, 300),
      systolicBelow: int(0, 300),
      diastolicBelow: int(0, 300),
      symptoms: arr(oneOf(...WARNING_SYMPTOMS)),
      hotlines: obj({ advice: str, emergency: str }),
    }),
  ),
  'quarantine.alertEscalation': define<AlertEscalationRule>(
    'Health-form slots (local HH:mm), missed forms that raise an alert, and minutes before an unacknowledged alert goes to the district, then the province.',
    obj({
      formSlots: arr(
        obj({
          opensAt: hhmm,
          dueBy: hhmm,
        }),
        1,
      ),
      missedFormsForAlert: int(1, 20),
      communeMinutes: int(1, 7 * 24 * 60),
      districtMinutes: int(1, 7 * 24 * 60),
    }),
  ),
} as const;
