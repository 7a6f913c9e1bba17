/**
 * Pair scoring for "one record per human" (Fellegi–Sunter style).
 *
 * Hard rules first: the same CCCD, CMND or passport number → match (score 1); two different
 * CCCDs → distinct (score 0). Otherwise each compared field adds an agreement or disagreement
 * weight (an approximate log-likelihood ratio, see {@link LINK_WEIGHTS}); unknown fields add 0.
 * The total weight W maps to a score by a logistic curve centred on {@link REVIEW_WEIGHT}:
 * score = 1 / (1 + e^-((W - 6) / 2.73)), so W = 6 → 0.5 (review) and W = 12 → 0.9 (match).
 * Examples: same folded name + same DOB + same sex = 12.5 → match; same name, no DOB = 6.5 →
 * review; same name, DOB in another year = 0.5 → distinct.
 *
 * Name agreement is weighted by how common the name is (Fellegi–Sunter: the weight of agreeing
 * on a value grows with log(m/u), u = the value's share of the registry). When the caller has
 * set `nameU` on the prepared records (the server reads it from its name-frequency table), a
 * name agreement gains or loses {@link nameFrequencyWeight}(u): "Nguyễn Thị Thủy" agreeing says
 * much less than a rare name agreeing. Names are compared as a token set too, so "Văn Hùng
 * Nguyễn" agrees with "Nguyễn Văn Hùng". A shared CCCD whose own sex/century/year digits
 * contradict either record (a child registered under a parent's number) is a review, not a match.
 */
import { jaroWinkler } from './jaro-winkler.ts';
import type { LinkRecord, PreparedLinkRecord } from './record.ts';
import { preparedRecord } from './record.ts';

/** Score at or above which a pair is the same person (merge without asking). */
export const LINKAGE_MATCH_THRESHOLD = 0.9;
/** Score at or above which a pair goes to a human for review. */
export const LINKAGE_REVIEW_THRESHOLD = 0.5;
/** Total weight that maps to a score of 0.5. */
export const REVIEW_WEIGHT = 6;
/** Logistic scale: weight REVIEW_WEIGHT + 6 maps to 0.9. */
export const WEIGHT_SCALE = 6 / Math.log(9);

/** Name similarity bands on Jaro–Winkler of folded full names. */
export const NAME_CLOSE_JW = 0.95;
export const NAME_SIMILAR_JW = 0.9;
export const NAME_WEAK_JW = 0.8;
/** Given names (last token) below this similarity, and not one edit apart, are different names. */
export const GIVEN_NAME_MIN_JW = 0.85;
export const ADDRESS_SIMILAR_JW = 0.9;

/**
 * The name share at which a name agreement weighs exactly its base weight (NAME_EXACT = 6):
 * about one person in 20,000, a name of ordinary rarity. Commoner names weigh less, rarer more.
 */
export const NAME_REFERENCE_U = 1 / 20_000;
/**
 * Prior strength of the u estimate, in records: a registry of N records with c carrying a name
 * gives u = (c + NAME_PRIOR_RECORDS × NAME_REFERENCE_U) / (N + NAME_PRIOR_RECORDS), so a small
 * or empty registry falls back to the reference share instead of calling every name common.
 */
export const NAME_PRIOR_RECORDS = 20_000;
/** Weight per halving of u (log2 units) and the bounds of the frequency adjustment. */
export const NAME_FREQUENCY_SCALE = 1;
export const NAME_FREQUENCY_MIN = -6;
export const NAME_FREQUENCY_MAX = 2;

/** The u-probability of a name from the registry's counts (see {@link NAME_PRIOR_RECORDS}). */
export function nameFrequencyU(count: number, total: number): number {
  return (
    (Math.max(0, count) + NAME_PRIOR_RECORDS * NAME_REFERENCE_U) / (Math.max(0, total) + NAME_PRIOR_RECORDS)
  );
}

/** The weight a name agreement gains (rare name, > 0) or loses (common name, < 0) for its u. */
export function nameFrequencyWeight(u: number): number {
  if (!(u > 0)) return 0;
  const w = NAME_FREQUENCY_SCALE * Math.log2(NAME_REFERENCE_U / u);
  return Math.min(NAME_FREQUENCY_MAX, Math.max(NAME_FREQUENCY_MIN, w));
}

