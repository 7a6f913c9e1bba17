/**
 * Adverse events following immunisation (AEFI). Two separate questions (WHO):
 *  - severity: how intense the event is (mild, moderate, severe);
 *  - seriousness: whether it meets a criterion that makes it *serious* (death, life-threatening,
 *    hospitalisation, disability); a severe headache is not serious, a mild event that
 *    needed hospital care is.
 * A cluster is two or more reports of the SAME event related in time and in place or lot:
 * onsets within `windowDays` of each other, and the same vaccine lot or the same commune. The
 * thresholds are policy (`aefi.clusterRule`); these are the defaults.
 */
import { foldText } from '../text/normalize.ts';

/** Intensity of an AEFI. */
export const AEFI_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type AefiSeverity = (typeof AEFI_SEVERITIES)[number];

/** WHO seriousness criteria: any one makes the event serious. */
export const AEFI_SERIOUS_CRITERIA = ['death', 'life_threatening', 'hospitalisation', 'disability'] as const;
export type AefiSeriousCriterion = (typeof AEFI_SERIOUS_CRITERIA)[number];

/** True when the event meets at least one seriousness criterion (whatever its severity). */
export function isSeriousAefi(criteria: readonly AefiSeriousCriterion[]): boolean {
  return criteria.length > 0;
}

/** Thresholds of the cluster rule (policy `aefi.clusterRule`). */
export interface AefiClusterRule {
  /** Reports of the same event needed for a cluster (WHO: two or more). */
  minReports: number;
  /** Onsets at most this many days apart are related in time. */
  windowDays: number;
  /** What relates reports in place: the same lot, the same commune of the vaccinee. */
  relatedBy: ('lot' | 'commune')[];
}
export const DEFAULT_AEFI_CLUSTER_RULE: AefiClusterRule = {
  minReports: 2,
  windowDays: 14,
  relatedBy: ['lot', 'commune'],
};

/** One AEFI report as the cluster rule sees it. */
export interface AefiEventRecord {
  id: string;
  /** The reported events (terms, e.g. "sốc phản vệ", "viêm cơ tim"); compared tone-insensitively. */
  symptoms: readonly string[];
  onsetDate: string;
  lotId: string | null;
  communeCode: string | null;
}

/** A cluster found around a report. */
export interface AefiCluster {
  /** The shared event (folded term). */
  event: string;
  relatedBy: 'lot' | 'commune';
  reportIds: string[];
}

const dayOf = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/** The event key of a reported term: folded, single spaces ("Sốc phản vệ " → "soc phan ve"). */
export function aefiEventKey(term: string): string {
  return foldText(term);
}

/**
 * The cluster `report` belongs to, if any: for each of its events and each relation of the rule
 * (lot first), the reports (itself included) with the same event, onset within `windowDays` of
 * its own, and the same lot / commune; a cluster when there are at least `minReports`.
 */
export function findAefiCluster(
  report: AefiEventRecord,
  others: readonly AefiEventRecord[],
  rule: AefiClusterRule = DEFAULT_AEFI_CLUSTER_RULE,
): AefiCluster | null {
  const day = dayOf(report.onsetDate);
  const events = [...new Set(report.symptoms.map(aefiEventKey))].filter((e) => e !== '');
  for (const relatedBy of rule.relatedBy) {
    const key = relatedBy === 'lot' ? report.lotId : report.communeCode;
    if (key === null) continue;
    for (const event of events) {
      const ids = [report.id];
      for (const o of others) {
        if (o.id === report.id) continue;
        if ((relatedBy === 'lot' ? o.lotId : o.communeCode) !== key) continue;
        if (Math.abs(dayOf(o.onsetDate) - day) > rule.windowDays) continue;
        if (!o.symptoms.some((s) => aefiEventKey(s) === event)) continue;
        ids.push(o.id);
      }
      if (ids.length >= rule.minReports) return { event, relatedBy, reportIds: ids };
    }
  }
  return null;
}
