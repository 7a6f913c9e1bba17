/** Choosing the candidate an incoming record links to. */
import { scorePrepared } from '@epilink/core';
import type { LinkThresholds, PairScore, PreparedLinkRecord } from '@epilink/core';

/**
 * The best-scoring candidate that is not distinct from `rec`, among the records sharing one of
 * its blocking keys. When two or more candidates reach the match threshold the record is
 * ambiguous (namesakes, or a family sharing a number): the best is returned as a review with the
 * reason `MATCH_TIE`, never merged into "the first".
 */
export function bestCandidate(
  rec: PreparedLinkRecord,
  keys: readonly string[],
  byKey: ReadonlyMap<string, readonly PreparedLinkRecord[]>,
  thresholds: LinkThresholds | undefined,
): { id: string; score: PairScore } | null {
  const seen = new Set<string>();
  let best: { id: string; score: PairScore } | null = null;
  let matches = 0;
  for (const key of keys) {
    for (const cand of byKey.get(key) ?? []) {
      if (seen.has(cand.id)) continue;
      seen.add(cand.id);
      const s = scorePrepared(rec, cand, thresholds);
      if (s.decision === 'match') matches++;
      if (s.decision !== 'distinct' && (!best || s.score > best.score.score))
        best = { id: cand.id, score: s };
    }
  }
  if (best && matches >= 2) {
    return {
      id: best.id,
      score: { ...best.score, decision: 'review', reasons: [...best.score.reasons, 'MATCH_TIE'] },
    };
  }
  return best;
}
