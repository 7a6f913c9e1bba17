/**
 * Jaro–Winkler string similarity, allocation-free: the match flags live in module-level buffers
 * that grow to the longest string seen, so scoring millions of pairs creates no garbage.
 */

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Winkler's prefix scale and the longest common prefix it rewards (standard values). */
const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;

/**
 * Jaro–Winkler similarity of two strings in [0, 1] (1 = identical). Compare folded text
 * (see `foldText`) so that case and diacritics do not count as differences.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = i + window + 1 < lb ? i + window + 1 : lb;
    const ca = a.charCodeAt(i);
    for (let j = lo; j < hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === ca) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(MAX_PREFIX, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * PREFIX_SCALE * (1 - jaro);
}
