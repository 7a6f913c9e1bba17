/**
 * The pre-vaccination screening checklist (after MoH Decision 5002/QĐ-BYT, 2021): each question
 * answered yes leads to an outcome; the worst outcome decides. Only "vaccinate" lets a dose be
 * recorded.
 */

/** Outcome of a screening, best to worst. */
export const SCREENING_OUTCOMES = ['vaccinate', 'monitor', 'defer', 'refer', 'contraindicated'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

/** The checklist: question key → outcome when answered yes. */
export const SCREENING_QUESTIONS = {
  anaphylaxisPreviousDose: 'contraindicated',
  allergyToComponent: 'contraindicated',
  acuteIllnessOrFever: 'defer',
  covidInLast3Months: 'defer',
  covidInLast6Months: 'defer',
  otherVaccineLast14Days: 'defer',
  pregnantUnder13Weeks: 'defer',
  severeChronicUncontrolled: 'refer',
  immunosuppressed: 'refer',
  severeAllergyHistory: 'monitor',
  bleedingDisorder: 'monitor',
} as const satisfies Record<string, ScreeningOutcome>;
export type ScreeningQuestion = keyof typeof SCREENING_QUESTIONS;
export const SCREENING_QUESTION_KEYS = Object.keys(SCREENING_QUESTIONS) as ScreeningQuestion[];

/** The answers of one screening (yes = true). */
export type ScreeningAnswers = Record<ScreeningQuestion, boolean>;

/**
 * Evaluate a screening: the worst outcome among yes answers, and which questions led to it. With
 * `rules` (policy `vaccination.screening` in force on the dose date) each question's outcome is the
 * rule's, and a question the rule does not list is not asked that day; without, the checklist above.
 */
export function evaluateScreening(
  answers: ScreeningAnswers,
  rules?: { outcomes: Partial<Record<ScreeningQuestion, ScreeningOutcome>> },
): {
  outcome: ScreeningOutcome;
  reasons: ScreeningQuestion[];
  mayVaccinate: boolean;
} {
  let worst = 0;
  const yes: ScreeningQuestion[] = [];
  const outcomeOf = (q: ScreeningQuestion): ScreeningOutcome | undefined =>
    rules ? rules.outcomes[q] : SCREENING_QUESTIONS[q];
  for (const q of SCREENING_QUESTION_KEYS) {
    const o = outcomeOf(q);
    if (!answers[q] || o === undefined) continue;
    yes.push(q);
    worst = Math.max(worst, SCREENING_OUTCOMES.indexOf(o));
  }
  const outcome = SCREENING_OUTCOMES[worst]!;
  return {
    outcome,
    reasons: yes.filter((q) => outcomeOf(q) === outcome),
    mayVaccinate: outcome === 'vaccinate' || outcome === 'monitor',
  };
}
