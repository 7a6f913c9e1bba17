/**
 * When a blockaded zone may be lifted and when a round's dates are acceptable (issue #16 item 6).
 * The number of days without a new case is policy (`zone.lifting`, dated), never a constant here.
 */
import { addDays, daysBetween } from '../time/clock.ts';

/** Value of policy `zone.lifting`: the days without a new case in the zone before it may be lifted. */
export interface ZoneLiftingRule {
  daysWithoutNewCase: number;
}

/** Whether a zone may be lifted on `onDay`, and from which day it may. */
export interface LiftCheck {
  allowed: boolean;
  /** The day counting starts from: the last case reported in the zone since it started, else its start. */
  since: string;
  daysWithoutCase: number;
  /** The first day the zone may be lifted if no new case is reported. */
  earliestOn: string;
}

/**
 * May a zone that started on `startsOn`, whose last case (reported in its communes on or after the
 * start) was on `lastCaseOn` (null: none), be lifted on `onDay` under `rule`?
 */
export function liftCheck(
  zone: { startsOn: string; lastCaseOn: string | null },
  onDay: string,
  rule: ZoneLiftingRule,
): LiftCheck {
  const since = zone.lastCaseOn !== null && zone.lastCaseOn > zone.startsOn ? zone.lastCaseOn : zone.startsOn;
  const earliestOn = addDays(since, rule.daysWithoutNewCase);
  return {
    allowed: onDay >= earliestOn,
    since,
    daysWithoutCase: Math.max(0, daysBetween(since, onDay)),
    earliestOn,
  };
}

/** Longest testing round, in days. */
export const MAX_ROUND_DAYS = 14;

/** Why a round's dates are refused (an i18n key under `zones.round.`), or null. */
export function roundDatesProblem(
  round: { startsOn: string; endsOn: string },
  zone: { startsOn: string; status: 'active' | 'lifted' },
): 'endsBeforeStart' | 'tooLong' | 'beforeZone' | 'lifted' | null {
  if (zone.status === 'lifted') return 'lifted';
  if (round.startsOn < zone.startsOn) return 'beforeZone';
  if (round.endsOn < round.startsOn) return 'endsBeforeStart';
  if (daysBetween(round.startsOn, round.endsOn) + 1 > MAX_ROUND_DAYS) return 'tooLong';
  return null;
}

/** Share tested as a whole percentage (0 when nobody is to be tested). */
export function percentOf(part: number, whole: number): number {
  return whole <= 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}

/** Value of policy `zone.pooling`: how a round pools by default and the size of a cluster. */
export interface ZonePoolingRule {
  defaultBy: 'household' | 'cluster';
  clusterSize: number;
}
