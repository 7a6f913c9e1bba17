/**
 * A district's, health area's or province's level from the levels of its communes, by the
 * aggregation policy in force (pure).
 */
import type { EpidemicLevel } from '../policy/values.ts';
import { toLevel } from './commune.ts';
import type { AggregateLevelResult, AggregateMember, EpidemicLevelAggregation } from './types.ts';

/**
 * Share of communes: every rule whose share (or count) of communes at or above its commune level
 * is reached proposes its level; the highest wins (level 1 when none matches). Population-weighted:
 * the mean of the communes' levels weighted by population (plain mean where no population is
 * known), rounded half up. An empty unit is level 1.
 */
export function aggregateLevel(
  members: readonly AggregateMember[],
  rule: EpidemicLevelAggregation,
): AggregateLevelResult {
  const byLevel: [number, number, number, number] = [0, 0, 0, 0];
  for (const m of members) byLevel[m.level - 1]! += 1;
  const n = members.length;
  const out = { communes: n, communesByLevel: byLevel, decidingCriterion: 'aggregation' as const };
  if (n === 0) return { ...out, level: 1, ruleIndex: null };
  if (rule.method === 'populationWeighted') {
    const weight = members.reduce((s, m) => s + (m.population ?? 0), 0);
    const mean =
      weight > 0
        ? members.reduce((s, m) => s + m.level * (m.population ?? 0), 0) / weight
        : members.reduce((s, m) => s + m.level, 0) / n;
    return { ...out, level: toLevel(Math.floor(mean + 0.5)), ruleIndex: null };
  }
  let level: EpidemicLevel = 1;
  let ruleIndex: number | null = null;
  rule.rules.forEach((r, i) => {
    const count = members.filter((m) => m.level >= r.communeLevelAtLeast).length;
    const matched =
      (r.minShare !== undefined && count > 0 && count / n >= r.minShare) ||
      (r.minCount !== undefined && count >= r.minCount);
    if (matched && (ruleIndex === null || r.level > level)) {
      level = r.level;
      ruleIndex = i;
    }
  });
  return { ...out, level, ruleIndex };
}
