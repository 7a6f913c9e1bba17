/**
 * The health status colour (#17 item 2): the province's ordered rules (policy
 * `status.colourRules`) evaluated against a person's facts, as read from their linked records on
 * the day asked. The first rule whose condition holds gives the colour; the catalogue requires the
 * last rule to be `always`, so everyone gets one.
 */
import type { StatusColourRule, StatusColourRules, StatusCondition } from '../policy/values.ts';
import { daysBetween } from '../time/clock.ts';

/** What the rules look at, gathered from the person's records (dates are local days). */
export interface StatusFacts {
  /** An open case, a confirmed contact still monitored, or an active quarantine order. */
  activeCaseOrContact: boolean;
  /** The day the primary series was completed (null: not complete). */
  fullyVaccinatedOn: string | null;
  firstDoseOn: string | null;
  /** The day of the latest recovery (a closed case with outcome recovered). */
  recoveredOn: string | null;
  /** The sample time of the latest negative RT-PCR (ISO). */
  lastNegativePcrAt: string | null;
  /** True when the person has any dose, result or case. */
  hasData: boolean;
}

function holds(c: StatusCondition, f: StatusFacts, today: string, now: Date): boolean {
  switch (c.kind) {
    case 'activeCaseOrContact':
      return f.activeCaseOrContact;
    case 'fullyVaccinatedDays':
      return f.fullyVaccinatedOn !== null && daysBetween(f.fullyVaccinatedOn, today) >= c.min;
    case 'firstDoseDays':
      return f.firstDoseOn !== null && daysBetween(f.firstDoseOn, today) >= c.min;
    case 'recoveredWithinDays':
      return f.recoveredOn !== null && daysBetween(f.recoveredOn, today) <= c.max;
    case 'negativePcrWithinHours': {
      if (f.lastNegativePcrAt === null) return false;
      const hours = (now.getTime() - Date.parse(f.lastNegativePcrAt)) / 3_600_000;
      return hours >= 0 && hours <= c.max;
    }
    case 'noData':
      return !f.hasData;
    case 'always':
      return true;
    case 'anyOf':
      return c.conditions.some((x) => holds(x, f, today, now));
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}

/** The colour rule that applies (the first whose condition holds), with its index in the list. */
export function statusColour(
  rules: StatusColourRules,
  facts: StatusFacts,
  today: string,
  now: Date,
): { rule: StatusColourRule; index: number } {
  const index = rules.rules.findIndex((r) => holds(r.condition, facts, today, now));
  const at = index === -1 ? rules.rules.length - 1 : index;
  return { rule: rules.rules[at]!, index: at };
}

/** Initials of a full name for the status card (“Lê Thị Sổ” → “L.T.S.”), no other identity. */
export function nameInitials(fullName: string): string {
  return fullName
    .normalize('NFC')
    .split(/\s+/u)
    .filter(Boolean)
    .map(
      (w) =>
        `${(new Intl.Segmenter('vi').segment(w)[Symbol.iterator]().next().value?.segment ?? '').toLocaleUpperCase('vi')}.`,
    )
    .join('');
}
