/**
 * The infectious window of a case (policy `case.infectiousWindow`, 11042/BYT-DP): from N days
 * before symptom onset (asymptomatic: before the first positive sample) until a negative test or
 * a Ct above the rule's threshold taken after the first positive sample.
 */
import type { InfectiousWindow } from '../policy/values.ts';
import { addDays, localDay, localDayStart } from '../time/clock.ts';
import type { TestEvidence } from './classification.ts';

const DAY_MS = 86_400_000;
// Onset dates are local calendar days of the province (the one clock, time/clock.ts).
export { localDayStart } from '../time/clock.ts';

/** The province's local calendar date of an instant, `YYYY-MM-DD` (the one clock's `localDay`). */
export function localDate(at: Date): string {
  return localDay(at);
}

/**
 * True when a result ends the window: negative, or RT-PCR Ct above the threshold. With the other
 * results (`tests`), a negative rapid test right after a low-Ct positive RT-PCR does not (policy
 * `rapidNegativeAfterLowCt`).
 */
export function endsWindow(
  test: TestEvidence,
  rule: InfectiousWindow,
  tests: readonly TestEvidence[] = [],
): boolean {
  if (test.outcome === 'negative') {
    const guard = rule.rapidNegativeAfterLowCt;
    if (test.testType !== 'rapidAntigen' || guard === undefined) return true;
    const at = Date.parse(test.sampledAt);
    const lowCtBefore = tests.some(
      (t) =>
        t.testType === 'rtPcr' &&
        t.outcome === 'positive' &&
        t.ct !== null &&
        t.ct < guard.ctBelow &&
        Date.parse(t.sampledAt) <= at &&
        at - Date.parse(t.sampledAt) <= guard.withinHours * 3_600_000,
    );
    return !lowCtBefore;
  }
  return test.testType === 'rtPcr' && test.ct !== null && test.ct > rule.endCtAbove;
}

/** An infectious window; `to` null while it is still open. */
export interface Window {
  from: Date;
  to: Date | null;
}

/**
 * The window from the facts, or null without a positive test. A symptomatic case with an onset
 * date counts from the onset; otherwise from the first positive sample.
 */
export function infectiousWindow(
  facts: { tests: readonly TestEvidence[]; symptomatic: boolean | null; onsetDate: string | null },
  rule: InfectiousWindow,
): Window | null {
  const positives = facts.tests.filter((t) => t.outcome === 'positive');
  const first = Math.min(...positives.map((t) => Date.parse(t.sampledAt)));
  if (!Number.isFinite(first)) return null;
  const from =
    facts.symptomatic !== false && facts.onsetDate !== null
      ? localDayStart(addDays(facts.onsetDate, -rule.daysBeforeOnset))
      : new Date(first - rule.daysBeforeSampleIfAsymptomatic * DAY_MS);
  // Still infectious up to the last positive with a low Ct; the next ending result closes it.
  const infectious = positives
    .filter((t) => !endsWindow(t, rule, facts.tests))
    .map((t) => Date.parse(t.sampledAt));
  const last = infectious.length > 0 ? Math.max(...infectious) : first - 1;
  const endings = facts.tests
    .filter((t) => endsWindow(t, rule, facts.tests) && Date.parse(t.sampledAt) > last)
    .map((t) => Date.parse(t.sampledAt));
  const ending = endings.length > 0 ? Math.min(...endings) : undefined;
  return { from, to: ending === undefined ? null : new Date(ending) };
}