/** Agreement / disagreement weights (≈ log-odds) per reason code. */
export const LINK_WEIGHTS = {
  NAME_EXACT: 6,
  // Same letters, different tones, both written with diacritics: another name (Thanh / Thành),
  // or a slip of the tone key; as weak as a one-letter difference.
  NAME_TONE_DIFFERENT: 3,
  // The same words in another order (family name last on entry, passport and foreign data).
  NAME_TOKENS_REORDERED: 5,
  // Vietnamese given names are short: one letter apart (Tân / Tâm) is weak evidence.
  NAME_CLOSE: 3,
  NAME_SIMILAR: 1.5,
  NAME_WEAK: 0,
  NAME_DIFFERENT: -6,
  DOB_EXACT: 6,
  DOB_DAY_MONTH_SWAPPED: 4,
  DOB_ONE_DIGIT: 1,
  DOB_SAME_YEAR: -3,
  DOB_DIFFERENT: -6,
  SEX_SAME: 0.5,
  SEX_DIFFERENT: -3,
  PHONE_SAME: 5,
  PHONE_DIFFERENT: -1,
  COMMUNE_SAME: 2,
  // Within a province the commune discriminates strongly: another commune needs corroboration.
  COMMUNE_DIFFERENT: -4,
  ADDRESS_SAME: 2,
  ADDRESS_SIMILAR: 0.5,
  // Both addresses start with a house number and the numbers differ: another household.
  ADDRESS_DIFFERENT: -3,
  ID_DIFFERENT_CMND: -6,
  ID_DIFFERENT_PASSPORT: -2,
} as const;

/** Why a pair scored as it did; hard-rule codes have no weight. */
export type LinkReason =
  | keyof typeof LINK_WEIGHTS
  | 'ID_SAME_CCCD'
  | 'ID_SAME_CMND'
  | 'ID_SAME_PASSPORT'
  | 'ID_DIFFERENT_CCCD'
  // The shared CCCD's digits contradict a record's sex or year of birth: review, never merge.
  | 'CCCD_CONTRADICTS_RECORD'
  // Name-frequency adjustment of a name agreement (weight from nameFrequencyWeight).
  | 'NAME_COMMON'
  | 'NAME_RARE'
  // Set by the caller: two or more candidates reached the match threshold.
  | 'MATCH_TIE';

export type LinkDecision = 'match' | 'review' | 'distinct';

export interface PairScore {
  score: number;
  decision: LinkDecision;
  reasons: LinkReason[];
}

/** Thresholds on the score; the `linkage.thresholds` policy carries the same shape. */
export interface LinkThresholds {
  match: number;
  review: number;
}

const DEFAULT_THRESHOLDS: LinkThresholds = {
  match: LINKAGE_MATCH_THRESHOLD,
  review: LINKAGE_REVIEW_THRESHOLD,
};

/** True when a and b differ by at most one insertion, deletion or substitution. */
function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < la && j < lb) {
    if (a.charCodeAt(i) === b.charCodeAt(j)) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (la > lb) i++;
    else if (lb > la) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (la - i) + (lb - j) <= 1;
}

function compareName(a: PreparedLinkRecord, b: PreparedLinkRecord): LinkReason | null {
  if (a.name === '' || b.name === '') return null;
  if (a.name === b.name) {
    return a.tonedName !== '' && b.tonedName !== '' && a.tonedName !== b.tonedName
      ? 'NAME_TONE_DIFFERENT'
      : 'NAME_EXACT';
  }
  if (a.nameTokenCount > 1 && a.nameSet === b.nameSet) return 'NAME_TOKENS_REORDERED';
  if (
    a.given !== '' &&
    b.given !== '' &&
    a.given !== b.given &&
    !withinOneEdit(a.given, b.given) &&
    jaroWinkler(a.given, b.given) < GIVEN_NAME_MIN_JW
  ) {
    return 'NAME_DIFFERENT';
  }
  let sim = jaroWinkler(a.name, b.name);
  if (a.nameTokenCount !== b.nameTokenCount && sim < NAME_CLOSE_JW) {
    // A missing middle name: compare family + given only, a little below a full agreement.
    const short = 0.98 * jaroWinkler(a.shortName, b.shortName);
    if (short > sim) sim = short;
  }
  if (sim >= NAME_CLOSE_JW) return 'NAME_CLOSE';
  if (sim >= NAME_SIMILAR_JW) return 'NAME_SIMILAR';
  if (sim >= NAME_WEAK_JW) return 'NAME_WEAK';
  return 'NAME_DIFFERENT';
}

function compareDob(a: PreparedLinkRecord, b: PreparedLinkRecord): LinkReason | null {
  const da = a.dobDigits;
  const db = b.dobDigits;
  if (da === '' || db === '') return null;
  if (da === db) return 'DOB_EXACT';
  if (a.year === b.year && a.day === b.month && a.month === b.day) return 'DOB_DAY_MONTH_SWAPPED';
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < 8; i++) {
    if (da.charCodeAt(i) !== db.charCodeAt(i)) {
      if (diffs === 0) first = i;
      diffs++;
    }
  }
  if (diffs === 1) return 'DOB_ONE_DIGIT';
  if (
    diffs === 2 &&
    da.charCodeAt(first) === db.charCodeAt(first + 1) &&
    da.charCodeAt(first + 1) === db.charCodeAt(first)
  ) {
    return 'DOB_ONE_DIGIT'; // two adjacent digits transposed (1990 → 1909)
  }
  return a.year === b.year ? 'DOB_SAME_YEAR' : 'DOB_DIFFERENT';
}

