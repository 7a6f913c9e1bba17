/**
 * Health-form slots and alert escalation (policy `quarantine.alertEscalation`), pure: the slots an
 * order's forms are due in (local times of the province through the one clock), how many of the
 * latest slots were missed in a row, and where an unacknowledged alert must go next.
 */
import { addDays, daysBetween, localTime } from '../time/clock.ts';
import type { AlertEscalationRule } from './types.ts';

/** One form slot: a form submitted between `opensAt` and `dueBy` fills it. */
export interface FormSlot {
  day: string;
  index: number;
  opensAt: Date;
  dueBy: Date;
}

const hm = (s: string): [number, number] => {
  const [h, m] = s.split(':').map(Number) as [number, number];
  return [h, m];
};

/** The slots from `firstDay` to `lastDay` (inclusive) whose opening is not before `from`. */
export function formSlots(
  rule: AlertEscalationRule,
  firstDay: string,
  lastDay: string,
  from: Date,
): FormSlot[] {
  const out: FormSlot[] = [];
  const n = daysBetween(firstDay, lastDay);
  for (let i = 0; i <= n; i++) {
    const day = addDays(firstDay, i);
    rule.formSlots.forEach((s, index) => {
      const opensAt = localTime(day, ...hm(s.opensAt));
      if (opensAt >= from) out.push({ day, index, opensAt, dueBy: localTime(day, ...hm(s.dueBy)) });
    });
  }
  return out;
}

/** The slot open at `now` or next to open (null: none left). */
export function currentSlot(slots: readonly FormSlot[], now: Date): FormSlot | null {
  return slots.find((s) => s.dueBy > now) ?? null;
}

/**
 * How many of the latest slots already due (`dueBy` ≤ now) were missed in a row, and the first of
 * that run (the alert's key: one alert per run of missed forms).
 */
export function missedRun(
  slots: readonly FormSlot[],
  submittedAt: readonly Date[],
  now: Date,
): { count: number; first: FormSlot | null } {
  const due = slots.filter((s) => s.dueBy <= now);
  let count = 0;
  let first: FormSlot | null = null;
  for (let i = due.length - 1; i >= 0; i--) {
    const s = due[i]!;
    if (submittedAt.some((t) => t >= s.opensAt && t <= s.dueBy)) break;
    count++;
    first = s;
  }
  return { count, first };
}

/** Levels an alert goes through. */
export type AlertLevel = 'commune' | 'district' | 'province';

/** An alert as escalation sees it. */
export interface AlertState {
  level: AlertLevel;
  /** When it reached its current level. */
  levelSince: Date;
  acknowledged: boolean;
  /** The place has a district (since 1/7/2025 there is none: the commune goes to the province). */
  hasDistrict: boolean;
}

/** The level an unacknowledged alert must go to at `now`, or null when it stays. */
export function escalationDue(rule: AlertEscalationRule, alert: AlertState, now: Date): AlertLevel | null {
  if (alert.acknowledged || alert.level === 'province') return null;
  const minutes = alert.level === 'commune' ? rule.communeMinutes : rule.districtMinutes;
  if (now.getTime() - alert.levelSince.getTime() < minutes * 60_000) return null;
  return alert.level === 'commune' && alert.hasDistrict ? 'district' : 'province';
}
