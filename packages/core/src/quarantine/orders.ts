/**
 * Proposing a quarantine or isolation order (issue #16 item 1). An F1's order follows the band of
 * policy `quarantine.f1` in force ON THE EXPOSURE DATE that the person's own doses or recovery put
 * them in (10696/BYT-MT: full series, last dose ≥ 14 days and ≤ 6 months ago): the place gives the
 * kind, the days count from the exposure (day d = exposure + d, as the contact follow-up). A case
 * (F0) cared for at home follows `quarantine.f0Home` in force on the day of the positive sample.
 * No rule in force on the date: no order, a reason instead — never a later rule.
 */
import type { ImmunityFacts } from '../cases/quarantine.ts';
import { f1QuarantineBand } from '../cases/quarantine.ts';
import type { F0HomeIsolation, F1Quarantine } from '../policy/values.ts';
import { addDays } from '../time/clock.ts';
import type { HomeCareEligibility, OrderKind, Severity } from './types.ts';
import type { EligibilityResult } from './eligibility.ts';
import { homeCareEligibility } from './eligibility.ts';

/** A proposed order: what, from when to when, the days a test is due, and the rule it follows. */
export interface OrderProposal {
  kind: OrderKind;
  /** First day (the exposure day for an F1, the positive sample's day for an F0). */
  start: string;
  /** Last day of quarantine or isolation (= start for monitoring only). */
  quarantineEnd: string;
  /** Last day of follow-up (quarantine or isolation, then self-monitoring). */
  end: string;
  testsDue: string[];
  /** Health forms a day while the order is active. */
  formsPerDay: number;
  /** For an F0: the release test, and the day of release if it is positive or missing. */
  release: { test: F0HomeIsolation['releaseTest']; latestEnd: string } | null;
}

/** The outcome: an order, or why there is none (codes the i18n catalogue translates). */
export type ProposalResult =
  | { ok: true; order: OrderProposal; eligibility: EligibilityResult | null }
  | { ok: false; reason: 'noRuleInForce' | 'notEligibleForHomeCare'; eligibility: EligibilityResult | null };

/** The rules in force on the relevant date (null: none on that date). */
export interface RulesInForce {
  f1: F1Quarantine | null;
  f0Home: F0HomeIsolation | null;
  homeCare: HomeCareEligibility | null;
  /** Health forms a day for an F1 in quarantine at home (the F0 rule's figure when it exists). */
  formsPerDay?: number;
}

/** What is known about the person. */
export type PersonFacts =
  | { role: 'F1'; exposureDate: string; immunity: ImmunityFacts }
  | {
      role: 'F0';
      /** The positive sample's day. */
      sampleDate: string;
      immunity: ImmunityFacts;
      dateOfBirth: string | null;
      severity: Severity | null;
      spo2: number | null;
      respiratoryRate: number | null;
      underlyingDisease: boolean | null;
      pregnant: boolean | null;
    };

const KIND_OF_PLACE = {
  centralised: 'facility_quarantine',
  home: 'home_quarantine',
  none: 'monitoring',
} as const;

/** The order the rules in force propose for a person, or why none. */
export function proposeOrder(rules: RulesInForce, facts: PersonFacts): ProposalResult {
  return facts.role === 'F1' ? proposeF1(rules, facts) : proposeF0(rules, facts);
}

function proposeF1(rules: RulesInForce, facts: Extract<PersonFacts, { role: 'F1' }>): ProposalResult {
  const band = rules.f1 ? f1QuarantineBand(rules.f1, facts.immunity, facts.exposureDate) : undefined;
  if (!band) return { ok: false, reason: 'noRuleInForce', eligibility: null };
  const start = facts.exposureDate;
  const kind = KIND_OF_PLACE[band.place];
  return {
    ok: true,
    eligibility: null,
    order: {
      kind,
      start,
      quarantineEnd: addDays(start, band.quarantineDays),
      end: addDays(start, band.quarantineDays + band.monitoringDays),
      testsDue: [...band.testDays].sort((a, b) => a - b).map((d) => addDays(start, d)),
      formsPerDay: kind === 'monitoring' ? 1 : (rules.formsPerDay ?? 2),
      release: null,
    },
  };
}

function proposeF0(rules: RulesInForce, facts: Extract<PersonFacts, { role: 'F0' }>): ProposalResult {
  const eligibility = rules.homeCare ? homeCareEligibility(rules.homeCare, facts, facts.sampleDate) : null;
  if (!rules.f0Home || !eligibility) return { ok: false, reason: 'noRuleInForce', eligibility };
  if (eligibility.outcome === 'ineligible')
    return { ok: false, reason: 'notEligibleForHomeCare', eligibility };
  const r = rules.f0Home;
  const start = facts.sampleDate;
  const fullyVaccinated =
    facts.immunity.doses.filter((d) => d.date <= start).length >= rules.homeCare!.vaccinatedMinDoses;
  const latest = fullyVaccinated ? r.maxDaysFullyVaccinated : r.maxDaysOther;
  return {
    ok: true,
    eligibility,
    order: {
      kind: 'home_isolation',
      start,
      quarantineEnd: addDays(start, r.releaseAfterDays),
      end: addDays(start, r.releaseAfterDays),
      testsDue: [addDays(start, r.releaseAfterDays)],
      formsPerDay: r.healthFormsPerDay,
      release: { test: r.releaseTest, latestEnd: addDays(start, latest) },
    },
  };
}