/** Name agreements whose weight follows the name's frequency. */
const FREQUENCY_WEIGHTED: ReadonlySet<LinkReason> = new Set<LinkReason>([
  'NAME_EXACT',
  'NAME_TONE_DIFFERENT',
  'NAME_TOKENS_REORDERED',
  'NAME_CLOSE',
]);

/** Map a total weight to a score in [0, 1]. */
export function weightToScore(weight: number): number {
  return 1 / (1 + Math.exp(-(weight - REVIEW_WEIGHT) / WEIGHT_SCALE));
}

/** Score two prepared records (the hot path; see {@link scorePair} for plain records). */
export function scorePrepared(
  a: PreparedLinkRecord,
  b: PreparedLinkRecord,
  thresholds: LinkThresholds = DEFAULT_THRESHOLDS,
): PairScore {
  if (a.cccd !== '' && a.cccd === b.cccd) {
    if (a.cccdContradicts || b.cccdContradicts) {
      return {
        score: (thresholds.match + thresholds.review) / 2,
        decision: 'review',
        reasons: ['ID_SAME_CCCD', 'CCCD_CONTRADICTS_RECORD'],
      };
    }
    return { score: 1, decision: 'match', reasons: ['ID_SAME_CCCD'] };
  }
  if (a.cmnd !== '' && a.cmnd === b.cmnd) return { score: 1, decision: 'match', reasons: ['ID_SAME_CMND'] };
  if (a.passport !== '' && a.passport === b.passport) {
    return { score: 1, decision: 'match', reasons: ['ID_SAME_PASSPORT'] };
  }
  if (a.cccd !== '' && b.cccd !== '')
    return { score: 0, decision: 'distinct', reasons: ['ID_DIFFERENT_CCCD'] };

  const reasons: LinkReason[] = [];
  let w = 0;
  const add = (r: LinkReason | null): void => {
    if (r === null) return;
    reasons.push(r);
    w += LINK_WEIGHTS[r as keyof typeof LINK_WEIGHTS];
  };
  if (a.cmnd !== '' && b.cmnd !== '') add('ID_DIFFERENT_CMND');
  if (a.passport !== '' && b.passport !== '') add('ID_DIFFERENT_PASSPORT');
  const nameReason = compareName(a, b);
  add(nameReason);
  if (nameReason !== null && FREQUENCY_WEIGHTED.has(nameReason)) {
    const u = Math.max(a.nameU ?? 0, b.nameU ?? 0);
    const adjust = nameFrequencyWeight(u);
    if (adjust !== 0) {
      reasons.push(adjust < 0 ? 'NAME_COMMON' : 'NAME_RARE');
      w += adjust;
    }
  }
  add(compareDob(a, b));
  if (a.sex !== null && b.sex !== null) add(a.sex === b.sex ? 'SEX_SAME' : 'SEX_DIFFERENT');
  if (a.phone !== '' && b.phone !== '') add(a.phone === b.phone ? 'PHONE_SAME' : 'PHONE_DIFFERENT');
  if (a.commune !== '' && b.commune !== '')
    add(a.commune === b.commune ? 'COMMUNE_SAME' : 'COMMUNE_DIFFERENT');
  if (a.address !== '' && b.address !== '') {
    if (a.address === b.address) add('ADDRESS_SAME');
    else if (a.houseNumber !== '' && b.houseNumber !== '' && a.houseNumber !== b.houseNumber)
      add('ADDRESS_DIFFERENT');
    else if (jaroWinkler(a.address, b.address) >= ADDRESS_SIMILAR_JW) add('ADDRESS_SIMILAR');
  }
  const score = weightToScore(w);
  const decision: LinkDecision =
    score >= thresholds.match ? 'match' : score >= thresholds.review ? 'review' : 'distinct';
  return { score, decision, reasons };
}

/**
 * Score whether two person records describe the same human: a score in [0, 1], a decision
 * (match / review / distinct) and the reason codes behind it. Records are prepared once and
 * cached per object, so scoring one record against many candidates stays cheap.
 */
export function scorePair(a: LinkRecord, b: LinkRecord, thresholds?: LinkThresholds): PairScore {
  return scorePrepared(preparedRecord(a), preparedRecord(b), thresholds);
}
