/**
 * Planted near-duplicates: a second record of an existing person with the variations real data
 * entry produces. The mix (weights below) and the rules that keep every duplicate findable:
 *
 * - 1 variation (45 %), 2 (35 %) or 3 (20 %), drawn without replacement by weight among those
 *   that apply to the person (e.g. day/month swap only when day ≤ 12 and day ≠ month; phone
 *   variations only for people with a phone; CMND-instead-of-CCCD only for people with both).
 * - Exclusive pairs: NFD vs upper-case ASCII; upper-case ASCII vs tone placement (it strips tones);
 *   typo vs missing middle name; +84 vs missing phone; ID missing vs CMND instead of CCCD;
 *   ID missing vs phone missing.
 * - Findability: of the four anchors (an ID, the phone, the name up to accents/case, the exact DOB)
 *   at least two must survive, and at least one of name and DOB. So typo (or missing middle name)
 *   + DOB swap never happen together, and a child without ID or phone only gets encoding, tone
 *   or address variations.
 */
import { foldText } from '@epilink/core';
import type { Rng } from './rng.ts';
import { swapTonePlacement } from './names.ts';
import type { DemoPerson, DuplicateVariation } from './types.ts';

/** Relative weights of the variations. */
export const VARIATION_WEIGHTS: Readonly<Record<DuplicateVariation, number>> = {
  name_nfd: 10,
  name_ascii_upper: 14,
  name_tone_placement: 30,
  name_typo: 10,
  name_missing_middle: 7,
  dob_day_month_swap: 7,
  phone_plus84: 10,
  phone_missing: 9,
  id_missing: 11,
  cmnd_instead_of_cccd: 6,
  address_format: 15,
};

const ALL = Object.keys(VARIATION_WEIGHTS) as DuplicateVariation[];

const EXCLUSIVE: readonly (readonly [DuplicateVariation, DuplicateVariation])[] = [
  ['name_nfd', 'name_ascii_upper'],
  ['name_ascii_upper', 'name_tone_placement'],
  ['name_typo', 'name_missing_middle'],
  ['phone_plus84', 'phone_missing'],
  ['id_missing', 'cmnd_instead_of_cccd'],
  ['id_missing', 'phone_missing'],
];

function applicable(p: DemoPerson, v: DuplicateVariation): boolean {
  switch (v) {
    case 'name_nfd':
      return p.fullName.normalize('NFD') !== p.fullName;
    case 'name_tone_placement':
      return swapTonePlacement(p.fullName) !== p.fullName;
    case 'name_missing_middle':
      return p.fullName.split(' ').length >= 3;
    case 'dob_day_month_swap': {
      const month = Number(p.dateOfBirth.slice(5, 7));
      const day = Number(p.dateOfBirth.slice(8, 10));
      return day <= 12 && day !== month;
    }
    case 'phone_plus84':
    case 'phone_missing':
      return p.phone !== null;
    case 'id_missing':
      return p.cccd !== null || p.cmnd !== null || p.passport !== null;
    case 'cmnd_instead_of_cccd':
      return p.cccd !== null && p.cmnd !== null;
    case 'name_ascii_upper':
    case 'name_typo':
    case 'address_format':
      return true;
  }
}

/** Whether a set of variations leaves the duplicate findable (see the module comment). */
export function isFindable(p: DemoPerson, vs: ReadonlySet<DuplicateVariation>): boolean {
  const id = (p.cccd !== null || p.cmnd !== null || p.passport !== null) && !vs.has('id_missing');
  const phone = p.phone !== null && !vs.has('phone_missing');
  const name = !vs.has('name_typo') && !vs.has('name_missing_middle');
  const dob = !vs.has('dob_day_month_swap');
  const anchors = Number(id) + Number(phone) + Number(name) + Number(dob);
  return anchors >= 2 && (name || dob);
}

/** Choose the variations for a duplicate of `p` (never empty: 'address_format' always applies). */
export function chooseVariations(rng: Rng, p: DemoPerson): DuplicateVariation[] {
  const r = rng.next();
  const count = r < 0.45 ? 1 : r < 0.8 ? 2 : 3;
  const chosen = new Set<DuplicateVariation>();
  let candidates = ALL.filter((v) => applicable(p, v));
  while (chosen.size < count && candidates.length > 0) {
    const v = rng.weighted(
      candidates,
      candidates.map((c) => VARIATION_WEIGHTS[c]),
    );
    candidates = candidates.filter((c) => c !== v);
    const next = new Set(chosen).add(v);
    const clash = EXCLUSIVE.some(([a, b]) => next.has(a) && next.has(b));
    if (!clash && isFindable(p, next)) chosen.add(v);
  }
  if (chosen.size === 0) chosen.add('address_format');
  return ALL.filter((v) => chosen.has(v));
}

