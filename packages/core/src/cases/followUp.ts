/**
 * Follow-up of a contact: one check a day for the monitoring period (policy
 * `followUp.monitoringDays`) after the last exposure.
 */
import { addDays } from '../vaccination/schedule.ts';

/** The due dates of the daily follow-ups, the day after exposure through the last monitoring day. */
export function followUpSchedule(exposureDate: string, monitoringDays: number): string[] {
  const out: string[] = [];
  for (let d = 1; d <= monitoringDays; d++) out.push(addDays(exposureDate, d));
  return out;
}

/** The last day of monitoring (exposure date + monitoring days). */
export function monitoringUntil(exposureDate: string, monitoringDays: number): string {
  return addDays(exposureDate, monitoringDays);
}
