/**
 * Adverse events following immunisation (AEFI): severity classes (WHO) and the lot cluster rule.
 */

/** Severity of an AEFI; "serious" ones (WHO definition) are the last three. */
export const AEFI_SEVERITIES = ['mild', 'moderate', 'severe', 'life_threatening', 'death'] as const;
export type AefiSeverity = (typeof AEFI_SEVERITIES)[number];

/** True for WHO "serious" AEFI (hospitalisation, life-threatening, death). */
export function isSeriousAefi(severity: AefiSeverity): boolean {
  return severity === 'severe' || severity === 'life_threatening' || severity === 'death';
}

/** Thresholds of the cluster rule (policy data; these are the defaults). */
export interface AefiClusterRule {
  windowDays: number;
  minReports: number;
  minSerious: number;
}
export const DEFAULT_AEFI_CLUSTER_RULE: AefiClusterRule = { windowDays: 14, minReports: 5, minSerious: 2 };

/**
 * Whether the events on one lot form a cluster: within the last `windowDays` before `asOf`, at
 * least `minReports` events or at least `minSerious` serious ones.
 */
export function isAefiCluster(
  events: readonly { onsetDate: string; severity: AefiSeverity }[],
  asOf: string,
  rule: AefiClusterRule = DEFAULT_AEFI_CLUSTER_RULE,
): boolean {
  const from = new Date(Date.parse(`${asOf}T00:00:00Z`) - rule.windowDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const recent = events.filter((e) => e.onsetDate > from && e.onsetDate <= asOf);
  return (
    recent.length >= rule.minReports ||
    recent.filter((e) => isSeriousAefi(e.severity)).length >= rule.minSerious
  );
}