/** Southern spelling confusions (initial v/d/gi, tr/ch, s/x; final n/ng, t/c). */
const CONFUSIONS: readonly (readonly [RegExp, string])[] = [
  [/^V/u, 'D'],
  [/^Gi/u, 'D'],
  [/^D/u, 'V'],
  [/^Tr/u, 'Ch'],
  [/^Ch/u, 'Tr'],
  [/^S/u, 'X'],
  [/^X/u, 'S'],
  [/ng$/u, 'n'],
  [/([^g])n$/u, '$1ng'],
  [/t$/u, 'c'],
  [/([^n])c$/u, '$1t'],
];

/** One realistic keying or spelling error in one word (never returns the word unchanged). */
export function typo(rng: Rng, word: string): string {
  const chars = Array.from(word);
  for (let attempt = 0; attempt < 8; attempt++) {
    const op = rng.int(0, 3);
    let out = word;
    if (op === 0) {
      const options = CONFUSIONS.filter(([re]) => re.test(word));
      if (options.length > 0) {
        const [re, rep] = rng.pick(options);
        out = word.replace(re, rep);
      }
    } else if (op === 1 && chars.length >= 3) {
      const i = rng.int(1, chars.length - 1);
      out = [...chars.slice(0, i), ...chars.slice(i + 1)].join('');
    } else if (op === 2) {
      const i = rng.int(1, chars.length - 1);
      out = [...chars.slice(0, i), chars[i - 1]!, ...chars.slice(i)].join('');
    } else if (chars.length >= 3) {
      const i = rng.int(1, chars.length - 2);
      out = [...chars.slice(0, i), chars[i + 1]!, chars[i]!, ...chars.slice(i + 2)].join('');
    }
    if (out !== word && out.length > 0) return out;
  }
  return `${word}${chars[chars.length - 1] ?? 'a'}`;
}

/** Re-format an address the way another clerk would type it. */
export function reformatAddress(rng: Rng, address: string): string {
  const style = rng.int(0, 3);
  switch (style) {
    case 0:
      return address
        .replace(/^Số /u, '')
        .replace(/Khu phố /gu, 'KP')
        .replace(/Ấp /gu, 'ấp ')
        .replace(/Phường /gu, 'P.')
        .replace(/Xã /gu, 'X.')
        .replace(/Thị trấn /gu, 'TT.')
        .replace(/Huyện /gu, 'H.')
        .replace(/Thành phố /gu, 'TP.');
    case 1: {
      const parts = address.split(', ');
      return parts.slice(0, -1).join(', ').toLowerCase();
    }
    case 2:
      return foldText(address);
    default:
      return address.split(', ').join(' - ');
  }
}

/** Build the duplicate record of `original` under a new key, applying `variations`. */
export function makeDuplicate(
  rng: Rng,
  original: DemoPerson,
  key: string,
  variations: readonly DuplicateVariation[],
): DemoPerson {
  const vs = new Set(variations);
  let words = original.fullName.split(' ');
  if (vs.has('name_missing_middle')) words = [words[0]!, words[words.length - 1]!];
  if (vs.has('name_typo')) {
    // Mostly the given name, sometimes the family name.
    const i = rng.chance(0.75) ? words.length - 1 : 0;
    words = words.map((w, j) => (j === i ? typo(rng, w) : w));
  }
  let fullName = words.join(' ');
  if (vs.has('name_tone_placement')) fullName = swapTonePlacement(fullName);
  if (vs.has('name_ascii_upper')) fullName = foldText(fullName).toUpperCase();
  if (vs.has('name_nfd')) fullName = fullName.normalize('NFD');

  const d = original.dateOfBirth;
  const dateOfBirth = vs.has('dob_day_month_swap')
    ? `${d.slice(0, 4)}-${d.slice(8, 10)}-${d.slice(5, 7)}`
    : d;

  let phone = original.phone;
  if (phone !== null && vs.has('phone_plus84')) phone = `+84${phone.slice(1)}`;
  if (vs.has('phone_missing')) phone = null;

  const idMissing = vs.has('id_missing');
  return {
    ...original,
    key,
    fullName,
    dateOfBirth,
    cccd: idMissing || vs.has('cmnd_instead_of_cccd') ? null : original.cccd,
    cmnd: idMissing ? null : original.cmnd,
    passport: idMissing ? null : original.passport,
    phone,
    address: vs.has('address_format') ? reformatAddress(rng, original.address) : original.address,
    duplicateOf: original.key,
    namesakeOf: null,
    variations: [...variations],
  };
}
